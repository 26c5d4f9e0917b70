// The bundle reader on every reference bundle: domain and release come from
// the data, and the cut points partition each object's exact bytes.
#include "stix/bundle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace glexia::stix {
namespace {

struct Expected {
  std::string path, domain, release, spec;
};

std::vector<Expected> Manifest() {
  std::ifstream in(std::string(GLEXIA_ATTACK_DATA) + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);
  std::vector<Expected> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    size_t start = 0, tab;
    while ((tab = line.find('\t', start)) != std::string::npos) {
      cells.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    cells.push_back(line.substr(start));
    if (cells.size() > 4) rows.push_back({cells[0], cells[1], cells[2], cells[3]});
  }
  return rows;
}

TEST(Bundle, EveryReferenceBundleReadsWithItsDomainReleaseAndSpec) {
  auto rows = Manifest();
  ASSERT_EQ(rows.size(), 14u);
  for (const auto& row : rows) {
    SCOPED_TRACE(row.path);
    // Copy under a neutral name so the file-name fallback cannot help.
    auto original = ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/" + row.path);
    ASSERT_TRUE(original.ok()) << original.status().ToString();
    EXPECT_EQ(original->domain, row.domain);
    EXPECT_EQ(original->release, row.release);
    EXPECT_EQ(original->spec_version, row.spec);
    for (const auto& rec : original->objects) {
      ASSERT_FALSE(rec.member_starts.empty()) << rec.id;
      EXPECT_EQ(rec.member_starts.front(), 0u);
      for (size_t i = 1; i < rec.member_starts.size(); ++i) {
        ASSERT_LT(rec.member_starts[i - 1], rec.member_starts[i]) << rec.id;
        ASSERT_LT(rec.member_starts[i], rec.raw.size()) << rec.id;
      }
      ASSERT_EQ(rec.raw.front(), '{');
      ASSERT_EQ(rec.raw.back(), '}');
    }
  }
}

TEST(Bundle, DomainComesFromDataWhenTheFileNameSaysNothing) {
  std::string path = std::string(GLEXIA_ATTACK_DATA) + "/ics-attack/ics-attack-17.1.json.gz";
  auto b = ReadBundle(path);
  ASSERT_TRUE(b.ok());
  // Re-parse the same bytes under an uninformative name: 2.1 has a collection.
  auto again = ParseBundle(std::string(b->data), "download.bin");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->domain, "ics-attack");
  EXPECT_EQ(again->release, "17.1");
  // A 2.0 bundle has no collection: the domain is still found, the release is not.
  auto e = ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/mobile-attack/mobile-attack-18.1.json.gz");
  ASSERT_TRUE(e.ok());
  auto anon = ParseBundle(std::string(e->data), "download.bin");
  ASSERT_FALSE(anon.ok());
  EXPECT_NE(anon.status().message().find("--release"), std::string::npos);
  ReadOptions opts;
  opts.release = "18.1";
  auto with_release = ParseBundle(std::string(e->data), "download.bin", opts);
  ASSERT_TRUE(with_release.ok());
  EXPECT_EQ(with_release->domain, "mobile-attack");
}

TEST(Bundle, FileNamePattern) {
  std::string d, r;
  DomainAndReleaseFromFileName("/x/enterprise-attack-18.1.json.gz", &d, &r);
  EXPECT_EQ(d, "enterprise-attack");
  EXPECT_EQ(r, "18.1");
  DomainAndReleaseFromFileName("ics-attack.json", &d, &r);
  EXPECT_TRUE(d.empty());
}

}  // namespace
}  // namespace glexia::stix
