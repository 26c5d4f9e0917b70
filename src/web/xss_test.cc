// Imports tests/fixtures/xss (names, aliases, descriptions, relationship texts
// and reference URLs full of <script>, event handlers, javascript: URLs and
// broken markup) and checks that nothing of it reaches a page in executable
// form: every tag on every page is one Glexia emits, no attribute is an event
// handler or inline style, and no href/src/action holds a dangerous URL.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "web/web_test_env.h"

namespace glexia::web::testing {
namespace {

const std::set<std::string> kAllowedTags = {
    "html", "head", "meta", "title", "link", "body", "header", "footer", "main", "nav", "section", "article", "aside",
    "div", "span", "a", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "th", "td", "code", "pre", "em", "strong", "b", "i", "sub", "sup", "br", "hr", "del",
    "blockquote", "details", "summary", "form", "input", "button", "time", "!doctype"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Unescape(std::string s) {
  for (auto [from, to] : {std::pair{"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, strlen(from), to);
  }
  return s;
}

// Walks every tag of the page; returns a description of the first executable
// construct found, or "".
std::string FindExecutable(const std::string& html) {
  static const std::regex kAttr(R"re(([^\s=/>]+)(\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?)re");
  for (size_t lt = html.find('<'); lt != std::string::npos; lt = html.find('<', lt + 1)) {
    size_t gt = html.find('>', lt);
    if (gt == std::string::npos) return "unterminated tag at " + std::to_string(lt);
    std::string tag = html.substr(lt + 1, gt - lt - 1);
    if (!tag.empty() && tag[0] == '/') {
      std::string name = Lower(tag.substr(1));
      if (!kAllowedTags.count(name)) return "closing tag </" + name + ">";
      continue;
    }
    size_t name_end = tag.find_first_of(" \t\n/");
    std::string name = Lower(tag.substr(0, name_end));
    if (!kAllowedTags.count(name)) return "tag <" + name + "> in: " + html.substr(lt, 80);
    if (name == "!doctype" || name_end == std::string::npos) continue;
    std::string attrs = tag.substr(name_end);
    for (std::sregex_iterator it(attrs.begin(), attrs.end(), kAttr), end; it != end; ++it) {
      std::string attr = Lower((*it)[1].str());
      std::string value = (*it)[3].str();
      if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'')) value = value.substr(1, value.size() - 2);
      value = Lower(Unescape(value));
      value.erase(std::remove_if(value.begin(), value.end(), [](unsigned char c) { return c <= ' '; }), value.end());
      if (attr.starts_with("on")) return "event handler " + attr + " on <" + name + ">";
      if (attr == "style" || attr == "srcdoc") return "attribute " + attr + " on <" + name + ">";
      if (attr == "href" || attr == "src" || attr == "action" || attr == "formaction") {
        for (const char* scheme : {"javascript:", "data:", "vbscript:"}) {
          if (value.starts_with(scheme)) return "dangerous URL " + value + " on <" + name + ">";
        }
        if (name == "link" && attr == "href" && value.starts_with("http")) return "external stylesheet " + value;
      }
    }
  }
  return "";
}

class XssTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = MakeSiteEnv("xss", {std::string(GLEXIA_SOURCE_DIR) + "/tests/fixtures/xss/hostile-bundle.json"},
                       "enterprise-attack", "1.0")
               .release();
  }
  static void TearDownTestSuite() { delete env_; }
  static SiteEnv* env_;
};
SiteEnv* XssTest::env_ = nullptr;

TEST(XssScanner, CatchesWhatItMust) {
  EXPECT_NE(FindExecutable("<p><script>x</script></p>"), "");
  EXPECT_NE(FindExecutable("<p><img src=x onerror=alert(1)></p>"), "");
  EXPECT_NE(FindExecutable("<a href=\"javascript:alert(1)\">x</a>"), "");
  EXPECT_NE(FindExecutable("<a href=\"JaVa&#39;\" onclick=\"x\">x</a>"), "");
  EXPECT_NE(FindExecutable("<a href=\" java\tscript:x\">x</a>"), "");
  EXPECT_NE(FindExecutable("<b style=\"x\">x</b>"), "");
  EXPECT_EQ(FindExecutable("<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1)</p>"), "");
}

TEST_F(XssTest, NoPageCarriesExecutableContent) {
  ASSERT_TRUE(env_);
  const char* pages[] = {
      "/", "/techniques/T1566", "/techniques/T1566.001", "/groups/G0001", "/software/S0001", "/campaigns/C0001",
      "/mitigations/M1001", "/tactics/TA0001", "/detectionstrategies/DET0001", "/analytics/AN0001",
      "/datacomponents/DC0001", "/matrix/enterprise-attack", "/matrix/enterprise-attack?platform=Linux",
      "/search?q=alert", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/search?q=%22%3E%3Cimg+src%3Dx%3E",
      "/techniques", "/groups", "/software", "/campaigns", "/mitigations", "/tactics", "/matrices",
      "/techniques/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/groups/G0001?release=%3Cscript%3E",
      "/groups/G0001?domain=%22%3E%3Cscript%3E", "/objects/x-mitre-collection--00000000-0000-0000-0000-000000000063"};
  size_t ok_pages = 0;
  for (const char* target : pages) {
    auto r = Get(*env_, target);
    EXPECT_NE(r.status, 500) << target;
    std::string problem = FindExecutable(r.body);
    EXPECT_EQ(problem, "") << target;
    if (r.status == 200) ++ok_pages;
  }
  EXPECT_GE(ok_pages, 20u);
}

TEST_F(XssTest, HostileTextIsShownAsTextNotDropped) {
  auto r = Get(*env_, "/techniques/T1566");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;Phishing"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  // The javascript: reference URL is displayed, not linked.
  EXPECT_NE(r.body.find("URL (not linked): javascript:alert(&#39;refurl&#39;)"), std::string::npos);
  // Procedure text of the group's relationship is present, sanitized.
  EXPECT_NE(r.body.find("Procedure &lt;script&gt;alert(&#39;proc&#39;)&lt;/script&gt;"), std::string::npos);
  // The allowlisted <b> survives only without its onclick.
  EXPECT_EQ(r.body.find("<b onclick"), std::string::npos);
}

}  // namespace
}  // namespace glexia::web::testing
