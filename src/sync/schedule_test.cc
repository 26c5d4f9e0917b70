#include "sync/schedule.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "sync/test_support.h"

namespace glexia::sync {
namespace {

TEST(SyncSchedulerTest, SyncsAtStartAndStopsWithoutWaitingForTheInterval) {
  std::string dir = testing::ScratchDir("scheduler");
  auto store = testing::OpenTestStore(dir);
  ASSERT_NE(store, nullptr);
  std::string mirror = dir + "/mirror";
  std::filesystem::create_directories(mirror);
  std::filesystem::create_symlink(testing::AttackData("ics-attack/ics-attack-18.1.json.gz"),
                                  mirror + "/ics-attack-18.1.json.gz");
  SyncOptions options;
  options.source = mirror;
  options.work_dir = dir + "/work";
  int imported = 0;
  std::mutex mu;
  {
    SyncScheduler scheduler(*store, options, std::chrono::hours(24), [&](const Result<SyncReport>& r) {
      std::lock_guard<std::mutex> lock(mu);
      if (r.ok()) imported += r->Count(ReleaseOutcome::Action::kImported);
    });
    for (int i = 0; i < 1500 && scheduler.runs() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(scheduler.runs(), 1);
  }  // the destructor must return now, not in 24 hours
  EXPECT_EQ(imported, 1);
  auto releases = store->ListReleases();
  ASSERT_TRUE(releases.ok());
  ASSERT_EQ(releases->size(), 1u);
  EXPECT_EQ(releases->front().version, "18.1");
}

}  // namespace
}  // namespace glexia::sync
