// HttpServer over a real socket on 127.0.0.1, with routes registered here.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/http.h"
#include "server/test_client.h"

namespace glexia::server {
namespace {

using namespace std::chrono_literals;
using testing::Connection;
using testing::Fetch;
using testing::Reply;

ServerOptions SmallLimits() {
  ServerOptions o;
  o.port = 0;
  o.threads = 4;
  o.max_header_bytes = 2048;
  o.max_body_bytes = 1000;
  o.max_target_bytes = 512;
  o.read_timeout_ms = 1000;
  o.write_timeout_ms = 2000;
  o.idle_timeout_ms = 2000;
  o.max_connections = 64;
  o.access_log = false;
  return o;
}

// Handlers of /sleep that have started, so tests act while one is in flight.
std::atomic<int> sleepers_started{0};

bool WaitForSleeper(int count) {
  for (int i = 0; i < 1000 && sleepers_started.load() < count; ++i) std::this_thread::sleep_for(10ms);
  return sleepers_started.load() >= count;
}

void AddTestRoutes(Router& router) {
  router.Add("GET", "/hello", [](const Request&) { return Response::Text(200, "hello\n"); });
  router.Add("POST", "/echo", [](const Request& req) { return Response::Text(200, req.body); });
  router.Add("GET", "/sleep", [](const Request& req) {
    sleepers_started.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(req.Query("ms", "300"))));
    return Response::Text(200, "slept\n");
  });
  router.Add("GET", "/csp", [](const Request&) {
    Response r = Response::Html(200, "<p>x</p>");
    r.SetHeader("Content-Security-Policy", "default-src 'self'");
    r.SetHeader("X-Frame-Options", "SAMEORIGIN");
    return r;
  });
  router.Add("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("secret detail"); });
  router.Add("GET", "/api/boom", [](const Request&) -> Response { throw std::runtime_error("secret detail"); });
  router.Add("GET", "/api/items/{id}", [](const Request& req) {
    std::string quoted = "\"";
    quoted += req.Param("id");
    quoted += '"';
    return Response::Json(200, quoted);
  });
  router.SetErrorRenderer("/api/", [](const Request&, int status, std::string_view) {
    return Response::Json(status, "{\"error\":{\"status\":" + std::to_string(status) + "}}");
  });
}

// A server on a free port, run on a background thread for one test.
class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = SmallLimits()) {
    AddTestRoutes(router_);
    server_ = std::make_unique<HttpServer>(options, router_);
    std::string error;
    ASSERT_TRUE(server_->Listen(&error)) << error;
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    done_ = std::async(std::launch::async, [this] { server_->Run(false); });
  }
  void SetUp() override { Start(); }
  void TearDown() override {
    if (!server_) return;
    server_->Stop();
    ASSERT_EQ(done_.wait_for(10s), std::future_status::ready) << "server did not stop";
  }
  void ExpectSecurityHeaders(const Reply& r) {
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer");
    EXPECT_EQ(r.Header("x-frame-options"), "DENY");
  }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
  std::future<void> done_;
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Connection c(port_);
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 5; ++i) {
    Reply r = c.Request("GET", "/hello");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello\n");
    EXPECT_NE(r.Header("connection"), "close");
    ExpectSecurityHeaders(r);
  }
  Reply posted = c.Request("POST", "/echo", "", "some body");
  ASSERT_TRUE(posted.ok) << posted.error;
  EXPECT_EQ(posted.body, "some body");
  EXPECT_FALSE(c.PeerClosed());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Connection c(port_);
  ASSERT_TRUE(c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /api/items/7 HTTP/1.1\r\nHost: x\r\n\r\n"));
  Reply first = c.Read();
  Reply second = c.Read();
  ASSERT_TRUE(first.ok && second.ok) << first.error << second.error;
  EXPECT_EQ(first.body, "hello\n");
  EXPECT_EQ(second.body, "\"7\"");
}

