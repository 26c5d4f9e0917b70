// A minimal server process for the SIGTERM test in server_test.cc: prints
// "port N" once listening and "handling" when /slow?ms=N starts, serves /slow
// and /hello, and prints "stopped" and exits 0 after a graceful shutdown.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "server/http.h"

int main() {
  using namespace glexia::server;
  Router router;
  router.Add("GET", "/hello", [](const Request&) { return Response::Text(200, "hello\n"); });
  router.Add("GET", "/slow", [](const Request& req) {
    int ms = std::stoi(req.Query("ms", "300"));
    std::printf("handling\n");
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return Response::Text(200, "slow done\n");
  });
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.access_log = false;
  HttpServer server(options, router);
  std::string error;
  if (!server.Listen(&error)) {
    std::fprintf(stderr, "server_test_helper: %s\n", error.c_str());
    return 1;
  }
  std::printf("port %u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.Run(/*handle_signals=*/true);
  std::printf("stopped\n");
  return 0;
}
