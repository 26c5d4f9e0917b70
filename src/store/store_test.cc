// Store tests on the real ATT&CK bundles: counts against MANIFEST.tsv, raw
// round-trips against the bundle files, dedup, atomicity and bad input.
#include "store/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/file_io.h"
#include "core/sha256.h"
#include "store/test_util.h"

namespace glexia::store {
namespace {

namespace fs = std::filesystem;

// Object counts of one bundle per MANIFEST.tsv, keyed by column name.
struct ManifestRow {
  std::string path, domain, release;
  std::map<std::string, int64_t> counts;
};

std::vector<ManifestRow> ReadManifest() {
  std::ifstream in(std::string(GLEXIA_ATTACK_DATA) + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = SplitTabs(line);
  std::vector<ManifestRow> rows;
  while (std::getline(in, line)) {
    auto cells = SplitTabs(line);
    if (cells.size() != header.size()) continue;
    ManifestRow row;
    row.path = cells[0];
    row.domain = cells[1];
    row.release = cells[2];
    for (size_t i = 10; i < cells.size(); ++i) {
      if (!cells[i].empty() && std::isdigit(static_cast<unsigned char>(cells[i][0])) && header[i] != "gz_bytes")
        row.counts[header[i]] = std::stoll(cells[i]);
    }
    rows.push_back(row);
  }
  return rows;
}

class AllReleases : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_path_ = ScratchPath("store", "all.db");
    auto store = OpenSqliteStore(db_path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (const auto& row : ReadManifest()) {
      auto bundle = stix::ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/" + row.path);
      ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
      auto result = (*store)->Import(*bundle, {});
      ASSERT_TRUE(result.ok()) << result.status().ToString();
    }
  }
  static std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore(db_path_);
    EXPECT_TRUE(store.ok());
    return std::move(store).value();
  }
  static std::string db_path_;
};
std::string AllReleases::db_path_;

TEST_F(AllReleases, CountsMatchManifest) {
  auto store = Open();
  auto manifest = ReadManifest();
  ASSERT_EQ(manifest.size(), 14u);
  for (const auto& row : manifest) {
    SCOPED_TRACE(row.path);
    auto rel = store->GetRelease(row.domain, row.release);
    ASSERT_TRUE(rel.ok()) << rel.status().ToString();
    EXPECT_EQ(rel->object_count, row.counts.at("total_objects"));
    for (const char* type : {"x-mitre-tactic", "intrusion-set", "malware", "tool", "campaign", "course-of-action",
                             "x-mitre-data-source", "x-mitre-data-component", "x-mitre-detection-strategy",
                             "x-mitre-analytic", "x-mitre-asset"}) {
      auto it = rel->counts_by_type.find(type);
      EXPECT_EQ(it == rel->counts_by_type.end() ? 0 : it->second, row.counts.at(type)) << type;
    }
    EXPECT_EQ(rel->counts_by_type["relationship"], row.counts.at("relationships"));
    // Status flags survive the store: active techniques, revoked and deprecated objects.
    int64_t active_patterns = 0, revoked = 0, deprecated = 0;
    Status st = store->ForEachObject(rel->id, [&](const ObjectVersion& o, std::string_view) {
      if (o.type == "attack-pattern" && !o.revoked && !o.deprecated) ++active_patterns;
      revoked += o.revoked;
      deprecated += o.deprecated;
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(active_patterns, row.counts.at("techniques") + row.counts.at("subtechniques"));
    EXPECT_EQ(revoked, row.counts.at("revoked"));
    EXPECT_EQ(deprecated, row.counts.at("deprecated"));
  }
}

TEST_F(AllReleases, BundleHashIsTheUncompressedJsonHash) {
  auto store = Open();
  auto releases = store->ListReleases();
  ASSERT_TRUE(releases.ok());
  std::ifstream in(std::string(GLEXIA_ATTACK_DATA) + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);
  int checked = 0;
  while (std::getline(in, line)) {
    auto cells = SplitTabs(line);
    for (const auto& r : *releases)
      if (r.domain == cells[1] && r.version == cells[2]) {
        EXPECT_EQ(r.bundle_sha256, cells[8]) << cells[0];
        ++checked;
      }
  }
  EXPECT_EQ(checked, 14);
}

// The bytes the store returns are the bytes in the file: found here by a
// brace scan of the decompressed bundle, independent of the stix reader.
TEST_F(AllReleases, RawRoundTripOnSampledObjects) {
  auto store = Open();
  for (const auto& row : ReadManifest()) {
    SCOPED_TRACE(row.path);
    auto text = ReadInputFile(std::string(GLEXIA_ATTACK_DATA) + "/" + row.path);
    ASSERT_TRUE(text.ok());
    auto rel = store->GetRelease(row.domain, row.release);
    ASSERT_TRUE(rel.ok());
    std::vector<ObjectVersion> all;
    ASSERT_TRUE(store->ForEachObject(rel->id, [&](const ObjectVersion& o, std::string_view) { all.push_back(o); }).ok());
    ASSERT_EQ(static_cast<int64_t>(all.size()), rel->object_count);
    // Every 97th object plus every object with an ATT&CK ID ending in "1".
    std::vector<const ObjectVersion*> picked;
    std::set<std::string> ids;
    for (size_t i = 0; i < all.size(); ++i) {
      if (i % 97 == 0 || (!all[i].attack_id.empty() && all[i].attack_id.back() == '1')) {
        picked.push_back(&all[i]);
        ids.insert(all[i].stix_id);
      }
    }
    auto in_file = ObjectBytesInBundle(*text, ids);
    size_t sampled = 0;
    for (const ObjectVersion* p : picked) {
      const auto& o = *p;
      const std::string& expected = in_file[o.stix_id];
      ASSERT_FALSE(expected.empty()) << o.stix_id;
      auto raw = store->RawBytes(o.object_id);
      ASSERT_TRUE(raw.ok());
      EXPECT_EQ(*raw, expected) << o.stix_id;
      EXPECT_EQ(o.sha256, Sha256Hex(expected)) << o.stix_id;
      ++sampled;
    }
    EXPECT_GT(sampled, 10u);
  }
}

TEST_F(AllReleases, ResolvesByAttackIdAndStixId) {
  auto store = Open();
  auto rel = store->GetRelease("enterprise-attack", "18.1");
  ASSERT_TRUE(rel.ok());
  for (const char* id : {"T1591.002", "G0034", "M1056", "DET0855", "AN1987", "DC0001", "TA0043", "S0002", "C0001",
                         "t1591.002"}) {
    auto found = store->FindObjects(rel->id, id);
    ASSERT_TRUE(found.ok());
    ASSERT_FALSE(found->empty()) << id;
    auto by_stix = store->FindObjects(rel->id, found->front().stix_id);
    ASSERT_TRUE(by_stix.ok());
    ASSERT_EQ(by_stix->size(), 1u);
    EXPECT_EQ(by_stix->front().sha256, found->front().sha256);
  }
  auto ics = store->GetRelease("ics-attack", "");
  ASSERT_TRUE(ics.ok());
  EXPECT_EQ(ics->version, "18.1");
  auto asset = store->FindObjects(ics->id, "A0001");
  ASSERT_TRUE(asset.ok());
  EXPECT_EQ(asset->size(), 1u);
}

TEST_F(AllReleases, HistoryListsEveryReleaseHoldingTheObject) {
  auto store = Open();
  auto rel = store->GetRelease("enterprise-attack", "18.1");
  ASSERT_TRUE(rel.ok());
  auto found = store->FindObjects(rel->id, "T1591.002");
  ASSERT_TRUE(found.ok() && !found->empty());
  auto history = store->History(found->front().stix_id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 5u);  // in all five enterprise releases
}

TEST_F(AllReleases, SearchRanksNamesFirst) {
  auto store = Open();
  auto rel = store->GetRelease("enterprise-attack", "18.1");
  ASSERT_TRUE(rel.ok());
  auto hits = store->Search(rel->id, "business relationships", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_FALSE(hits->empty());
  bool found = false;
  for (size_t i = 0; i < hits->size() && i < 3; ++i) found |= (*hits)[i].object.attack_id == "T1591.002";
  EXPECT_TRUE(found);
  // FTS syntax typed by a user is taken as words, not operators.
  auto odd = store->Search(rel->id, "\"NEAR(* OR ) AND", 5);
  EXPECT_TRUE(odd.ok());
}

TEST_F(AllReleases, ReimportWithSameBundleIsANoOp) {
  auto store = Open();
  auto gen = store->Generation();
  ASSERT_TRUE(gen.ok());
  auto bundle = stix::ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/ics-attack/ics-attack-18.1.json.gz");
  ASSERT_TRUE(bundle.ok());
  auto result = store->Import(*bundle, {});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->unchanged);
  EXPECT_EQ(*store->Generation(), *gen);
}

TEST(StoreSpace, FiveEnterpriseReleasesTakeAtMostTwiceOne) {
  std::string one = ScratchPath("store", "one.db"), five = ScratchPath("store", "five.db");
  auto s1 = OpenSqliteStore(one);
  ASSERT_TRUE(s1.ok());
  auto b = stix::ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/enterprise-attack/enterprise-attack-15.1.json.gz");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*s1)->Import(*b, {}).ok());
  auto s5 = OpenSqliteStore(five);
  ASSERT_TRUE(s5.ok());
  for (const char* v : {"15.1", "16.1", "17.1", "18.0", "18.1"}) {
    auto bundle = stix::ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/enterprise-attack/enterprise-attack-" + v +
                                   ".json.gz");
    ASSERT_TRUE(bundle.ok());
    ASSERT_TRUE((*s5)->Import(*bundle, {}).ok());
  }
  auto size1 = (*s1)->SizeBytes(), size5 = (*s5)->SizeBytes();
  ASSERT_TRUE(size1.ok() && size5.ok());
  EXPECT_LE(*size5, 2 * *size1) << "one: " << *size1 << " five: " << *size5;
}

}  // namespace
}  // namespace glexia::store
