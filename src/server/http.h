// HTTP vocabulary shared by the server and the layers that answer requests
// (api, web, taxii). Handlers are plain functions of Request → Response, so
// they can be tested without a socket.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glexia::server {

struct Request {
  std::string method;  // "GET", "HEAD", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // names lower-cased
  std::string body;
  std::string remote;  // peer address
  // Captures of the matched route pattern, by name ("id" for "/x/{id}").
  std::map<std::string, std::string> params;

  // First value of a query parameter, or `fallback`.
  std::string Query(std::string_view key, std::string_view fallback = "") const;
  // Every value of a repeated query parameter.
  std::vector<std::string> QueryAll(std::string_view key) const;
  bool HasQuery(std::string_view key) const;
  std::string Header(std::string_view lower_name) const;
  std::string Param(std::string_view name) const;
};

// Percent-decodes `text`; with plus_is_space, '+' becomes ' ' (query strings).
// Malformed escapes ("%zz", a trailing "%") are kept as they are.
// Percent-encodes everything but RFC 3986 unreserved characters, for query values.
std::string PercentEncode(std::string_view value);
std::string PercentDecode(std::string_view text, bool plus_is_space);
// Fills req->path and req->query from `target` ("/a%20b?x=1&y=a+b").
// False if the target is not origin-form ("/...") or its path decodes to a NUL.
bool ParseTarget(std::string_view target, Request* req);

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value);
  static Response Html(int status, std::string body);
  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body);
  static Response Redirect(std::string location, int status = 302);
};

using Handler = std::function<Response(const Request&)>;

// Routes "METHOD pattern" to handlers. A pattern is a path whose segments may
// be "{name}" (one segment) or, last, "{name*}" (the rest of the path).
// Thread-safe for Dispatch once routes are added (add all before serving).
class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    std::string summary;  // one line, for docs (OpenAPI)
    Handler handler;
  };

  void Add(std::string method, std::string pattern, Handler handler, std::string summary = "");
  // Renders errors (404 no route, 405 wrong method, ...) for paths under `prefix`;
  // the longest matching prefix wins. Default: a plain HTML page.
  void SetErrorRenderer(std::string prefix, std::function<Response(const Request&, int status, std::string_view message)> r);
  // Finds the route, fills req.params and calls it; 404/405 otherwise.
  // HEAD is answered by the GET route (the server drops the body).
  Response Dispatch(Request& req) const;
  // An error response rendered for the request's path prefix.
  Response Error(const Request& req, int status, std::string_view message) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::pair<std::string, std::function<Response(const Request&, int, std::string_view)>>> renderers_;
};

// Limits with their defaults; every one is a flag of `glexia serve`.
struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;       // 0 = pick a free port (tests)
  unsigned threads = 0;       // 0 = one per core
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  size_t max_target_bytes = 4096;  // longer request targets get 414
  unsigned read_timeout_ms = 10'000;   // whole request, headers and body
  unsigned write_timeout_ms = 10'000;
  unsigned idle_timeout_ms = 30'000;   // keep-alive between requests
  unsigned handler_timeout_ms = 10'000;  // reported in docs; handlers are bounded by design
  size_t max_connections = 1024;
  bool access_log = true;  // one line per request on stderr
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; after this, port() is the real port.
  bool Listen(std::string* error);
  uint16_t port() const;
  // Serves until Stop() or SIGTERM/SIGINT (when handle_signals); in-flight
  // requests finish, then Run returns.
  void Run(bool handle_signals);
  // Thread-safe; may be called from any thread or a signal-driven handler.
  void Stop();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace glexia::server
