// `glexia sync` as a user runs it: exit status and messages.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "sync/test_http_server.h"
#include "sync/test_support.h"

namespace glexia::sync {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CliRun Glexia(const std::string& args) {
  CliRun run;
  std::string command = std::string(GLEXIA_BINARY) + " " + args + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.output.append(buf, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class SyncCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(GLEXIA_BINARY)) GTEST_SKIP() << "glexia is not built: " << GLEXIA_BINARY;
    dir_ = testing::ScratchDir(std::string("cli-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    db_ = dir_ + "/glexia.db";
  }
  size_t ReleaseCount() {
    auto store = store::OpenSqliteStore(db_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return 0;
    auto releases = (*store)->ListReleases();
    EXPECT_TRUE(releases.ok());
    return releases.ok() ? releases->size() : 0;
  }
  std::string dir_, db_;
};

TEST_F(SyncCliTest, AnUnreachableHostExitsNonZeroWithOneClearLine) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/index.json";
  CliRun run = Glexia("--db " + db_ + " sync --quiet --retries 0 --work-dir " + dir_ + "/work --source " + url);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(run.output.rfind("glexia: ", 0), 0u) << run.output;
  EXPECT_NE(run.output.find(url), std::string::npos) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
  if (std::filesystem::exists(db_)) {
    EXPECT_EQ(ReleaseCount(), 0u);
  }
}

TEST_F(SyncCliTest, AnOfflineDirectorySyncIsIncremental) {
  std::string mirror = dir_ + "/mirror";
  std::filesystem::create_directories(mirror);
  std::filesystem::create_symlink(testing::AttackData("ics-attack/ics-attack-18.1.json.gz"),
                                  mirror + "/ics-attack-18.1.json.gz");
  CliRun first = Glexia("--db " + db_ + " sync --source " + mirror);
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("imported ics-attack 18.1"), std::string::npos) << first.output;
  CliRun second = Glexia("--db " + db_ + " sync --source " + mirror);
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("up to date: ics-attack 18.1"), std::string::npos) << second.output;
  EXPECT_EQ(second.output.find("imported"), std::string::npos) << second.output;
  EXPECT_EQ(ReleaseCount(), 1u);
}

TEST_F(SyncCliTest, AContradictingBundleExitsWithTheCorruptionCode) {
  std::string renamed = dir_ + "/ics-attack-18.1.json.gz";
  std::filesystem::copy_file(testing::AttackData("ics-attack/ics-attack-18.0.json.gz"), renamed);
  CliRun run = Glexia("--db " + db_ + " sync --source " + renamed);
  EXPECT_EQ(run.exit_code, 4) << run.output;
  EXPECT_NE(run.output.find("content is release 18.0"), std::string::npos) << run.output;
  EXPECT_EQ(ReleaseCount(), 0u);
}

}  // namespace
}  // namespace glexia::sync
