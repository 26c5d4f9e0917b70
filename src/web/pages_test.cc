// Pages over real ATT&CK data. Expected facts are read from the raw bundles
// with simdjson in the test, never from the model or the pages themselves.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "web/web_test_env.h"

namespace glexia::web::testing {
namespace {

const char* kTechniqueHeadings[] = {
    "<h2>Description</h2>",
    "<h2>Analyst context for executives and security teams</h2>",
    "<h2>How security teams should use this page</h2>",
    "<h2>Related techniques</h2>",
    "<h2>Groups, software, and campaigns</h2>",
    "<h2>Mitigation direction</h2>",
    "<h2>Detection</h2>",
    "<h2>Object version and sync metadata</h2>",
    "<h2>Mirrored ATT&amp;CK source object</h2>",
    "<h2>External references and citations</h2>",
};

// Every section heading, in the reference page's order.
void ExpectTechniqueSections(const std::string& html, const std::string& what) {
  size_t at = html.find("<h1>");
  ASSERT_NE(at, std::string::npos) << what;
  for (const char* h : kTechniqueHeadings) {
    size_t next = html.find(h, at);
    ASSERT_NE(next, std::string::npos) << what << ": missing or out of order: " << h;
    at = next;
  }
  EXPECT_NE(html.find("not affiliated with or endorsed by MITRE"), std::string::npos) << what;
}

// `source_text` is the object's own ATT&CK text: braces it really contains are not artifacts.
void ExpectNoTemplateArtifacts(const std::string& html, const std::string& what, const std::string& source_text = "") {
  for (const char* brace : {"{{", "}}"}) {
    if (source_text.find(brace) == std::string::npos) {
      EXPECT_EQ(html.find(brace), std::string::npos) << what << " contains " << brace;
    }
  }
  for (const char* bad : {">null<", ">undefined<", "<li></li>", "<td></td>", "<h2></h2>", "<h3></h3>",
                          "<p></p>", "href=\"\"", "<dd></dd>", "NaN"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << what << " contains " << bad;
  }
}

// ">T1591</a>": how a linked ATT&CK ID ends in the HTML.
std::string LinkEnd(std::string_view id) { return std::string(">").append(id).append("</a>"); }

struct Rel {
  std::string type, source, target;
};

class PagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = MakeSiteEnv("pages", {AttackData("enterprise-attack/enterprise-attack-17.1.json.gz"),
                                 AttackData("enterprise-attack/enterprise-attack-18.1.json.gz"),
                                 AttackData("mobile-attack/mobile-attack-18.1.json.gz"),
                                 AttackData("ics-attack/ics-attack-18.1.json.gz")})
               .release();
    raw_ = LoadRaw(AttackData("enterprise-attack/enterprise-attack-18.1.json.gz")).release();
  }
  static void TearDownTestSuite() {
    delete env_;
    delete raw_;
  }

  // STIX id of the active object with this ATT&CK ID in the raw 18.1 bundle.
  static std::string RawId(const std::string& attack_id) {
    for (auto o : raw_->objects) {
      if (AttackId(o) == attack_id && !Bool(o, "revoked")) return Str(o, "id");
    }
    return {};
  }
  static std::vector<Rel> RawRelationships() {
    std::vector<Rel> out;
    for (auto o : raw_->objects) {
      if (Str(o, "type") != "relationship" || Bool(o, "revoked") || Bool(o, "x_mitre_deprecated")) continue;
      out.push_back({Str(o, "relationship_type"), Str(o, "source_ref"), Str(o, "target_ref")});
    }
    return out;
  }