TEST_F(ServerTest, ConcurrentClientsAllSucceed) {
  constexpr int kThreads = 16, kRequests = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      auto conn = std::make_unique<Connection>(port_);
      for (int i = 0; i < kRequests; ++i) {
        if (i % 10 == 0) conn = std::make_unique<Connection>(port_);  // mix new and kept-alive connections
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        Reply r = conn->Request("GET", "/api/items/" + id);
        if (r.ok && r.status == 200 && r.body == "\"" + id + "\"") ok.fetch_add(1);
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
}

TEST_F(ServerTest, OversizedBodyIs413) {
  Reply declared = Fetch(port_, "POST", "/echo", "", std::string(1001, 'x'));
  ASSERT_TRUE(declared.ok) << declared.error;
  EXPECT_EQ(declared.status, 413);
  ExpectSecurityHeaders(declared);
  // A chunked body has no declared length: the limit applies while reading.
  Connection c(port_);
  std::string chunk(600, 'y');
  std::string body = "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n";
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
  Reply chunked = c.Read();
  ASSERT_TRUE(chunked.ok) << chunked.error;
  EXPECT_EQ(chunked.status, 413);
  // Within the limit it is served.
  Reply fits = Fetch(port_, "POST", "/echo", "", std::string(1000, 'z'));
  EXPECT_EQ(fits.status, 200);
  EXPECT_EQ(fits.body.size(), 1000u);
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  Connection c(port_);
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  Reply interim = c.Read();
  ASSERT_TRUE(interim.ok) << interim.error;
  EXPECT_EQ(interim.status, 100);
  ASSERT_TRUE(c.Send("abcde"));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "abcde");
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  Reply r = Fetch(port_, "GET", "/hello", "X-Big: " + std::string(3000, 'h') + "\r\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 431);
  // Many small fields add up too.
  std::string many;
  for (int i = 0; i < 100; ++i) many += "X-F" + std::to_string(i) + ": " + std::string(20, 'v') + "\r\n";
  EXPECT_EQ(Fetch(port_, "GET", "/hello", many).status, 431);
}

TEST_F(ServerTest, LongTargetIs414AndJsonUnderApi) {
  Reply r = Fetch(port_, "GET", "/hello?q=" + std::string(600, 'a'));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 414);
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  // Far beyond every limit, the request line alone still gives 414.
  Reply huge = Fetch(port_, "GET", "/api/items/" + std::string(20000, 'b'));
  ASSERT_TRUE(huge.ok) << huge.error;
  EXPECT_EQ(huge.status, 414);
  EXPECT_EQ(huge.Header("content-type"), "application/json");
  EXPECT_EQ(huge.body, "{\"error\":{\"status\":414}}");
}

TEST_F(ServerTest, MalformedRequestIs400) {
  Connection c(port_);
  ASSERT_TRUE(c.Send("GET /hello HTTP/1.1\r\nHost x\r\n\r\n"));
  Reply r = c.Read();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(c.ClosedWithin(5s));
}

TEST_F(ServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  std::atomic<bool> slow_closed{false};
  std::atomic<int> slow_bytes_sent{0};
  std::thread slow([&] {
    Connection c(port_);
    const std::string request = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: abcdefghijklmnopqrstuvwxyz\r\n\r\n";
    // One byte per 100 ms: far slower than the 1 s request deadline allows.
    for (char byte : request) {
      if (c.PeerClosed() || !c.Send(std::string(1, byte))) {
        slow_closed = true;
        return;
      }
      slow_bytes_sent.fetch_add(1);
      std::this_thread::sleep_for(100ms);
    }
    slow_closed = c.ClosedWithin(3s);
  });
  // Meanwhile other clients get answers.
  int served = 0;
  for (int i = 0; i < 20; ++i) {
    Reply r = Fetch(port_, "GET", "/hello");
    if (r.ok && r.status == 200) ++served;
    std::this_thread::sleep_for(20ms);
  }
  slow.join();
  EXPECT_EQ(served, 20);
  EXPECT_TRUE(slow_closed.load());
  EXPECT_LT(slow_bytes_sent.load(), 60) << "the slow client was never cut off";
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  Connection c(port_);
  ASSERT_EQ(c.Request("GET", "/hello").status, 200);
  EXPECT_TRUE(c.ClosedWithin(5s));
}

TEST_F(ServerTest, HeadHasGetHeadersWithoutBody) {
  Connection c(port_);
  Reply head = c.Request("HEAD", "/hello");
  ASSERT_TRUE(head.ok) << head.error;
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "6");
  EXPECT_TRUE(head.body.empty());
  // No stray body bytes: the next response on the connection parses cleanly.
  Reply get = c.Request("GET", "/hello");
  ASSERT_TRUE(get.ok) << get.error;
  EXPECT_EQ(get.body, "hello\n");
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowedShapes) {
  Reply missing = Fetch(port_, "GET", "/missing/%3Cb%3E");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(missing.body.find("<b>"), std::string::npos);
  ExpectSecurityHeaders(missing);
  Reply wrong = Fetch(port_, "DELETE", "/hello");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("allow"), "GET, HEAD");
  Reply api = Fetch(port_, "GET", "/api/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Header("content-type"), "application/json");
  EXPECT_EQ(api.body, "{\"error\":{\"status\":404}}");
}

