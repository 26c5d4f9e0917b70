// HttpServer: listening, accepting under the connection limit, the thread
// pool, signals and graceful shutdown. Per-connection work is in session.cc.
#include <csignal>
#include <thread>
#include <vector>

#include "server/server_impl.h"

namespace glexia::server {
namespace {

constexpr std::string_view kBusyResponse =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 20\r\n"
    "Retry-After: 1\r\nConnection: close\r\n\r\nServer is too busy.\n";

}  // namespace

uint64_t ServerState::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex);
  uint64_t id = ++next_session_id;
  sessions.emplace(id, session);
  return id;
}

void ServerState::Unregister(uint64_t id) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(id);
}

struct HttpServer::Impl {
  Impl(ServerOptions options, const Router& router) : state(std::move(options), router), signals(state.io) {}

  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void StopOnIoThread();

  ServerState state;
  net::signal_set signals;
  bool listening = false;
};

void HttpServer::Impl::Accept() {
  state.acceptor.async_accept(net::make_strand(state.io),
                              [this](beast::error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void HttpServer::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (state.stopping.load() || !state.acceptor.is_open()) return;
  if (!ec) {
    if (state.open_connections.load() >= state.options.max_connections) {
      // Over the limit: a best-effort 503 without blocking the acceptor.
      beast::error_code ignored;
      socket.non_blocking(true, ignored);
      socket.write_some(net::buffer(kBusyResponse.data(), kBusyResponse.size()), ignored);
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(state, std::move(socket))->Start();
    }
  } else if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
    // Out of file descriptors: back off briefly instead of spinning.
    auto timer = std::make_shared<net::steady_timer>(state.io, std::chrono::milliseconds(50));
    timer->async_wait([this, timer](beast::error_code) { Accept(); });
    return;
  }
  Accept();
}

void HttpServer::Impl::StopOnIoThread() {
  beast::error_code ignored;
  signals.cancel(ignored);
  state.acceptor.close(ignored);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(state.sessions_mutex);
    for (auto& [id, weak] : state.sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& session : live) {
    // Idle connections close now; busy ones finish their response first.
    net::post(session->executor(), [session] { session->OnServerStop(); });
  }
}

HttpServer::HttpServer(ServerOptions options, const Router& router) : impl_(new Impl(std::move(options), router)) {}

HttpServer::~HttpServer() { delete impl_; }

bool HttpServer::Listen(std::string* error) {
  ServerState& s = impl_->state;
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(s.options.address, ec);
  if (ec) {
    tcp::resolver resolver(s.io);
    auto results = resolver.resolve(s.options.address, std::to_string(s.options.port), ec);
    if (ec || results.empty()) {
      if (error) *error = "cannot resolve listen address " + s.options.address + ": " + ec.message();
      return false;
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, s.options.port);
  auto fail = [&](const char* what) {
    if (error) *error = std::string(what) + " " + s.options.address + ":" + std::to_string(s.options.port) + ": " +
                        ec.message();
    beast::error_code ignored;
    s.acceptor.close(ignored);
    return false;
  };
  s.acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("cannot open socket for");
  s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("cannot set SO_REUSEADDR on");
  s.acceptor.bind(endpoint, ec);
  if (ec) return fail("cannot bind");
  s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("cannot listen on");
  s.port = s.acceptor.local_endpoint(ec).port();
  impl_->listening = true;
  return true;
}

uint16_t HttpServer::port() const { return impl_->state.port; }

void HttpServer::Run(bool handle_signals) {
  ServerState& s = impl_->state;
  if (!impl_->listening || s.stopping.load()) return;
  if (handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) Stop();
    });
  }
  impl_->Accept();
  unsigned threads = s.options.threads != 0 ? s.options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&s] { s.io.run(); });
  s.io.run();
  for (auto& t : pool) t.join();
}

void HttpServer::Stop() {
  if (impl_->state.stopping.exchange(true)) return;
  net::post(impl_->state.io, [impl = impl_] { impl->StopOnIoThread(); });
}

}  // namespace glexia::server
