// ModelCache over its own small store (ICS bundles, ~0.1 s each), so the
// tests can import, replace and remove releases freely.
#include <gtest/gtest.h>

#include <thread>

#include "model/model.h"
#include "model/model_test_env.h"
#include "stix/bundle.h"

namespace glexia::model {
namespace {

std::string IcsBundle(const std::string& version) {
  return std::string(GLEXIA_ATTACK_DATA) + "/ics-attack/ics-attack-" + version + ".json.gz";
}

class ModelCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqliteStore(testing::ScratchDir("cache") + "/store.db");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  void Import(const std::string& file_version, const std::string& as_version = "", bool replace = false) {
    stix::ReadOptions read;
    read.release = as_version;
    auto bundle = stix::ReadBundle(IcsBundle(file_version), read);
    ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
    store::ImportOptions options;
    options.replace = replace;
    auto imported = store_->Import(*bundle, options);
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  }

  std::shared_ptr<const ReleaseModel> Get(ModelCache& cache, const std::string& version) {
    auto got = cache.Get("ics-attack", version);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? *got : nullptr;
  }

  std::unique_ptr<store::Store> store_;
};

TEST_F(ModelCacheTest, NewestReleaseIsTheDefaultAndRefreshSeesNewImports) {
  Import("16.1");
  Import("17.0");
  ModelCache cache(*store_, 4);
  auto newest = Get(cache, "");
  ASSERT_NE(newest, nullptr);
  EXPECT_EQ(newest->release().version, "17.0");
  EXPECT_EQ(cache.Releases().size(), 2u);

  auto enterprise = cache.Get("", "");  // empty domain = enterprise-attack, not imported here
  ASSERT_FALSE(enterprise.ok());
  EXPECT_EQ(enterprise.status().code(), StatusCode::kNotFound);

  Import("18.1");
  EXPECT_EQ(Get(cache, "")->release().version, "17.0");  // the list as of the last refresh
  ASSERT_TRUE(cache.Refresh().ok());
  EXPECT_EQ(Get(cache, "")->release().version, "18.1");
  EXPECT_EQ(Get(cache, "17.0"), newest);  // unchanged releases keep their model
  EXPECT_EQ(cache.Releases().size(), 3u);
}

TEST_F(ModelCacheTest, AskingForAnUnlistedReleaseRereadsTheList) {
  Import("16.1");
  ModelCache cache(*store_, 4);
  ASSERT_NE(Get(cache, "16.1"), nullptr);
  Import("17.1");
  EXPECT_EQ(Get(cache, "17.1")->release().version, "17.1");
  auto missing = cache.Get("ics-attack", "9.9");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST_F(ModelCacheTest, LeastRecentlyUsedModelIsEvicted) {
  Import("16.1");
  Import("17.0");
  Import("17.1");
  ModelCache cache(*store_, 2);
  auto a = Get(cache, "16.1");
  auto b = Get(cache, "17.0");
  EXPECT_EQ(Get(cache, "16.1"), a);  // cached, and now more recent than 17.0
  auto c = Get(cache, "17.1");        // evicts 17.0
  EXPECT_EQ(Get(cache, "16.1"), a);
  EXPECT_EQ(Get(cache, "17.1"), c);
  auto b2 = Get(cache, "17.0");  // rebuilt; `b` is still held, so the address cannot be reused
  ASSERT_NE(b2, nullptr);
  EXPECT_NE(b2, b);
  EXPECT_EQ(b2->objects().size(), b->objects().size());
}

TEST_F(ModelCacheTest, ConcurrentGetsBuildOnce) {
  Import("18.0");
  ModelCache cache(*store_, 2);
  std::vector<std::shared_ptr<const ReleaseModel>> got(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      auto model = cache.Get("ics-attack", "18.0");
      if (model.ok()) got[i] = *model;
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_NE(got[0], nullptr);
  for (const auto& model : got) EXPECT_EQ(model, got[0]);
}

TEST_F(ModelCacheTest, RefreshDropsReplacedAndRemovedReleases) {
  Import("17.0");
  Import("17.1");
  ModelCache cache(*store_, 4);
  auto old_170 = Get(cache, "17.0");
  auto old_171 = Get(cache, "17.1");
  ASSERT_NE(old_170, nullptr);

  // A different bundle for 17.0 (the 16.1 file imported as 17.0).
  Import("16.1", "17.0", /*replace=*/true);
  ASSERT_TRUE(cache.Refresh().ok());
  auto new_170 = Get(cache, "17.0");
  ASSERT_NE(new_170, nullptr);
  EXPECT_NE(new_170, old_170);
  EXPECT_NE(new_170->release().bundle_sha256, old_170->release().bundle_sha256);
  EXPECT_EQ(Get(cache, "17.1"), old_171);

  ASSERT_TRUE(store_->RemoveRelease(old_171->release().id).ok());
  ASSERT_TRUE(cache.Refresh().ok());
  auto gone = cache.Get("ics-attack", "17.1");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Get(cache, "")->release().version, "17.0");
}

}  // namespace
}  // namespace glexia::model
