// One HTTP/1.1 connection: reads requests under the limits and timeouts of
// ServerOptions, dispatches them, writes responses, keeps the connection alive.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <exception>

#include "server/internal.h"
#include "server/server_impl.h"

namespace glexia::server {
namespace {

constexpr std::string_view kHealthBody = "{\"status\":\"ok\"}";

bool HasHeader(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (beast::iequals(beast::string_view(n.data(), n.size()), beast::string_view(name.data(), name.size()))) return true;
  }
  return false;
}

// Request targets and methods come from the network; keep log lines one line.
std::string LogSafe(std::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", u);
      out += esc;
    } else {
      out += c;
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

bool IsTransportError(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == net::error::operation_aborted || ec == http::error::end_of_stream ||
         ec == http::error::partial_message ||
         ec == net::error::eof || ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec.category() == net::error::get_system_category();
}

}  // namespace

Session::Session(ServerState& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }
  server_.open_connections.fetch_add(1);
}

Session::~Session() {
  server_.Unregister(id_);
  server_.open_connections.fetch_sub(1);
}

void Session::Start() {
  id_ = server_.Register(shared_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(true); });
}

void Session::OnServerStop() {
  if (phase_ == Phase::kIdle) Close();
}

void Session::WaitForRequest(bool first) {
  phase_ = Phase::kIdle;
  if (server_.stopping.load()) return Close();
  if (buffer_.size() > 0) return ReadHeader();  // a pipelined request is already here
  // A fresh connection gets the request timeout to say anything at all; a
  // kept-alive one may sit idle longer between requests.
  auto wait = first ? server_.options.read_timeout_ms : server_.options.idle_timeout_ms;
  stream_.expires_after(std::chrono::milliseconds(wait));
  stream_.async_read_some(buffer_.prepare(4096), beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
}

void Session::OnFirstBytes(beast::error_code ec, size_t n) {
  if (ec) return Close();
  buffer_.commit(n);
  ReadHeader();
}

void Session::ReadHeader() {
  phase_ = Phase::kBusy;
  started_ = Clock::now();
  log_method_.clear();
  log_target_.clear();
  parser_.emplace();
  // The request line is bounded by max_target_bytes on its own, so the
  // parser's budget covers both and the finer checks follow in OnHeader.
  parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes + server_.options.max_target_bytes + 64));
  parser_->body_limit(server_.options.max_body_bytes);
  // One deadline for the whole request, headers and body: a client dribbling
  // bytes cannot extend it.
  stream_.expires_after(std::chrono::milliseconds(server_.options.read_timeout_ms));
  http::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
}

void Session::OnHeader(beast::error_code ec, size_t) {
  const ServerOptions& o = server_.options;
  // Beast fills the method and target as soon as the request line is parsed,
  // even when a later field then breaks a limit.
  const auto& partial = parser_->get();
  if (!partial.target().empty()) {
    log_method_ = std::string(partial.method_string());
    log_target_ = std::string(partial.target());
  }
  if (ec == http::error::header_limit) {
    if (partial.target().empty()) {
      // The request line itself did not fit: it is still in the buffer.
      std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
      std::string_view line = data.substr(0, data.find("\r\n"));
      size_t sp1 = line.find(' ');
      std::string_view target = sp1 == std::string_view::npos ? line : line.substr(sp1 + 1);
      target = target.substr(0, target.find(' '));
      log_method_ = std::string(line.substr(0, std::min<size_t>(sp1, 16)));
      // Enough of the target to pick the error renderer by path prefix.
      log_target_ = std::string(target.substr(0, 256));
      if (target.size() > o.max_target_bytes) return RejectRequest(414, "The request target is too long.");
    } else if (partial.target().size() > o.max_target_bytes) {
      return RejectRequest(414, "The request target is too long.");
    }
    return RejectRequest(431, "The request header fields are too large.");
  }
  if (ec == http::error::body_limit) {
    return RejectRequest(413, "The request body is larger than the server accepts.");
  }
  if (ec) {
    if (IsTransportError(ec)) return Close();
    return RejectRequest(400, "The request could not be parsed.");
  }
  const auto& header = parser_->get();
  if (header.target().size() > o.max_target_bytes) return RejectRequest(414, "The request target is too long.");
  size_t field_bytes = 0;
  for (const auto& field : header) field_bytes += field.name_string().size() + field.value().size() + 4;
  if (field_bytes > o.max_header_bytes) return RejectRequest(431, "The request header fields are too large.");

  if (parser_->is_done()) return Handle();
  if (beast::iequals(header[http::field::expect], "100-continue")) {
    // Clients that wait for permission before sending a body get it here;
    // the body limit was already checked against Content-Length.
    continue_ = std::make_shared<http::response<http::empty_body>>(http::status::continue_, header.version());
    stream_.expires_after(std::chrono::milliseconds(o.write_timeout_ms));
    http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code wec, size_t) {
      self->continue_.reset();
      if (wec) return self->Close();
      self->ReadBody();
    });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  // The request deadline keeps running from the first header byte.
  auto remaining = std::chrono::milliseconds(server_.options.read_timeout_ms) -
                   std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
  stream_.expires_after(std::max(remaining, std::chrono::milliseconds(1)));
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnBody, shared_from_this()));
}

