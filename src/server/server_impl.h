// Internals of HttpServer shared by server.cc (accepting, lifecycle) and
// session.cc (one connection). Not part of the layer's API.
//
// Concurrency model: one io_context run by a pool of threads. Each connection
// is a Session whose socket lives on its own strand, so a session's handlers
// never run concurrently; request handlers run on the pool thread that parsed
// the request. Stop() flips `stopping` and asks every session (through its
// strand) to close if it is idle; busy sessions finish their response, then
// close. Run returns when the io_context runs out of work.
#pragma once

#include <array>
#include <atomic>
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/http.h"

namespace glexia::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class Session;

struct ServerState {
  ServerState(ServerOptions opts, const Router& r) : options(std::move(opts)), router(r), acceptor(io) {}

  ServerOptions options;
  const Router& router;
  net::io_context io;
  tcp::acceptor acceptor;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open_connections{0};

  // Live sessions, so Stop() can reach the idle ones.
  std::mutex sessions_mutex;
  uint64_t next_session_id = 0;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions;

  uint64_t Register(const std::shared_ptr<Session>& session);
  void Unregister(uint64_t id);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerState& server, tcp::socket socket);
  ~Session();
  void Start();
  // Called on the session's strand when the server stops.
  void OnServerStop();
  auto executor() { return stream_.get_executor(); }

 private:
  enum class Phase { kIdle, kBusy };
  using Clock = std::chrono::steady_clock;

  void WaitForRequest(bool first);
  void OnFirstBytes(beast::error_code ec, size_t n);
  void ReadHeader();
  void OnHeader(beast::error_code ec, size_t);
  void ReadBody();
  void OnBody(beast::error_code ec, size_t);
  void Handle();
  // Answers a request that could not be read whole (limits, syntax) and closes.
  void RejectRequest(int status, std::string_view message);
  void Send(Response response, Request& request, bool head, bool keep_alive);
  void OnWrite(bool keep_alive, beast::error_code ec, size_t bytes);
  void Close();
  void Linger();
  void DrainInto(std::shared_ptr<std::array<char, 4096>> scratch);
  void LogAccess(int status, size_t bytes);

  ServerState& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  std::shared_ptr<http::response<http::empty_body>> continue_;
  uint64_t id_ = 0;
  std::string remote_;
  Phase phase_ = Phase::kIdle;
  Clock::time_point started_;
  std::string log_method_;
  std::string log_target_;
  bool closed_ = false;
};

}  // namespace glexia::server