  static SiteEnv* env_;
  static RawBundle* raw_;
};
SiteEnv* PagesTest::env_ = nullptr;
RawBundle* PagesTest::raw_ = nullptr;

TEST_F(PagesTest, BusinessRelationshipsAsOf18_1HasEverySectionAndKeyFacts) {
  ASSERT_TRUE(env_ && raw_);
  auto r = Get(*env_, "/techniques/T1591.002?release=18.1&domain=enterprise-attack");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& html = r.body;
  ExpectTechniqueSections(html, "T1591.002");
  ExpectNoTemplateArtifacts(html, "T1591.002");

  // Facts derived from the raw bundle: every object related to T1591.002 by an
  // active relationship appears on the page as a link.
  std::string self = RawId("T1591.002");
  ASSERT_FALSE(self.empty());
  std::set<std::string> expected;
  for (const Rel& rel : RawRelationships()) {
    std::string other = rel.target == self ? rel.source : (rel.source == self ? rel.target : "");
    if (other.empty() || !raw_->by_id.count(other)) continue;
    auto o = raw_->by_id[other];
    if (Bool(o, "revoked") || Bool(o, "x_mitre_deprecated")) continue;
    expected.insert(AttackId(o));
  }
  for (const char* id : {"DET0855", "M1056", "G0034", "G0035", "G1004", "T1591"}) {
    EXPECT_TRUE(expected.count(id)) << id << " is not related to T1591.002 in the raw bundle";
  }
  for (const auto& id : expected) {
    EXPECT_NE(html.find(LinkEnd(id)), std::string::npos) << "no link for " << id;
  }
  // The analytic of DET0855, from the raw x_mitre_analytic_refs.
  auto det = raw_->by_id[RawId("DET0855")];
  simdjson::dom::array analytic_refs;
  ASSERT_EQ(det["x_mitre_analytic_refs"].get_array().get(analytic_refs), simdjson::SUCCESS);
  for (auto ref : analytic_refs) {
    std::string_view s;
    ASSERT_EQ(ref.get_string().get(s), simdjson::SUCCESS);
    std::string analytic = AttackId(raw_->by_id[std::string(s)]);
    EXPECT_NE(html.find(LinkEnd(analytic)), std::string::npos) << analytic;
  }

  // The first citation of the description is number 1 in the reference list.
  std::string description = Str(raw_->by_id[self], "description");
  size_t c = description.find("(Citation: ");
  ASSERT_NE(c, std::string::npos);
  std::string first = description.substr(c + 11, description.find(')', c) - c - 11);
  EXPECT_EQ(first, "ThreatPost Broadvoice Leak");
  EXPECT_NE(html.find("href=\"#ref-1\" title=\"" + first + "\">[1]</a>"), std::string::npos);
  size_t li = html.find("<li id=\"ref-1\">");
  ASSERT_NE(li, std::string::npos);
  EXPECT_LT(html.find(first, li), html.find("</li>", li));
  EXPECT_NE(html.find("https://threatpost.com/broadvoice-leaks-350m-records-voicemail-transcripts/160158/", li),
            std::string::npos);
  // Description links to other techniques became local pages.
  EXPECT_NE(html.find("href=\"/techniques/T1593.001?release=18.1&amp;domain=enterprise-attack\""), std::string::npos);
  // Analyst context without an engine says so honestly.
  EXPECT_NE(html.find("Analyst context is not available"), std::string::npos);
}

TEST_F(PagesTest, VersionTableListsEveryImportedEnterpriseRelease) {
  auto r = Get(*env_, "/techniques/T1591.002?release=17.1&domain=enterprise-attack");
  ASSERT_EQ(r.status, 200);
  size_t table = r.body.find("<table class=\"versions\">");
  ASSERT_NE(table, std::string::npos);
  for (const char* version : {"18.1", "17.1"}) {
    EXPECT_NE(r.body.find(LinkEnd(version), table), std::string::npos) << version;
  }
  EXPECT_NE(r.body.find("/techniques/T1591.002/compare?from=17.1&amp;to=18.1"), std::string::npos);
  // The raw hash of the object in 18.1 is the SHA-256 of its exact bytes: shown in full on hover.
  auto raw_bytes = env_->store->FindObjects(env_->models->Get("enterprise-attack", "18.1").value()->release().id,
                                            "T1591.002");
  ASSERT_TRUE(raw_bytes.ok());
  ASSERT_FALSE(raw_bytes.value().empty());
  EXPECT_NE(r.body.find("title=\"" + raw_bytes.value()[0].sha256 + "\""), std::string::npos);
}

TEST_F(PagesTest, EveryTechniqueOfOneReleasePerDomainHasEverySection) {
  for (const char* file : {"enterprise-attack/enterprise-attack-18.1.json.gz", "mobile-attack/mobile-attack-18.1.json.gz",
                           "ics-attack/ics-attack-18.1.json.gz"}) {
    auto raw = LoadRaw(AttackData(file));
    ASSERT_TRUE(raw);
    std::string domain = std::string(file).substr(0, std::string(file).find('/'));
    // Relationship texts shown on a technique page are its ATT&CK text too.
    std::map<std::string, std::string> related_text;
    for (auto o : raw->objects) {
      if (Str(o, "type") != "relationship") continue;
      related_text[Str(o, "target_ref")] += Str(o, "description");
      related_text[Str(o, "source_ref")] += Str(o, "description");
    }
    size_t pages = 0;
    for (auto o : raw->objects) {
      if (Str(o, "type") != "attack-pattern" || Bool(o, "revoked")) continue;
      std::string id = AttackId(o);
      ASSERT_FALSE(id.empty());
      auto r = Get(*env_, "/techniques/" + id + "?release=18.1&domain=" + domain);
      ASSERT_EQ(r.status, 200) << domain << " " << id;
      ExpectTechniqueSections(r.body, domain + " " + id);
      ExpectNoTemplateArtifacts(r.body, domain + " " + id, Str(o, "description") + Str(o, "x_mitre_detection") + related_text[Str(o, "id")]);
      EXPECT_NE(r.body.find(">" + id + "<"), std::string::npos);
      ++pages;
    }
    EXPECT_GT(pages, 50u) << file;
  }
}

TEST_F(PagesTest, GroupPageListsItsTechniquesFromTheRawBundle) {
  auto r = Get(*env_, "/groups/G0034?release=18.1&domain=enterprise-attack");
  ASSERT_EQ(r.status, 200);
  std::string group = RawId("G0034");
  size_t count = 0;
  for (const Rel& rel : RawRelationships()) {
    if (rel.type != "uses" || rel.source != group) continue;
    auto target = raw_->by_id[rel.target];
    if (Str(target, "type") != "attack-pattern" || Bool(target, "revoked") || Bool(target, "x_mitre_deprecated"))
      continue;
    EXPECT_NE(r.body.find(LinkEnd(AttackId(target))), std::string::npos) << AttackId(target);
    ++count;
  }
  EXPECT_GT(count, 10u);
  for (const char* h : {"<h2>Techniques used</h2>", "<h2>Object version and sync metadata</h2>",
                        "<h2>External references and citations</h2>"}) {
    EXPECT_NE(r.body.find(h), std::string::npos) << h;
  }
}

TEST_F(PagesTest, OtherKindsRenderWithRelationshipsAndMetadata) {
  for (const char* target :
       {"/tactics/TA0043", "/software/S0002", "/campaigns/C0001", "/mitigations/M1056", "/detectionstrategies/DET0855",
        "/analytics/AN1987", "/datacomponents/DC0001", "/assets/A0001", "/datasources/DS0002"}) {
    std::string t = std::string(target) + (std::string(target).find("DS0002") != std::string::npos ? "?release=17.1"
                                                                                                   : "?release=18.1");
    if (std::string(target).starts_with("/assets/")) t = std::string(target) + "?domain=ics-attack";
    auto r = Get(*env_, t);
    ASSERT_EQ(r.status, 200) << t << r.body.substr(0, 500);
    EXPECT_NE(r.body.find("<h2>All relationships</h2>"), std::string::npos) << t;
    EXPECT_NE(r.body.find("<h2>Object version and sync metadata</h2>"), std::string::npos) << t;
    EXPECT_NE(r.body.find("<h2>Mirrored ATT&amp;CK source object</h2>"), std::string::npos) << t;
    ExpectNoTemplateArtifacts(r.body, t);
  }
}

TEST_F(PagesTest, MatrixHasTacticsInMatrixOrder) {
  auto r = Get(*env_, "/matrix/enterprise-attack?release=18.1");
  ASSERT_EQ(r.status, 200);
  simdjson::dom::element matrix;
  for (auto o : raw_->objects) {
    if (Str(o, "type") == "x-mitre-matrix") matrix = o;
  }
  simdjson::dom::array tactic_refs;
  ASSERT_EQ(matrix["tactic_refs"].get_array().get(tactic_refs), simdjson::SUCCESS);
  size_t at = 0;
  for (auto ref : tactic_refs) {
    std::string_view s;
    ASSERT_EQ(ref.get_string().get(s), simdjson::SUCCESS);
    std::string id = AttackId(raw_->by_id[std::string(s)]);
    size_t next = r.body.find("data-tactic=\"" + id + "\"", at);
    ASSERT_NE(next, std::string::npos) << id << " missing or out of order";
    at = next;
  }
  EXPECT_NE(r.body.find("data-technique=\"T1591\"><details>"), std::string::npos);
  // Platform filter keeps only techniques of that platform: PRE-only T1591 stays under PRE, not Windows.
  auto windows = Get(*env_, "/matrix/enterprise-attack?release=18.1&platform=Windows");
  EXPECT_EQ(windows.body.find("data-technique=\"T1591\""), std::string::npos);
  auto pre = Get(*env_, "/matrix/enterprise-attack?release=18.1&platform=PRE");
  EXPECT_NE(pre.body.find("data-technique=\"T1591\""), std::string::npos);
}

TEST_F(PagesTest, SearchJumpsToIdsAndRanksWords) {
  auto jump = Get(*env_, "/search?q=t1591.002");
  EXPECT_EQ(jump.status, 302);
  bool located = false;
  for (const auto& [k, v] : jump.headers) {
    if (k == "Location") located = v.starts_with("/techniques/T1591.002?release=18.1");
  }
  EXPECT_TRUE(located);
  auto words = Get(*env_, "/search?q=business+relationships&release=18.1&domain=enterprise-attack");
  ASSERT_EQ(words.status, 200);
  EXPECT_NE(words.body.find(">T1591.002</a>"), std::string::npos);
  EXPECT_NE(words.body.find("<h3>Techniques"), std::string::npos);
}

TEST_F(PagesTest, HomeListsReleasesAndPagesCarrySecurityHeaders) {
  auto r = Get(*env_, "/");
  ASSERT_EQ(r.status, 200);
  for (const char* v : {"18.1", "17.1"}) EXPECT_NE(r.body.find(LinkEnd(v)), std::string::npos);
  bool csp = false;
  for (const auto& [k, v] : r.headers) {
    if (k == "Content-Security-Policy") csp = v.find("script-src 'self'") != std::string::npos &&
                                              v.find("unsafe-inline") == std::string::npos;
  }
  EXPECT_TRUE(csp);
  auto css = Get(*env_, "/static/glexia.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
}

TEST_F(PagesTest, UnknownIdsAndReleasesAre404Pages) {
  EXPECT_EQ(Get(*env_, "/techniques/T9999").status, 404);
  EXPECT_EQ(Get(*env_, "/techniques/T1591.002?release=1.0").status, 404);
  auto wrong_kind = Get(*env_, "/groups/T1591.002");
  EXPECT_EQ(wrong_kind.status, 302);
}

TEST_F(PagesTest, CachedPageIsIdentical) {
  auto a = Get(*env_, "/techniques/T1059?release=18.1");
  auto b = Get(*env_, "/techniques/T1059?release=18.1");
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.body, b.body);
  EXPECT_GT(env_->site->cache().size(), 0u);
}

}  // namespace
}  // namespace glexia::web::testing