void Session::OnBody(beast::error_code ec, size_t) {
  if (ec == http::error::body_limit) {
    return RejectRequest(413, "The request body is larger than the server accepts.");
  }
  if (ec) {
    if (IsTransportError(ec)) return Close();
    return RejectRequest(400, "The request body could not be read.");
  }
  Handle();
}

void Session::Handle() {
  auto& message = parser_->get();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.remote = remote_;
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, inserted] = request.headers.emplace(std::move(name), std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  request.body = std::move(message.body());
  bool keep_alive = message.keep_alive();
  bool head = request.method == "HEAD";

  Response response;
  if (!ParseTarget(request.target, &request)) {
    response = server_.router.Error(request, 400, "The request target is not a valid path.");
  } else if (request.path == "/healthz") {
    if (request.method == "GET" || head) {
      response = Response::Json(200, std::string(kHealthBody));
      response.SetHeader("Cache-Control", "no-store");
    } else {
      response = server_.router.Error(request, 405, "Method not allowed; allowed: GET, HEAD.");
      response.SetHeader("Allow", "GET, HEAD");
    }
  } else {
    try {
      response = server_.router.Dispatch(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "glexia: request %s failed: %s\n", LogSafe(request.target, 256).c_str(), e.what());
      response = DefaultErrorPage(500, "Internal server error.");
    } catch (...) {
      response = DefaultErrorPage(500, "Internal server error.");
    }
  }
  parser_.reset();
  Send(std::move(response), request, head, keep_alive);
}

void Session::RejectRequest(int status, std::string_view message) {
  Request request;
  request.method = log_method_;
  request.target = log_target_;
  bool head = request.method == "HEAD";
  request.remote = remote_;
  if (!ParseTarget(request.target, &request)) request.path.clear();
  Response response;
  try {
    response = server_.router.Error(request, status, message);
  } catch (...) {
    response = DefaultErrorPage(status, message);
  }
  parser_.reset();
  // The rest of the request is unread, so the connection cannot be reused.
  buffer_.consume(buffer_.size());
  Send(std::move(response), request, head, false);
}

void Session::Send(Response response, Request& request, bool head, bool keep_alive) {
  if (server_.stopping.load()) keep_alive = false;
  auto res = std::make_shared<http::response<http::string_body>>();
  res->version(11);
  res->result(static_cast<unsigned>(response.status));
  if (!response.content_type.empty()) res->set(http::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) res->insert(name, value);
  // Security defaults; a handler's own value (e.g. a framing-friendly page) wins.
  if (!HasHeader(response, "X-Content-Type-Options")) res->set("X-Content-Type-Options", "nosniff");
  if (!HasHeader(response, "Referrer-Policy")) res->set("Referrer-Policy", "no-referrer");
  if (!HasHeader(response, "X-Frame-Options")) res->set("X-Frame-Options", "DENY");
  res->keep_alive(keep_alive);
  size_t body_size = response.body.size();
  if (head) {
    // HEAD: the GET response's headers, including its length, without the body.
    res->content_length(body_size);
  } else {
    res->body() = std::move(response.body);
    res->prepare_payload();
  }
  if (log_method_.empty()) log_method_ = request.method;
  if (log_target_.empty()) log_target_ = request.target;
  response_ = res;
  stream_.expires_after(std::chrono::milliseconds(server_.options.write_timeout_ms));
  http::async_write(stream_, *res,
                    [self = shared_from_this(), keep_alive, status = response.status,
                     sent = head ? size_t{0} : body_size](beast::error_code ec, size_t) {
                      self->LogAccess(status, sent);
                      self->OnWrite(keep_alive, ec, sent);
                    });
}

void Session::OnWrite(bool keep_alive, beast::error_code ec, size_t) {
  response_.reset();
  if (ec) return Close();
  if (!keep_alive) return Linger();
  WaitForRequest(false);
}

void Session::Linger() {
  // Closing with unread request bytes makes the kernel send a reset, which
  // can destroy the response we just wrote (e.g. a 413 while the client is
  // still sending its body). Half-close, then read and drop what is left
  // for a short while.
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return Close();
  stream_.expires_after(std::chrono::milliseconds(500));
  auto scratch = std::make_shared<std::array<char, 4096>>();
  DrainInto(scratch);
}

void Session::DrainInto(std::shared_ptr<std::array<char, 4096>> scratch) {
  stream_.async_read_some(net::buffer(*scratch), [self = shared_from_this(), scratch](beast::error_code ec, size_t) {
    if (ec) return self->Close();
    self->DrainInto(scratch);
  });
}

void Session::Close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.cancel();
  stream_.close();
}

void Session::LogAccess(int status, size_t bytes) {
  if (!server_.options.access_log) return;
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
  std::string line = remote_ + " \"" + LogSafe(log_method_, 16) + " " + LogSafe(log_target_, 512) + "\" " +
                     std::to_string(status) + " " + std::to_string(bytes) + " " + std::to_string(micros) + "us\n";
  // One write per line keeps lines whole when threads log at once.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace glexia::server
