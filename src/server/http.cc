// Request/Response helpers and the Router. No networking here: handlers and
// routing are testable without a socket.
#include "server/http.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>

#include "server/internal.h"

namespace glexia::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {}. A trailing slash yields an
// empty last segment so "/x/" and "/x" stay distinct routes.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path == "/") return segments;
  size_t start = path.front() == '/' ? 1 : 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      break;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

// Specificity of a match, compared lexicographically: literals ('3') beat
// parameters ('2'), which beat a rest capture ('1'), segment by segment.
// Short enough for the small-string buffer, so matching does not allocate.
using Specificity = std::string;

// Matches decoded path `segments` against `pattern` without allocating;
// captures go to `params` when it is not null.
bool MatchPattern(std::string_view pattern, const std::vector<std::string>& segments,
                  std::map<std::string, std::string>* params, Specificity* specificity) {
  specificity->clear();
  if (params != nullptr) params->clear();
  size_t i = 0;  // index into segments
  size_t pos = pattern.empty() || pattern.front() != '/' ? 0 : 1;
  if (pattern.size() <= 1) return segments.empty();
  while (true) {
    size_t slash = pattern.find('/', pos);
    std::string_view seg =
        pattern.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    bool last = slash == std::string_view::npos;
    bool is_capture = seg.size() >= 3 && seg.front() == '{' && seg.back() == '}';
    if (is_capture && seg[seg.size() - 2] == '*') {
      if (!last || i >= segments.size()) return false;
      std::string rest;
      for (size_t j = i; j < segments.size(); ++j) {
        if (j > i) rest += '/';
        rest += segments[j];
      }
      if (rest.empty()) return false;
      if (params != nullptr) (*params)[std::string(seg.substr(1, seg.size() - 3))] = std::move(rest);
      *specificity += '1';
      return true;
    }
    if (i >= segments.size()) return false;
    if (is_capture) {
      if (segments[i].empty()) return false;
      if (params != nullptr) (*params)[std::string(seg.substr(1, seg.size() - 2))] = segments[i];
      *specificity += '2';
    } else {
      if (segments[i] != seg) return false;
      *specificity += '3';
    }
    ++i;
    if (last) break;
    pos = slash + 1;
  }
  return i == segments.size();
}

std::string StatusReason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Server Error" : "Error";
  }
}

}  // namespace


std::string_view ReasonPhrase(int status) {
  static const std::map<int, std::string> cache = [] {
    std::map<int, std::string> m;
    for (int s : {400, 401, 403, 404, 405, 408, 409, 413, 414, 415, 422, 429, 431, 500, 501, 503}) {
      m[s] = StatusReason(s);
    }
    return m;
  }();
  auto it = cache.find(status);
  if (it != cache.end()) return it->second;
  return status >= 500 ? "Server Error" : "Error";
}

Response DefaultErrorPage(int status, std::string_view message) {
  std::string title = std::to_string(status) + " " + std::string(ReasonPhrase(status));
  std::string body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
                     "</title></head>\n<body><h1>" + title + "</h1>\n<p>" + EscapeHtml(message) +
                     "</p></body></html>\n";
  return Response::Html(status, std::move(body));
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

namespace {

void ParseQueryString(std::string_view query, std::vector<std::pair<std::string, std::string>>* out) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view piece = query.substr(start, amp - start);
    if (!piece.empty()) {
      size_t eq = piece.find('=');
      std::string_view key = eq == std::string_view::npos ? piece : piece.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
      out->emplace_back(PercentDecode(key, true), PercentDecode(value, true));
    }
    start = amp + 1;
  }
}

// The undecoded path part of a target.
std::string_view RawPath(std::string_view target) {
  size_t q = target.find_first_of("?#");
  return q == std::string_view::npos ? target : target.substr(0, q);
}

}  // namespace

bool ParseTarget(std::string_view target, Request* req) {
  if (target.empty() || target.front() != '/') return false;
  std::string_view raw_path = RawPath(target);
  req->path = PercentDecode(raw_path, false);
  if (req->path.find('\0') != std::string::npos) return false;
  req->query.clear();
  if (raw_path.size() < target.size() && target[raw_path.size()] == '?') {
    std::string_view query = target.substr(raw_path.size() + 1);
    size_t hash = query.find('#');
    if (hash != std::string_view::npos) query = query.substr(0, hash);
    ParseQueryString(query, &req->query);
  }
  return true;
}

