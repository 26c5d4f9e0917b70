#include "server/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>

namespace glexia::server::testing {

namespace http = boost::beast::http;

Connection::Connection(uint16_t port, std::chrono::milliseconds read_bound) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(read_bound.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((read_bound.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::Send(std::string_view bytes) {
  if (fd_ < 0) return false;
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Reply Connection::Read(bool head) {
  Reply reply;
  if (fd_ < 0) {
    reply.error = "not connected";
    return reply;
  }
  http::response_parser<http::string_body> parser;
  parser.skip(head);
  parser.eager(true);
  parser.body_limit(64 * 1024 * 1024);
  parser.header_limit(1024 * 1024);
  while (!parser.is_done()) {
    if (!buffer_.empty()) {
      boost::beast::error_code ec;
      size_t used = parser.put(boost::asio::buffer(buffer_.data(), buffer_.size()), ec);
      buffer_.erase(0, used);
      if (ec && ec != http::error::need_more) {
        reply.error = "bad response: " + ec.message();
        return reply;
      }
      if (parser.is_done()) break;
      if (!ec && used > 0 && !buffer_.empty()) continue;
    }
    char chunk[16384];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      boost::beast::error_code ec;
      if (n == 0 && parser.is_header_done()) parser.put_eof(ec);
      if (n < 0 || !parser.is_header_done() || ec) {
        reply.error = n == 0 ? "connection closed" : std::string("recv: ") + std::strerror(errno);
        return reply;
      }
      break;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  auto& message = parser.get();
  reply.ok = true;
  reply.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = message.body();
  return reply;
}

Reply Connection::Request(std::string_view method, std::string_view target, std::string_view extra_headers,
                          std::string_view body) {
  std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  request += extra_headers;
  if (!body.empty() || method == "POST" || method == "PUT") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n";
  request += body;
  if (!Send(request)) {
    Reply reply;
    reply.error = "send failed";
    return reply;
  }
  return Read(method == "HEAD");
}

bool Connection::ClosedWithin(std::chrono::milliseconds bound) {
  if (fd_ < 0) return true;
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return true;  // reset
  }
}

bool Connection::PeerClosed() {
  if (fd_ < 0) return true;
  char byte;
  ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return true;
  return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

Reply Fetch(uint16_t port, std::string_view method, std::string_view target, std::string_view extra_headers,
            std::string_view body) {
  Connection c(port);
  std::string headers = "Connection: close\r\n" + std::string(extra_headers);
  return c.Request(method, target, headers, body);
}

}  // namespace glexia::server::testing
