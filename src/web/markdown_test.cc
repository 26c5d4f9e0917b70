// The sanitizer and citation numbering: what untrusted Markdown may and may
// not become.
#include "web/markdown.h"

#include <gtest/gtest.h>

#include "web/html.h"

namespace glexia::web {
namespace {

std::string Render(std::string_view md) { return RenderMarkdown(md, MarkdownOptions{}); }

TEST(Escape, EscapesMarkupCharacters) {
  EXPECT_EQ(Escape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(Markdown, RendersBasicMarkdown) {
  std::string html = Render("Hello *world* and **bold** with `code`.\n\n- one\n- two");
  EXPECT_NE(html.find("<em>world</em>"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_NE(html.find("<code>code</code>"), std::string::npos);
  EXPECT_NE(html.find("<ul><li>"), std::string::npos);
}

TEST(Markdown, ScriptTagsBecomeText) {
  std::string html = Render("before <script>alert(1)</script> after\n\n<script>\nalert(2)\n</script>");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << html;
}

TEST(Markdown, EventHandlerAttributesNeverSurvive) {
  std::string html = Render("<img src=x onerror=alert(1)> <code onclick=\"x()\">c</code> <b style=\"x\">b</b>");
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("<code onclick"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b style"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << html;
}

TEST(Markdown, AllowlistedTagsPassAndAreBalanced) {
  std::string html = Render("Run <code>cmd.exe</code> then <b>bold<br>line");
  EXPECT_NE(html.find("<code>cmd.exe</code>"), std::string::npos) << html;
  EXPECT_NE(html.find("<br>"), std::string::npos) << html;
  // The unclosed <b> is closed before the paragraph ends.
  EXPECT_NE(html.find("line</b></p>"), std::string::npos) << html;
  // A stray closing tag is shown, not emitted.
  std::string stray = Render("text </code> more");
  EXPECT_NE(stray.find("&lt;/code&gt;"), std::string::npos) << stray;
}

TEST(Markdown, PlaceholderTagsShowLiterally) {
  std::string html = Render("Use <PID> and <username> here");
  EXPECT_NE(html.find("&lt;PID&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;username&gt;"), std::string::npos) << html;
}

TEST(Markdown, JavascriptUrlsAreNotLinked) {
  for (const char* md : {"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java&#09;script:alert(1))",
                         "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox)", "<javascript:alert(1)>",
                         "[x](//evil.example/)", "[x](\"onmouseover=alert(1))"}) {
    std::string html = Render(md);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos) << md << " → " << html;
    EXPECT_EQ(html.find("href=\"JaVa"), std::string::npos) << md << " → " << html;
    EXPECT_EQ(html.find("href=\"data:"), std::string::npos) << md << " → " << html;
    EXPECT_EQ(html.find("href=\"vbscript"), std::string::npos) << md << " → " << html;
    EXPECT_EQ(html.find("href=\"//"), std::string::npos) << md << " → " << html;
    EXPECT_EQ(html.find("<a "), std::string::npos) << md << " → " << html;
  }
}

TEST(Markdown, HttpLinksAreKeptAndAttributesEscaped) {
  std::string html = Render("[site](https://example.com/a?b=1&c=2 \"t<i>\")");
  EXPECT_NE(html.find("href=\"https://example.com/a?b=1&amp;c=2\""), std::string::npos) << html;
  EXPECT_NE(html.find("rel=\"nofollow noopener noreferrer\""), std::string::npos) << html;
  EXPECT_EQ(html.find("<i>\""), std::string::npos) << html;
}

TEST(Markdown, AttackLinksBecomeLocalPages) {
  MarkdownOptions options;
  options.local_query = "?release=18.1&domain=enterprise-attack";
  std::string html = RenderMarkdown("[Social Media](https://attack.mitre.org/techniques/T1593/001) and "
                                    "[G](https://attack.mitre.org/groups/G0034/)",
                                    options);
  EXPECT_NE(html.find("href=\"/techniques/T1593.001?release=18.1&amp;domain=enterprise-attack\""), std::string::npos)
      << html;
  EXPECT_NE(html.find("href=\"/groups/G0034?release=18.1"), std::string::npos) << html;
  EXPECT_EQ(LocalPathForAttackUrl("https://attack.mitre.org/resources/updates/"), "");
}

TEST(Markdown, CitationsAreNumberedInOrderOfFirstUse) {
  std::vector<model::ExternalReference> refs = {
      {"mitre-attack", "T1", "https://attack.mitre.org/techniques/T1", ""},
      {"Beta", "", "https://b.example", "B ref"},
      {"Alpha", "", "https://a.example", "A ref"},
  };
  Citations citations;
  MarkdownOptions options;
  options.citations = &citations;
  options.references = &refs;
  std::string html = RenderMarkdown("One.(Citation: Alpha) Two.(Citation: Beta)(Citation: Alpha) "
                                    "Three.(Citation: Unknown One)",
                                    options);
  EXPECT_NE(html.find("href=\"#ref-1\" title=\"Alpha\">[1]</a>"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"#ref-2\" title=\"Beta\">[2]</a>"), std::string::npos) << html;
  EXPECT_NE(html.find("(Citation: Unknown One)"), std::string::npos) << html;
  citations.AddUncited(refs);
  ASSERT_EQ(citations.entries().size(), 3u);
  EXPECT_EQ(citations.entries()[0].reference.source_name, "Alpha");
  EXPECT_EQ(citations.entries()[1].reference.source_name, "Beta");
  EXPECT_EQ(citations.entries()[2].reference.source_name, "mitre-attack");
}

TEST(Markdown, ForgedTokensInInputAreRemoved) {
  std::vector<model::ExternalReference> refs = {{"A", "", "https://a.example", ""}};
  Citations citations;
  MarkdownOptions options;
  options.citations = &citations;
  options.references = &refs;
  std::string html = RenderMarkdown("x\xEE\x80\x80" "0\xEE\x80\x81 y (Citation: A)", options);
  EXPECT_EQ(html.find("\xEE\x80\x80"), std::string::npos);
  EXPECT_NE(html.find("x0 y"), std::string::npos) << html;
}

TEST(Markdown, FirstParagraphOnly) {
  MarkdownOptions options;
  options.first_paragraph_only = true;
  std::string html = RenderMarkdown("First [link](https://a.example).\n\nSecond.", options);
  EXPECT_NE(html.find("First"), std::string::npos);
  EXPECT_EQ(html.find("Second"), std::string::npos) << html;
}

TEST(Markdown, StripCitationsRemovesMarkers) {
  EXPECT_EQ(StripCitations("Active since 2009.(Citation: A)(Citation: B) More (Citation: C)."),
            "Active since 2009. More.");
}

TEST(SafeUrl, AcceptsOnlyHttpHttpsMailtoAndRelative) {
  EXPECT_EQ(SafeUrl("https://a.example/x"), "https://a.example/x");
  EXPECT_EQ(SafeUrl("http://a.example"), "http://a.example");
  EXPECT_EQ(SafeUrl("/techniques/T1"), "/techniques/T1");
  EXPECT_EQ(SafeUrl("#ref-1"), "#ref-1");
  EXPECT_EQ(SafeUrl("mailto:a@b.example"), "mailto:a@b.example");
  EXPECT_EQ(SafeUrl("javascript:alert(1)"), "");
  EXPECT_EQ(SafeUrl(" javascript:alert(1)"), "");
  EXPECT_EQ(SafeUrl("java\nscript:alert(1)"), "");
  EXPECT_EQ(SafeUrl("https:evil"), "");
  EXPECT_EQ(SafeUrl("//evil.example"), "");
  EXPECT_EQ(SafeUrl("https://a.example/\\x"), "");
}

}  // namespace
}  // namespace glexia::web