std::string Request::Query(std::string_view key, std::string_view fallback) const {
  for (const auto& [k, v] : query) {
    if (k == key) return v;
  }
  return std::string(fallback);
}

std::vector<std::string> Request::QueryAll(std::string_view key) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : query) {
    if (k == key) values.push_back(v);
  }
  return values;
}

bool Request::HasQuery(std::string_view key) const {
  return std::any_of(query.begin(), query.end(), [&](const auto& kv) { return kv.first == key; });
}

std::string Request::Header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::Param(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

void Response::SetHeader(std::string name, std::string value) {
  if (EqualsIgnoreCase(name, "content-type")) {
    content_type = std::move(value);
    return;
  }
  for (auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response Response::Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Redirect(std::string location, int status) {
  Response r = Html(status, "<!doctype html>\n<p>Moved to <a href=\"" + EscapeHtml(location) + "\">" +
                                EscapeHtml(location) + "</a>.</p>\n");
  r.SetHeader("Location", std::move(location));
  return r;
}

void Router::Add(std::string method, std::string pattern, Handler handler, std::string summary) {
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(summary), std::move(handler)});
}

void Router::SetErrorRenderer(std::string prefix,
                              std::function<Response(const Request&, int status, std::string_view message)> r) {
  for (auto& [p, renderer] : renderers_) {
    if (p == prefix) {
      renderer = std::move(r);
      return;
    }
  }
  renderers_.emplace_back(std::move(prefix), std::move(r));
}

Response Router::Error(const Request& req, int status, std::string_view message) const {
  const std::function<Response(const Request&, int, std::string_view)>* best = nullptr;
  size_t best_length = 0;
  for (const auto& [prefix, renderer] : renderers_) {
    if (req.path.compare(0, prefix.size(), prefix) == 0 && (best == nullptr || prefix.size() > best_length)) {
      best = &renderer;
      best_length = prefix.size();
    }
  }
  if (best != nullptr) {
    try {
      return (*best)(req, status, message);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "glexia: error renderer for %s failed: %s\n", req.path.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "glexia: error renderer for %s failed\n", req.path.c_str());
    }
  }
  return DefaultErrorPage(status, message);
}

Response Router::Dispatch(Request& req) const {
  if (req.path.empty() && !req.target.empty() && !ParseTarget(req.target, &req)) {
    return Error(req, 400, "The request target is not a valid path.");
  }
  // Segments are split before decoding so an encoded "/" (%2F) stays inside
  // one parameter instead of changing the route.
  std::vector<std::string> segments;
  std::string_view raw = req.target.empty() ? std::string_view(req.path) : RawPath(req.target);
  bool decode = !req.target.empty();
  for (std::string_view seg : SplitPath(raw)) {
    segments.push_back(decode ? PercentDecode(seg, false) : std::string(seg));
  }

  const std::string& method = req.method;
  bool is_head = method == "HEAD";
  const Route* best = nullptr;
  Specificity best_spec;
  std::vector<std::string> allowed;
  Specificity spec;
  for (const Route& route : routes_) {
    if (!MatchPattern(route.pattern, segments, nullptr, &spec)) continue;
    if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) allowed.push_back(route.method);
    bool method_ok = route.method == method || (is_head && route.method == "GET");
    if (!method_ok) continue;
    // An explicit HEAD route beats the GET fallback at equal specificity.
    bool better = best == nullptr || spec > best_spec ||
                  (spec == best_spec && is_head && route.method == "HEAD" && best->method != "HEAD");
    if (better) {
      best = &route;
      best_spec = spec;
    }
  }
  if (best == nullptr) {
    if (allowed.empty()) return Error(req, 404, "No page or endpoint at " + req.path + ".");
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end() &&
        std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end()) {
      allowed.push_back("HEAD");
    }
    std::string allow;
    for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    Response r = Error(req, 405, "Method " + method + " is not allowed here; allowed: " + allow + ".");
    r.SetHeader("Allow", allow);
    return r;
  }
  MatchPattern(best->pattern, segments, &req.params, &spec);
  try {
    return best->handler(req);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glexia: handler for %s %s failed: %s\n", method.c_str(), req.path.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "glexia: handler for %s %s failed\n", method.c_str(), req.path.c_str());
  }
  return Error(req, 500, "Internal server error.");
}

std::string PercentEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace glexia::server
