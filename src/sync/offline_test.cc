// Offline sync: a directory of bundles, one bundle file, a local index.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "core/sha256.h"
#include "sync/sync.h"
#include "sync/test_support.h"

namespace glexia::sync {
namespace {

namespace fs = std::filesystem;
using testing::AttackData;
using Action = ReleaseOutcome::Action;

class OfflineSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchDir(std::string("offline-") +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    store_ = testing::OpenTestStore(dir_);
    ASSERT_NE(store_, nullptr);
  }
  SyncOptions Options(const std::string& source) {
    SyncOptions o;
    o.source = source;
    o.work_dir = dir_ + "/work";
    o.download.progress = false;
    o.on_message = [this](const std::string& line) { messages_ += line + "\n"; };
    return o;
  }
  // A directory holding links to some real bundles, in nested folders.
  std::string MirrorOf(const std::vector<std::string>& files) {
    std::string mirror = dir_ + "/mirror";
    for (const std::string& f : files) {
      fs::create_directories(fs::path(mirror + "/" + f).parent_path());
      fs::create_symlink(AttackData(f), mirror + "/" + f);
    }
    return mirror;
  }
  std::set<std::string> Releases() {
    std::set<std::string> out;
    auto r = store_->ListReleases();
    EXPECT_TRUE(r.ok());
    if (r.ok())
      for (const auto& rel : *r) out.insert(rel.domain + " " + rel.version);
    return out;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::string messages_;
};

TEST_F(OfflineSyncTest, ADirectoryImportsEveryReleaseOnceByDefault) {
  std::string mirror = MirrorOf({"ics-attack/ics-attack-17.1.json.gz", "ics-attack/ics-attack-18.0.json.gz",
                                 "mobile-attack/mobile-attack-17.1.json.gz"});
  auto report = SyncOnce(*store_, Options(mirror));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  EXPECT_EQ(report->Count(Action::kImported), 3);
  EXPECT_EQ(Releases(), (std::set<std::string>{"ics-attack 17.1", "ics-attack 18.0", "mobile-attack 17.1"}));
  auto releases = store_->ListReleases();
  ASSERT_TRUE(releases.ok());
  for (const auto& r : *releases) {
    EXPECT_EQ(r.source.rfind(mirror, 0), 0u) << r.source;
    EXPECT_EQ(r.object_count, testing::FactsOf(r.source).objects);
    EXPECT_TRUE(r.index_modified.empty());
  }

  // A new file appears in the folder: only it is imported.
  fs::create_symlink(AttackData("ics-attack/ics-attack-18.1.json.gz"), mirror + "/ics-attack/ics-attack-18.1.json.gz");
  auto second = SyncOnce(*store_, Options(mirror));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->Count(Action::kImported), 1);
  EXPECT_EQ(second->Count(Action::kUpToDate), 3);
  auto third = SyncOnce(*store_, Options(mirror));
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->Count(Action::kUpToDate), 4);
  EXPECT_NE(messages_.find("nothing new"), std::string::npos) << messages_;
}

TEST_F(OfflineSyncTest, TheSharedDataDirectoryWithLatestAndADomainFilter) {
  SyncOptions o = Options(GLEXIA_ATTACK_DATA);
  o.versions = VersionSelection::kLatest;
  o.domains = {"ics"};
  auto report = SyncOnce(*store_, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  EXPECT_EQ(Releases(), (std::set<std::string>{"ics-attack 18.1"}));
}

TEST_F(OfflineSyncTest, ASingleBundleFile) {
  std::string file = AttackData("mobile-attack/mobile-attack-18.1.json.gz");  // STIX 2.0: no collection object
  auto report = SyncOnce(*store_, Options(file));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(Action::kImported), 1);
  EXPECT_EQ(Releases(), (std::set<std::string>{"mobile-attack 18.1"}));
  auto again = SyncOnce(*store_, Options(file));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Count(Action::kUpToDate), 1);
}

TEST_F(OfflineSyncTest, AFileWhoseNameContradictsItsContentIsRejected) {
  std::string renamed = dir_ + "/ics-attack-18.1.json.gz";
  fs::copy_file(AttackData("ics-attack/ics-attack-17.1.json.gz"), renamed);
  auto report = SyncOnce(*store_, Options(renamed));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_NE(report->FirstError().message().find("17.1"), std::string::npos) << report->FirstError().message();
  EXPECT_TRUE(Releases().empty());
}

TEST_F(OfflineSyncTest, ALocalIndexWithRelativeAndFileUrls) {
  std::string index = dir_ + "/site/index.json";
  std::string json = R"({"id":"x","name":"MITRE ATT&CK","collections":[
    {"id":"x-mitre-collection--90c00720-636b-4485-b342-8751d232bf09","name":"ICS ATT&CK","versions":[
      {"version":"18.0","url":"bundles/ics-attack-18.0.json.gz","modified":"2025-10-28T14:00:00.188Z"},
      {"version":"17.1","url":"file://)" + AttackData("ics-attack/ics-attack-17.1.json.gz") +
                     R"(","modified":"2025-05-06T14:00:00.188Z"}]}]})";
  testing::WriteRaw(index, json);
  fs::create_directories(dir_ + "/site/bundles");
  fs::create_symlink(AttackData("ics-attack/ics-attack-18.0.json.gz"), dir_ + "/site/bundles/ics-attack-18.0.json.gz");
  SyncOptions o = Options(index);
  o.versions = VersionSelection::kAll;
  auto report = SyncOnce(*store_, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  EXPECT_EQ(Releases(), (std::set<std::string>{"ics-attack 17.1", "ics-attack 18.0"}));
  auto releases = store_->ListReleases();
  ASSERT_TRUE(releases.ok());
  for (const auto& r : *releases) EXPECT_FALSE(r.index_modified.empty());
}

TEST_F(OfflineSyncTest, AMissingSourceIsNotFound) {
  auto report = SyncOnce(*store_, Options(dir_ + "/nope"));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kNotFound);
}

TEST_F(OfflineSyncTest, AnUnknownDomainIsRejected) {
  SyncOptions o = Options(GLEXIA_ATTACK_DATA);
  o.domains = {"pre-attack"};
  auto report = SyncOnce(*store_, o);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace glexia::sync
