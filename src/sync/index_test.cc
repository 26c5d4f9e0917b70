#include "sync/index.h"

#include <gtest/gtest.h>

#include <map>

#include "sync/admin.h"
#include "sync/sync.h"
#include "sync/test_support.h"

namespace glexia::sync {
namespace {

TEST(CollectionIndexTest, ParsesMitresSampleIndex) {
  std::string raw = testing::ReadRaw(testing::AttackData("index.json"));
  // Expected: versions per collection name, walked here directly.
  std::map<std::string, size_t> expected;
  simdjson::dom::parser parser;
  for (simdjson::dom::element c : parser.parse(raw)["collections"].get_array())
    expected[std::string(std::string_view(c["name"].get_string()))] = c["versions"].get_array().size();

  auto index = ParseCollectionIndex(raw, "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/index.json");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  std::map<std::string, size_t> got;
  for (const IndexEntry& e : index->entries) {
    ++got[e.collection_name];
    std::string want_domain = e.collection_name == "Enterprise ATT&CK" ? "enterprise-attack"
                              : e.collection_name == "Mobile ATT&CK"   ? "mobile-attack"
                                                                       : "ics-attack";
    EXPECT_EQ(e.domain, want_domain);
    EXPECT_NE(e.url.find("/" + e.domain + "-" + e.version + ".json"), std::string::npos) << e.url;
    EXPECT_FALSE(e.modified.empty());
  }
  EXPECT_EQ(got, expected);
}

TEST(CollectionIndexTest, RejectsWhatIsNotAnIndex) {
  EXPECT_FALSE(ParseCollectionIndex("{\"type\":\"bundle\",\"objects\":[]}", "x").ok());
  EXPECT_FALSE(ParseCollectionIndex("{\"collections\": [", "x").ok());
  EXPECT_FALSE(ParseCollectionIndex(R"({"collections":[{"name":"Other","versions":[{"version":"1","url":"a.json"}]}]})",
                                    "/tmp/index.json")
                   .ok());
}

TEST(CollectionIndexTest, ResolvesReferences) {
  EXPECT_EQ(*ResolveReference("https://example.org/a/index.json", "b/x.json"), "https://example.org/a/b/x.json");
  EXPECT_EQ(*ResolveReference("https://example.org/a/index.json", "/x.json"), "https://example.org/x.json");
  EXPECT_EQ(*ResolveReference("/srv/mirror/index.json", "ics/x.json"), "/srv/mirror/ics/x.json");
  EXPECT_EQ(*ResolveReference("/srv/mirror/index.json", "file:///data/a%20b.json"), "/data/a b.json");
  EXPECT_EQ(*ResolveReference("/srv/mirror/index.json", "https://h/x.json"), "https://h/x.json");
  // A remote index must not reach into local files, and other schemes are refused.
  EXPECT_FALSE(ResolveReference("https://example.org/index.json", "file:///etc/passwd").ok());
  EXPECT_FALSE(ResolveReference("/srv/index.json", "ftp://h/x.json").ok());
}

TEST(DurationTest, ParsesCommonForms) {
  EXPECT_EQ(ParseDuration("24h")->count(), 86400);
  EXPECT_EQ(ParseDuration("30m")->count(), 1800);
  EXPECT_EQ(ParseDuration("90s")->count(), 90);
  EXPECT_EQ(ParseDuration("1h30m")->count(), 5400);
  EXPECT_EQ(ParseDuration("2d")->count(), 172800);
  for (const char* bad : {"", "24", "h", "0h", "5x", "-1h", "1.5h"}) EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
}

TEST(DomainTest, Normalizes) {
  EXPECT_EQ(NormalizeDomain("enterprise"), "enterprise-attack");
  EXPECT_EQ(NormalizeDomain("ics-attack"), "ics-attack");
  EXPECT_EQ(NormalizeDomain("pre-attack"), "");
}

TEST(BearerTokenTest, MatchesOnlyTheExactToken) {
  EXPECT_TRUE(BearerTokenMatches("Bearer s3cret-token", "s3cret-token"));
  EXPECT_TRUE(BearerTokenMatches("bearer s3cret-token", "s3cret-token"));
  EXPECT_FALSE(BearerTokenMatches("Bearer s3cret-toke", "s3cret-token"));
  EXPECT_FALSE(BearerTokenMatches("Bearer s3cret-token2", "s3cret-token"));
  EXPECT_FALSE(BearerTokenMatches("Basic s3cret-token", "s3cret-token"));
  EXPECT_FALSE(BearerTokenMatches("", "s3cret-token"));
  EXPECT_FALSE(BearerTokenMatches("Bearer ", ""));
}

}  // namespace
}  // namespace glexia::sync
