// Home, matrix and search pages.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/version.h"
#include "web/pages.h"
#include "web/paths.h"

namespace glexia::web {
namespace {

using model::Kind;
using model::Object;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool OnPlatform(const Object& t, const std::string& platform_lower) {
  if (platform_lower.empty()) return true;
  for (const auto& p : t.platforms) {
    if (Lower(p) == platform_lower) return true;
  }
  return false;
}

bool ByName(const Object* a, const Object* b) { return a->name < b->name; }

int64_t Count(const store::ReleaseInfo& r, const char* type) {
  auto it = r.counts_by_type.find(type);
  return it == r.counts_by_type.end() ? 0 : it->second;
}

std::string SearchForm(std::string_view value, const store::ReleaseInfo* release, bool big) {
  std::string out = std::string("<form class=\"search") + (big ? " big" : "") +
                    "\" action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" value=\"" +
                    Escape(value) + "\" placeholder=\"T1591.002, Sandworm, phishing…\" aria-label=\"Search ATT&amp;CK\" "
                    "required>";
  if (release) {
    out += "<input type=\"hidden\" name=\"release\" value=\"" + Escape(release->version) + "\">";
    out += "<input type=\"hidden\" name=\"domain\" value=\"" + Escape(release->domain) + "\">";
  }
  return out + "<button type=\"submit\">Search</button></form>";
}

}  // namespace

std::string MatrixBody(PageEnv& env, const std::string& platform) {
  std::string platform_lower = Lower(platform);
  std::set<std::string> platforms;
  for (const Object* t : env.model->OfKind(Kind::kTechnique)) {
    for (const auto& p : t->platforms) platforms.insert(p);
  }
  std::string out = "<h1>" + Escape(DomainLabel(env.release().domain)) + " matrix <span class=\"id\">ATT&amp;CK " +
                    Escape(env.release().version) + "</span></h1>";
  out += "<p class=\"muted\">Tactics in matrix order; each cell is a technique, with its number of sub-techniques. "
         "Open a technique's cell to list its sub-techniques.</p>";
  out += "<nav class=\"filters\" aria-label=\"Platform filter\"><span class=\"muted\">Platform:</span>";
  std::string base = "/matrix/" + UrlEncode(env.release().domain) + env.Query();
  out += "<a href=\"" + Escape(base) + "\"" + (platform.empty() ? " class=\"on\"" : "") + ">All</a>";
  for (const auto& p : platforms) {
    out += "<a href=\"" + Escape(base + "&platform=" + UrlEncode(p)) + "\"" +
           (Lower(p) == platform_lower ? " class=\"on\"" : "") + ">" + Escape(p) + "</a>";
  }
  out += "</nav>";
  auto tactics = env.model->TacticsInOrder();
  if (tactics.empty()) return out + None("This release has no matrix tactics.");
  out += "<div class=\"matrix-wrap\"><div class=\"matrix\">";
  for (const Object* tactic : tactics) {
    std::vector<const Object*> techniques;
    for (const Object* t : env.model->TechniquesOfTactic(*tactic, false)) {
      if (!t->is_subtechnique && OnPlatform(*t, platform_lower)) techniques.push_back(t);
    }
    std::sort(techniques.begin(), techniques.end(), ByName);
    out += "<div class=\"tactic-col\" data-tactic=\"" + Escape(tactic->attack_id) + "\"><header>" +
           env.Link(*tactic, tactic->name) + "<span class=\"count\">" + env.Link(*tactic) + " &middot; " +
           std::to_string(techniques.size()) + " techniques</span></header>";
    for (const Object* t : techniques) {
      std::vector<const Object*> subs;
      for (const Object* s : env.model->SubtechniquesOf(*t)) {
        if (OnPlatform(*s, platform_lower)) subs.push_back(s);
      }
      std::sort(subs.begin(), subs.end(), ByName);
      out += "<div class=\"cell\" data-technique=\"" + Escape(t->attack_id) + "\">";
      if (subs.empty()) {
        out += env.Link(*t, t->name);
      } else {
        out += "<details><summary>" + env.Link(*t, t->name) + " <span class=\"n\">(" + std::to_string(subs.size()) +
               ")</span></summary><ul class=\"subs\">";
        for (const Object* s : subs) out += "<li>" + env.Link(*s, s->name) + "</li>";
        out += "</ul></details>";
      }
      out += "</div>";
    }
    out += "</div>";
  }
  return out + "</div></div>";
}

std::string SearchBody(PageEnv& env, const std::string& query) {
  std::string out = "<h1>Search <span class=\"id\">" + Escape(DomainLabel(env.release().domain)) + " " +
                    Escape(env.release().version) + "</span></h1>";
  out += "<section class=\"card\">" + SearchForm(query, &env.release(), true);
  if (query.empty()) {
    return out + "<p class=\"muted\">Type an ATT&amp;CK ID to jump to it, or words to search names, aliases and "
                 "descriptions.</p></section>";
  }
  auto hits = env.app.store->Search(env.release().id, query, 200);
  if (!hits.ok()) {
    return out + "<p class=\"banner note\">The search could not run: " + Escape(hits.status().message()) +
           "</p></section>";
  }
  std::map<Kind, std::vector<const Object*>> grouped;
  size_t count = 0;
  for (const auto& h : hits.value()) {
    const Object* o = env.model->ByStixId(h.object.stix_id);
    if (!o || o->kind == Kind::kOther || o->kind == Kind::kIdentity || o->kind == Kind::kMarking) continue;
    grouped[o->kind].push_back(o);
    ++count;
  }
  out += "<p class=\"muted\">" + std::to_string(count) + " results for <strong>" + Escape(query) +
         "</strong>, best first within each type.</p>";
  if (count == 0) return out + None("Nothing in this release matches.") + "</section>";
  out += "<div class=\"results\">";
  for (Kind kind : {Kind::kTechnique, Kind::kGroup, Kind::kSoftware, Kind::kCampaign, Kind::kMitigation, Kind::kTactic,
                    Kind::kDetectionStrategy, Kind::kAnalytic, Kind::kDataSource, Kind::kDataComponent, Kind::kAsset,
                    Kind::kMatrix, Kind::kCollection}) {
    auto it = grouped.find(kind);
    if (it == grouped.end()) continue;
    out += "<h3>" + Escape(KindPluralLabel(kind)) + " <span class=\"muted\">(" + std::to_string(it->second.size()) +
           ")</span></h3><ul>";
    for (const Object* o : it->second) {
      out += "<li>" + env.IdAndName(*o);
      if (!o->active()) {
        out += ' ';
        out += StatusPill(*o);
      }
      std::string snippet = StripCitations(o->description);
      if (snippet.size() > 200) {
        size_t end = 200;
        while (end > 0 && (static_cast<unsigned char>(snippet[end]) & 0xC0) == 0x80) --end;
        snippet = snippet.substr(0, end) + "…";
      }
      // Plain text: Markdown syntax in a cut snippet would render half-open.
      if (!snippet.empty()) out += "<div class=\"snippet\">" + Escape(snippet) + "</div>";
      out += "</li>";
    }
    out += "</ul>";
  }
  return out + "</div></section>";
}

std::string HomeBody(server::App&, const std::vector<store::ReleaseInfo>& releases) {
  std::map<std::string, std::vector<const store::ReleaseInfo*>> by_domain;
  for (const auto& r : releases) by_domain[r.domain].push_back(&r);
  for (auto& [d, list] : by_domain) {
    std::sort(list.begin(), list.end(), [](const auto* a, const auto* b) { return VersionLess(b->version, a->version); });
  }
  std::string out = "<div class=\"hero\"><h1>ATT&amp;CK, mirrored and explained</h1><p>Glexia keeps every imported "
                    "MITRE ATT&amp;CK release side by side and explains each technique for executives and security "
                    "teams, with every statement traceable to its source.</p>" +
                    SearchForm("", nullptr, true) + "</div>";
  if (releases.empty()) {
    return out + "<section class=\"card\">" +
           None("No ATT&CK release is imported yet. Run `glexia import` or `glexia sync`, then reload.") +
           "</section>";
  }
  out += "<div class=\"tiles\">";
  for (const char* domain : {"enterprise-attack", "mobile-attack", "ics-attack"}) {
    auto it = by_domain.find(domain);
    if (it == by_domain.end()) continue;
    const store::ReleaseInfo& latest = *it->second.front();
    std::string q = ReleaseQuery(latest.version, latest.domain);
    out += "<div class=\"tile\"><h3>" + Escape(DomainLabel(domain)) + " <span class=\"muted\">" +
           Escape(latest.version) + "</span></h3><p class=\"muted\">" +
           std::to_string(Count(latest, "attack-pattern")) + " techniques &middot; " +
           std::to_string(Count(latest, "intrusion-set")) + " groups &middot; " +
           std::to_string(Count(latest, "malware") + Count(latest, "tool")) + " software &middot; " +
           std::to_string(Count(latest, "course-of-action")) + " mitigations</p>";
    out += "<p><a class=\"button\" href=\"/matrix/" + Escape(UrlEncode(domain) + q) + "\">Matrix</a> ";
    for (Kind k : {Kind::kTactic, Kind::kTechnique, Kind::kGroup, Kind::kSoftware}) {
      out += "<a href=\"/" + std::string(PageSegment(k)) + Escape(q) + "\">" + std::string(KindPluralLabel(k)) +
             "</a> ";
    }
    out += "</p></div>";
  }
  out += "</div>";
  out += "<section class=\"card\" id=\"releases\"><h2>Imported releases</h2><div class=\"table-wrap\"><table><thead>"
         "<tr><th>Domain</th><th>Release</th><th>STIX</th><th>Objects</th><th>Techniques</th><th>Imported</th>"
         "<th>Source</th><th>Index modified</th><th>Bundle SHA-256</th></tr></thead><tbody>";
  for (const auto& [domain, list] : by_domain) {
    for (const auto* r : list) {
      out += "<tr><td>" + Escape(DomainLabel(domain)) + "</td><td><a href=\"/matrix/" +
             Escape(UrlEncode(domain) + ReleaseQuery(r->version, r->domain)) + "\">" + Escape(r->version) +
             "</a></td><td>" + Escape(r->spec_version) + "</td><td>" + std::to_string(r->object_count) + "</td><td>" +
             std::to_string(Count(*r, "attack-pattern")) + "</td><td>" + DateHtml(r->imported_at) +
             "</td><td class=\"snippet\">" + Escape(r->source) + "</td><td>" + DateHtml(r->index_modified) +
             "</td><td><span class=\"hash\" title=\"" + Escape(r->bundle_sha256) + "\">" +
             Escape(r->bundle_sha256.substr(0, 12)) + "&hellip;</span></td></tr>";
    }
  }
  out += "</tbody></table></div></section>";
  return out;
}

}  // namespace glexia::web
