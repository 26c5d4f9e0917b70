// Test only: a tiny HTTP/1.1 server on 127.0.0.1 (OS-chosen port) whose
// answers a test scripts, including faults (error codes, bodies cut short).
// One connection at a time, "Connection: close" on every answer.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace glexia::sync::testing {

struct TestRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
};

struct TestReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/octet-stream";
  // Announce the full Content-Length but close after this many body bytes.
  size_t cut_after = std::string::npos;
  bool honour_range = false;  // answer "Range: bytes=N-" with 206
};

class TestHttpServer {
 public:
  using Handler = std::function<TestReply(const TestRequest&)>;
  explicit TestHttpServer(Handler handler);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  uint16_t port() const { return port_; }
  std::string Url(const std::string& path) const;  // path starts with '/'
  std::vector<TestRequest> Requests() const;
  int CountRequests(const std::string& path) const;

 private:
  void Serve();
  void HandleConnection(int fd);
  Handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<TestRequest> requests_;
  std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
uint16_t UnusedPort();

}  // namespace glexia::sync::testing
