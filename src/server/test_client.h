// A small blocking HTTP/1.1 client for the server tests. Every read is bounded
// by a socket receive timeout so a server bug shows up as a failure, not a hang.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace glexia::server::testing {

struct Reply {
  bool ok = false;     // a whole response was read
  std::string error;   // why not
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class Connection {
 public:
  explicit Connection(uint16_t port, std::chrono::milliseconds read_bound = std::chrono::seconds(10));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends raw bytes; false if the peer is gone.
  bool Send(std::string_view bytes);
  // Reads one response; `head` for a response to HEAD (no body follows).
  Reply Read(bool head = false);
  // Sends "METHOD target" with Host and the given extra header lines, then reads.
  Reply Request(std::string_view method, std::string_view target, std::string_view extra_headers = "",
                std::string_view body = "");
  // True when the server closes the connection within `bound` (EOF or reset).
  bool ClosedWithin(std::chrono::milliseconds bound);
  // True when the server has already closed (peeks without blocking).
  bool PeerClosed();

 private:
  int fd_ = -1;
  std::string buffer_;  // bytes read past the previous response
};

// One request on a fresh connection with "Connection: close".
Reply Fetch(uint16_t port, std::string_view method, std::string_view target, std::string_view extra_headers = "",
            std::string_view body = "");

}  // namespace glexia::server::testing
