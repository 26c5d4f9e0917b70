// The admin endpoints as plain handlers: token checks, upload, background sync.
#include "sync/admin.h"

#include <gtest/gtest.h>

#include <thread>

#include "sync/test_support.h"

namespace glexia::sync {
namespace {

using testing::AttackData;

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchDir(std::string("admin-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    store_ = testing::OpenTestStore(dir_);
    ASSERT_NE(store_, nullptr);
    app_.store = store_.get();
    app_.admin_token = "correct-horse-battery-staple";
    SyncOptions defaults;
    defaults.work_dir = dir_ + "/work";
    admin_ = std::make_unique<AdminEndpoints>(app_, defaults);
  }
  server::Request Post(std::string body, std::string token) {
    server::Request r;
    r.method = "POST";
    r.body = std::move(body);
    r.remote = "127.0.0.1";
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    return r;
  }
  size_t ReleaseCount() {
    auto r = store_->ListReleases();
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->size() : 0;
  }
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  server::App app_;
  std::unique_ptr<AdminEndpoints> admin_;
};

TEST_F(AdminTest, DisabledWithoutATokenAndClosedWithAWrongOne) {
  std::string bundle = testing::ReadRaw(AttackData("ics-attack/ics-attack-18.1.json.gz"));
  EXPECT_EQ(admin_->Import(Post(bundle, "wrong")).status, 401);
  EXPECT_EQ(admin_->Import(Post(bundle, "")).status, 401);
  EXPECT_EQ(admin_->StartSync(Post("", "correct-horse-battery-stapl")).status, 401);
  app_.admin_token.clear();
  EXPECT_EQ(admin_->Import(Post(bundle, "correct-horse-battery-staple")).status, 404);
  EXPECT_EQ(admin_->StartSync(Post("", "")).status, 404);
  EXPECT_EQ(ReleaseCount(), 0u);
}

TEST_F(AdminTest, ImportsAnUploadedGzipBundleOnce) {
  std::string bundle = testing::ReadRaw(AttackData("ics-attack/ics-attack-18.1.json.gz"));
  server::Response first = admin_->Import(Post(bundle, app_.admin_token));
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.content_type, "application/json");
  EXPECT_NE(first.body.find("\"version\":\"18.1\""), std::string::npos) << first.body;
  ASSERT_EQ(ReleaseCount(), 1u);
  EXPECT_EQ(store_->ListReleases()->front().object_count,
            testing::FactsOf(AttackData("ics-attack/ics-attack-18.1.json.gz")).objects);
  server::Response again = admin_->Import(Post(bundle, app_.admin_token));
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(ReleaseCount(), 1u);
}

TEST_F(AdminTest, RejectsAnUploadThatIsNotABundle) {
  server::Response r = admin_->Import(Post("{\"type\":\"bundle\",\"objects\":[", app_.admin_token));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ReleaseCount(), 0u);
}

TEST_F(AdminTest, StartsABackgroundSyncAndReportsIt) {
  std::string mirror = dir_ + "/mirror";
  std::filesystem::create_directories(mirror);
  std::filesystem::create_symlink(AttackData("ics-attack/ics-attack-18.0.json.gz"), mirror + "/ics-attack-18.0.json.gz");
  EXPECT_EQ(admin_->StartSync(Post("{\"source\": 12}", app_.admin_token)).status, 400);
  EXPECT_EQ(admin_->StartSync(Post("{\"all_versions\": \"yes\"}", app_.admin_token)).status, 400);
  EXPECT_EQ(admin_->StartSync(Post("not json", app_.admin_token)).status, 400);
  server::Request status_req = Post("", app_.admin_token);
  auto wait = [&] {
    for (int i = 0; i < 3000; ++i) {
      server::Response s = admin_->SyncStatus(status_req);
      if (s.body.find("\"running\":false") != std::string::npos) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return admin_->SyncStatus(status_req);
  };
  EXPECT_NE(admin_->SyncStatus(status_req).body.find("\"last\":null"), std::string::npos);
  size_t before = ReleaseCount();
  server::Response started =
      admin_->StartSync(Post("{\"source\": \"" + mirror + "\", \"all_versions\": true}", app_.admin_token));
  EXPECT_EQ(started.status, 202) << started.body;
  server::Response done = wait();
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("\"running\":false"), std::string::npos) << done.body;
  EXPECT_NE(done.body.find("\"imported\":1"), std::string::npos) << done.body;
  EXPECT_EQ(ReleaseCount(), before + 1);
}

}  // namespace
}  // namespace glexia::sync
