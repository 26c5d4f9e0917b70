#include "web/html.h"

#include "core/html_escape.h"

#include <map>

#include "web/paths.h"
#include "web/static_assets.h"

namespace glexia::web {

std::string Escape(std::string_view text) { return EscapeHtml(text); }

void SetSecurityHeaders(server::Response& response) {
  // No inline script or style anywhere: everything the page needs comes from self.
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
      "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  response.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  response.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
}

namespace {

void AppendReleasePicker(const PageContext& page, std::string& out) {
  if (page.releases.empty()) return;
  std::string current = page.release.empty() ? "Releases" : DomainLabel(page.domain) + " " + page.release;
  out += "<details class=\"picker\"><summary aria-label=\"Choose ATT&amp;CK release\">";
  out += "<span class=\"picker-label\">ATT&amp;CK</span> " + Escape(current) + "</summary><div class=\"menu\">";
  std::map<std::string, std::vector<const store::ReleaseInfo*>> by_domain;
  for (const auto& r : page.releases) {
    if (!page.domain.empty() && r.domain != page.domain) continue;
    by_domain[r.domain].push_back(&r);
  }
  for (const auto& [domain, releases] : by_domain) {
    out += "<div class=\"menu-group\"><span class=\"menu-title\">" + Escape(DomainLabel(domain)) + "</span><ul>";
    for (auto it = releases.rbegin(); it != releases.rend(); ++it) {
      const auto* r = *it;
      bool selected = r->version == page.release && r->domain == page.domain;
      out += "<li><a class=\"release-link";
      out += selected ? " current\" aria-current=\"page\"" : "\"";
      out += " href=\"" + Escape(page.path + ReleaseQuery(r->version, r->domain)) + "\" data-release=\"" +
             Escape(r->version) + "\">" + Escape(r->version) + "</a></li>";
    }
    out += "</ul></div>";
  }
  out += "</div></details>";
}

void AppendHeader(const PageContext& page, std::string& out) {
  std::string q = ReleaseQuery(page.release, page.domain);
  std::string dq = page.domain.empty() ? "" : q;
  out += "<header class=\"site\"><div class=\"bar\">";
  out += "<a class=\"brand\" href=\"/\"><span class=\"logo\" aria-hidden=\"true\"></span>Glexia</a>";
  out += "<nav class=\"main\" aria-label=\"Main\">";
  std::string domain = page.domain.empty() ? "enterprise-attack" : page.domain;
  out += "<a href=\"/matrix/" + Escape(domain) + Escape(dq) + "\">Matrix</a>";
  for (model::Kind kind : {model::Kind::kTactic, model::Kind::kTechnique, model::Kind::kGroup, model::Kind::kSoftware,
                           model::Kind::kCampaign, model::Kind::kMitigation}) {
    out += "<a href=\"/" + std::string(PageSegment(kind)) + Escape(dq) + "\">" +
           std::string(KindPluralLabel(kind)) + "</a>";
  }
  out += "</nav>";
  out += "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">";
  out += "<input type=\"search\" name=\"q\" placeholder=\"ID, name or words\" aria-label=\"Search ATT&amp;CK\" "
         "required>";
  if (!page.release.empty()) out += "<input type=\"hidden\" name=\"release\" value=\"" + Escape(page.release) + "\">";
  if (!page.domain.empty()) out += "<input type=\"hidden\" name=\"domain\" value=\"" + Escape(page.domain) + "\">";
  out += "<button type=\"submit\">Search</button></form>";
  AppendReleasePicker(page, out);
  out += "</div></header>";
}

}  // namespace

std::string AttributionNotice() {
  return "<p class=\"attribution\">Source: MITRE ATT&amp;CK&reg;. &copy; The MITRE Corporation. This work is "
         "reproduced and distributed with the permission of The MITRE Corporation. MITRE ATT&amp;CK and ATT&amp;CK "
         "are registered trademarks of The MITRE Corporation. Glexia is not affiliated with or endorsed by "
         "MITRE.</p>";
}

server::Response RenderPage(const PageContext& page, std::string_view body_html, int status) {
  server::Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  std::string& out = response.body;
  out.reserve(body_html.size() + 4096);
  out += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>" + Escape(page.title) + " · Glexia</title>";
  out += "<link rel=\"stylesheet\" href=\"" + std::string(StylesheetUrl()) + "\">";
  out += "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">";
  out += "</head><body>";
  AppendHeader(page, out);
  out += "<main id=\"content\">";
  out += body_html;
  out += "</main><footer class=\"site\"><div class=\"inner\">";
  out += AttributionNotice();
  out += "<p class=\"muted\">Glexia mirrors ATT&amp;CK releases locally; every page states the release it shows.</p>";
  out += "</div></footer></body></html>\n";
  SetSecurityHeaders(response);
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

std::string ObjectPath(const model::Object& object) {
  std::string_view segment = PageSegment(object.kind);
  if (object.attack_id.empty() || segment == "objects") return "/objects/" + UrlEncode(object.stix_id);
  std::string path = "/";
  path.append(segment).append("/").append(UrlEncode(object.attack_id));
  return path;
}

std::string ObjectLink(const model::Object& object, const store::ReleaseInfo& release, std::string_view text) {
  std::string href = ObjectPath(object) + ReleaseQuery(release.version, release.domain);
  std::string label(text.empty() ? (object.attack_id.empty() ? object.name : object.attack_id) : text);
  std::string cls = object.revoked ? " class=\"revoked\"" : (object.deprecated ? " class=\"deprecated\"" : "");
  return "<a href=\"" + Escape(href) + "\"" + cls + ">" + Escape(label) + "</a>";
}

}  // namespace glexia::web