TEST_F(ServerTest, HandlerExceptionsAre500WithoutStackOrMessage) {
  Reply page = Fetch(port_, "GET", "/boom");
  EXPECT_EQ(page.status, 500);
  EXPECT_EQ(page.body.find("secret"), std::string::npos);
  Reply api = Fetch(port_, "GET", "/api/boom");
  EXPECT_EQ(api.status, 500);
  EXPECT_EQ(api.Header("content-type"), "application/json");
  EXPECT_EQ(api.body, "{\"error\":{\"status\":500}}");
}

TEST_F(ServerTest, HealthzAndHandlerSecurityHeaders) {
  Reply health = Fetch(port_, "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Header("content-type"), "application/json");
  EXPECT_EQ(health.body, "{\"status\":\"ok\"}");
  ExpectSecurityHeaders(health);
  EXPECT_EQ(Fetch(port_, "POST", "/healthz").status, 405);
  Reply csp = Fetch(port_, "GET", "/csp");
  EXPECT_EQ(csp.Header("content-security-policy"), "default-src 'self'");
  EXPECT_EQ(csp.Header("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(csp.Header("x-content-type-options"), "nosniff");
}

TEST_F(ServerTest, StopFinishesTheRequestInFlight) {
  Connection c(port_);
  Connection idle(port_);
  ASSERT_EQ(idle.Request("GET", "/hello").status, 200);
  int before = sleepers_started.load();
  ASSERT_TRUE(c.Send("GET /sleep?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(WaitForSleeper(before + 1));  // the handler is now sleeping
  server_->Stop();
  Reply r = c.Read();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slept\n");
  EXPECT_EQ(r.Header("connection"), "close");
  EXPECT_TRUE(idle.ClosedWithin(5s));
  ASSERT_EQ(done_.wait_for(10s), std::future_status::ready);
  // No longer accepting.
  Connection after(port_);
  EXPECT_TRUE(!after.connected() || after.ClosedWithin(2s));
}

class ConnectionLimitTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerOptions o = SmallLimits();
    o.max_connections = 2;
    o.idle_timeout_ms = 5000;
    o.read_timeout_ms = 5000;
    Start(o);
  }
};

TEST_F(ConnectionLimitTest, ConnectionsOverTheLimitGet503) {
  Connection a(port_), b(port_);
  ASSERT_EQ(a.Request("GET", "/hello").status, 200);
  ASSERT_EQ(b.Request("GET", "/hello").status, 200);
  Connection c(port_);
  Reply r = c.Request("GET", "/hello");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 503);
}

// Kills the child if the test stops early, so no helper server outlives it.
struct ChildGuard {
  pid_t pid = 0;
  ~ChildGuard() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

// The SIGTERM path needs its own process: a helper server gets SIGTERM while
// a request is in flight and must still answer it, then exit 0.
TEST(ServerSignalTest, SigtermFinishesTheRequestInFlight) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(SERVER_TEST_HELPER, SERVER_TEST_HELPER, static_cast<char*>(nullptr));
    _exit(127);
  }
  ChildGuard guard{pid};
  close(out[1]);
  FILE* child_out = fdopen(out[0], "r");
  ASSERT_NE(child_out, nullptr);
  unsigned port = 0;
  char first[64] = {};
  ASSERT_NE(std::fgets(first, sizeof first, child_out), nullptr);
  ASSERT_EQ(std::sscanf(first, "port %u", &port), 1);
  {
    Connection c(static_cast<uint16_t>(port));
    ASSERT_TRUE(c.Send("GET /slow?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n"));
    char handling[64] = {};
    ASSERT_NE(std::fgets(handling, sizeof handling, child_out), nullptr);
    ASSERT_STREQ(handling, "handling\n");  // the request is in flight now
    ASSERT_EQ(kill(pid, SIGTERM), 0);
    Reply r = c.Read();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "slow done\n");
  }
  int status = 0;
  pid_t waited = 0;
  for (int i = 0; i < 100 && waited == 0; ++i) {  // up to 10 s
    waited = waitpid(pid, &status, WNOHANG);
    if (waited == 0) std::this_thread::sleep_for(100ms);
  }
  ASSERT_NE(waited, 0) << "server did not exit after SIGTERM";
  guard.pid = 0;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  char line[64] = {};
  ASSERT_NE(std::fgets(line, sizeof line, child_out), nullptr);
  EXPECT_STREQ(line, "stopped\n");
  std::fclose(child_out);
}

}  // namespace
}  // namespace glexia::server
