// A running `glexia serve` picks up a release that another process imports,
// within its documented refresh interval (--refresh-interval, 5 s default),
// and stops cleanly on SIGTERM.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "store/test_util.h"

namespace {

const std::string kData = GLEXIA_ATTACK_DATA;

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  (void)!write(fd, req.data(), req.size());
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

int RunCli(const std::string& db, const std::string& args) {
  std::string cmd = std::string(GLEXIA_BINARY) + " --db '" + db + "' " + args + " >/dev/null 2>&1";
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ServeRefresh, ReleaseImportedByAnotherProcessAppears) {
  std::string db = glexia::store::ScratchPath("serve-refresh", "store.db");
  ASSERT_EQ(RunCli(db, "import " + kData + "/ics-attack/ics-attack-18.1.json.gz"), 0);

  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    execl(GLEXIA_BINARY, GLEXIA_BINARY, "--db", db.c_str(), "serve", "--listen", "127.0.0.1:0", "--no-access-log",
          "--refresh-interval", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  // The server announces "... on http://127.0.0.1:PORT ..." once it listens.
  std::string line;
  char c;
  while (line.find('\n') == std::string::npos && read(out_pipe[0], &c, 1) == 1) line.push_back(c);
  size_t at = line.find("http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << line;
  int port = std::stoi(line.substr(at + 17));

  std::string before = HttpGet(port, "/api/v1/releases");
  ASSERT_NE(before.find("ics-attack"), std::string::npos) << before;
  EXPECT_EQ(before.find("mobile-attack"), std::string::npos);

  ASSERT_EQ(RunCli(db, "import " + kData + "/mobile-attack/mobile-attack-18.1.json.gz"), 0);
  // Bounded wait, well past the 1 s interval: the release must show up.
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    seen = HttpGet(port, "/api/v1/releases").find("mobile-attack") != std::string::npos;
  }
  EXPECT_TRUE(seen);
  std::string page = HttpGet(port, "/techniques/T1417.001?domain=mobile-attack");
  EXPECT_NE(page.find("200 OK"), std::string::npos) << page.substr(0, 200);

  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(out_pipe[0]);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
