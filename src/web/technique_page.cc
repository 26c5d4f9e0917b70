// The technique page: the reference page (technique-page-T1591.002) section by
// section, every section present for every technique, honest when empty.
#include <algorithm>
#include <set>

#include "core/version.h"
#include "web/pages.h"
#include "web/paths.h"

namespace glexia::web {
namespace {

using model::Kind;
using model::Object;
using model::Relationship;

bool ByName(const Object* a, const Object* b) {
  if (a->name != b->name) return a->name < b->name;
  return a->attack_id < b->attack_id;
}

std::string Facts(PageEnv& env, const Object& t) {
  std::string out = "<dl class=\"facts\">";
  auto row = [&](std::string_view label, const std::string& value_html) {
    out += "<div><dt>" + std::string(label) + "</dt><dd>" + value_html + "</dd></div>";
  };
  row("ATT&amp;CK ID", t.attack_id.empty() ? "&mdash;" : env.Link(t));
  if (t.is_subtechnique) {
    const Object* parent = env.model->ParentOf(t);
    row("Sub-technique of", parent ? env.IdAndName(*parent) : "&mdash;");
  }
  row("Domain", Escape(DomainLabel(env.release().domain)));
  std::string tactics;
  for (const Object* tactic : env.model->TacticsOf(t)) {
    if (!tactics.empty()) tactics += ", ";
    tactics += env.Link(*tactic, tactic->name) + " (" + env.Link(*tactic) + ")";
  }
  if (tactics.empty()) tactics = JoinEscaped(t.tactic_shortnames);
  row("Tactics", tactics);
  row("Platforms", JoinEscaped(t.platforms));
  row("Version", Escape(t.version.empty() ? "—" : t.version));
  row("Created", DateHtml(t.created));
  row("Last modified", DateHtml(t.modified));
  row("Status", StatusPill(t));
  if (!t.permissions_required.empty()) row("Permissions required", JoinEscaped(t.permissions_required));
  if (!t.effective_permissions.empty()) row("Effective permissions", JoinEscaped(t.effective_permissions));
  if (!t.defense_bypassed.empty()) row("Defenses bypassed", JoinEscaped(t.defense_bypassed));
  if (!t.system_requirements.empty()) row("System requirements", JoinEscaped(t.system_requirements));
  if (!t.impact_type.empty()) row("Impact type", JoinEscaped(t.impact_type));
  if (!t.contributors.empty()) row("Contributors", JoinEscaped(t.contributors));
  out += "</dl>";
  return out;
}

std::string Toc() {
  static const char* kEntries[][2] = {
      {"description", "Description"},
      {"analyst-context", "Analyst context"},
      {"how-to-use", "How to use this page"},
      {"related-techniques", "Related techniques"},
      {"procedures", "Groups, software, campaigns"},
      {"mitigations", "Mitigation direction"},
      {"detection", "Detection"},
      {"versions", "Versions and sync"},
      {"raw", "Source object"},
      {"references", "References"},
  };
  std::string out = "<nav class=\"toc\" aria-label=\"On this page\"><ol>";
  for (const auto& e : kEntries) out += std::string("<li><a href=\"#") + e[0] + "\">" + e[1] + "</a></li>";
  return out + "</ol></nav>";
}

std::string HowToUse(PageEnv& env, const Object& t) {
  std::string out =
      "<p>Treat this page as behavior context, not an attribution claim. The groups, software and campaigns below "
      "are ATT&amp;CK's historical record of use, not evidence that anyone targets your organization now. Validate the "
      "related groups, software, detections and mitigations against the official ATT&amp;CK relationships shown here "
      "and against your own telemetry before making control-coverage decisions.</p><ul>";
  out += "<li><strong>Executives:</strong> read the analyst context summary and priority; ask whether the "
         "mitigations below are in place and who owns them.</li>";
  out += "<li><strong>Detection engineers:</strong> start from the detection section (strategies, analytics and the "
         "log sources they need) and confirm those logs are collected.</li>";
  out += "<li><strong>Threat intelligence and IR:</strong> use the procedure examples and citations to see how this "
         "behavior was observed, then check the version table for what changed between releases.</li></ul>";
  out += "<p class=\"muted\">Everything on this page is as of ATT&amp;CK " + Escape(DomainLabel(env.release().domain)) +
         " " + Escape(env.release().version) + " (" + Escape(t.attack_id) +
         "); pick another release in the header to see it as of then.</p>";
  return Section("how-to-use", "How security teams should use this page", out);
}

std::string RelatedTechniques(PageEnv& env, const Object& t) {
  struct Row {
    const Object* technique;
    std::string relationship;
  };
  std::vector<Row> rows;
  std::set<const Object*> seen = {&t};
  if (t.is_subtechnique) {
    if (const Object* parent = env.model->ParentOf(t)) {
      rows.push_back({parent, "Parent technique: this is a sub-technique of " + Escape(parent->name) + "."});
      seen.insert(parent);
      for (const Object* sibling : env.model->SubtechniquesOf(*parent)) {
        if (seen.insert(sibling).second) rows.push_back({sibling, "Sibling sub-technique (same parent)."});
      }
    }
  } else {
    for (const Object* sub : env.model->SubtechniquesOf(t)) {
      if (seen.insert(sub).second) rows.push_back({sub, "Sub-technique of this technique."});
    }
  }
  for (const Object* linked : env.model->LinkedTechniques(t)) {
    if (seen.insert(linked).second) rows.push_back({linked, "Named in this technique's description."});
  }
  std::string out =
      "<p class=\"muted\">The parent, sub-techniques and the techniques this description links to, so follow-on and "
      "preceding behavior is one click away.</p>";
  if (rows.empty()) {
    return Section("related-techniques", "Related techniques",
                   out + None("No parent, sub-technique or linked technique in this release."));
  }
  out += "<div class=\"table-wrap\"><table><thead><tr><th>Domain</th><th>ID</th><th>Name</th><th>Relationship</th>"
         "</tr></thead><tbody>";
  for (const auto& r : rows) {
    out += "<tr><td>" + Escape(DomainLabel(env.release().domain)) + "</td><td>" + env.Link(*r.technique) +
           "</td><td>" + env.Link(*r.technique, r.technique->name) + "</td><td>" + r.relationship + "</td></tr>";
  }
  out += "</tbody></table></div>";
  return Section("related-techniques", "Related techniques", out);
}

std::string Procedures(PageEnv& env, const Object& t) {
  std::vector<const Relationship*> uses = env.model->Incoming(t, "uses");
  struct Use {
    const Object* actor;
    const Relationship* rel;
  };
  std::vector<Use> by_kind[3];
  const Kind kinds[3] = {Kind::kGroup, Kind::kSoftware, Kind::kCampaign};
  for (const Relationship* r : uses) {
    const Object* source = env.model->SourceOf(*r);
    if (!source) continue;
    for (int k = 0; k < 3; ++k) {
      if (source->kind == kinds[k]) by_kind[k].push_back({source, r});
    }
  }
  std::string out =
      "<p class=\"muted\">How ATT&amp;CK records this technique being used: each entry's procedure text (the "
      "relationship description) and a short summary of the group, software or campaign. This is historical use "
      "context, not a claim of current targeting.</p>";
  size_t total = by_kind[0].size() + by_kind[1].size() + by_kind[2].size();
  for (int k = 0; k < 3; ++k) {
    auto& list = by_kind[k];
    std::sort(list.begin(), list.end(), [](const Use& a, const Use& b) { return ByName(a.actor, b.actor); });
    out += "<h3>" + std::string(KindPluralLabel(kinds[k])) + " <span class=\"muted\">(" + std::to_string(list.size()) +
           ")</span></h3>";
    if (list.empty()) {
      static const char* kNone[3] = {"No group is recorded as using this technique in this release.",
                                     "No software is recorded as using this technique in this release.",
                                     "No campaign is recorded as using this technique in this release."};
      out += None(kNone[k]);
      continue;
    }
    for (const Use& u : list) {
      out += "<article class=\"item\"><h4>" + env.Link(*u.actor) + ": " + env.Link(*u.actor, u.actor->name) +
             "<span class=\"kind-label\">" + Escape(KindSingularLabel(u.actor->kind)) + "</span></h4>";
      out += "<div class=\"procedure\">";
      out += u.rel->description.empty() ? None("ATT&CK gives no procedure text for this use.")
                                        : env.Markdown(u.rel->description, &u.rel->references, &u.actor->references);
      out += "</div>";
      if (!u.actor->description.empty()) out += "<div class=\"summary\">" + env.Summary(u.actor->description) + "</div>";
      out += "</article>";
    }
  }
  if (total == 0) {
    out += "<p class=\"banner note\">ATT&amp;CK " + Escape(env.release().version) +
           " records no group, software or campaign using this technique. Absence of known use is not evidence of "
           "safety: judge exposure from your own environment.</p>";
  }
  return Section("procedures", "Groups, software, and campaigns", out);
}

std::string Mitigations(PageEnv& env, const Object& t) {
  std::vector<const Relationship*> rels = env.model->Incoming(t, "mitigates");
  std::string out =
      "<p class=\"muted\">ATT&amp;CK mitigations for this technique and how each applies (the relationship "
      "text).</p>";
  std::vector<std::pair<const Object*, const Relationship*>> rows;
  for (const Relationship* r : rels) {
    if (const Object* m = env.model->SourceOf(*r)) rows.emplace_back(m, r);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first->attack_id < b.first->attack_id; });
  if (rows.empty()) {
    return Section("mitigations", "Mitigation direction",
                   out + None("ATT&CK lists no mitigation for this technique in this release."));
  }
  out += "<div class=\"table-wrap\"><table><thead><tr><th>ID</th><th>Mitigation</th><th>How it applies</th></tr>"
         "</thead><tbody>";
  for (const auto& [m, r] : rows) {
    out += "<tr><td>" + env.Link(*m) + "</td><td>" + env.Link(*m, m->name) + "</td><td>" +
           (r->description.empty() ? "<span class=\"muted\">No relationship text.</span>"
                                   : env.Markdown(r->description, &r->references, &m->references)) +
           "</td></tr>";
  }
  out += "</tbody></table></div>";
  return Section("mitigations", "Mitigation direction", out);
}

std::string LogSources(PageEnv& env, const Object& analytic) {
  if (analytic.log_sources.empty()) return "<span class=\"muted\">none listed</span>";
  std::string out = "<ul class=\"logsources\">";
  for (const auto& ls : analytic.log_sources) {
    out += "<li>";
    if (const Object* dc = env.model->ByStixId(ls.data_component_ref)) {
      out += env.Link(*dc) + " " + env.Link(*dc, dc->name);
    } else {
      out += "<code>" + Escape(ls.data_component_ref) + "</code>";
    }
    out += ": <code>" + Escape(ls.name) + "</code>";
    if (!ls.channel.empty()) out += " &middot; <code>" + Escape(ls.channel) + "</code>";
    out += "</li>";
  }
  return out + "</ul>";
}

}  // namespace

// Shared with the detection strategy page.
std::string AnalyticsTable(PageEnv& env, const std::vector<const Object*>& analytics) {
  if (analytics.empty()) return None("This detection strategy lists no analytics in this release.");
  std::string out = "<div class=\"table-wrap\"><table><thead><tr><th>Analytic</th><th>Platform</th><th>Description</th>"
                    "<th>Log sources (data component: name &middot; channel)</th></tr></thead><tbody>";
  for (const Object* a : analytics) {
    out += "<tr><td>" + env.Link(*a) + "</td><td>" + JoinEscaped(a->platforms) + "</td><td>" +
           env.Markdown(a->description, &a->references) + "</td><td>" + LogSources(env, *a) + "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

namespace {

std::string Detection(PageEnv& env, const Object& t) {
  std::vector<const Relationship*> rels = env.model->Incoming(t, "detects");
  std::vector<std::pair<const Object*, const Relationship*>> strategies, components;
  for (const Relationship* r : rels) {
    const Object* s = env.model->SourceOf(*r);
    if (!s) continue;
    if (s->kind == Kind::kDetectionStrategy) strategies.emplace_back(s, r);
    else components.emplace_back(s, r);
  }
  auto by_id = [](const auto& a, const auto& b) { return a.first->attack_id < b.first->attack_id; };
  std::sort(strategies.begin(), strategies.end(), by_id);
  std::sort(components.begin(), components.end(), by_id);
  std::string out;
  bool any = false;
  if (!strategies.empty()) {
    any = true;
    out += "<p class=\"muted\">ATT&amp;CK detection strategies for this technique, the analytics that implement "
           "them per platform, and the log sources each analytic needs.</p>";
    for (const auto& [s, r] : strategies) {
      out += "<h3>" + env.Link(*s) + ": " + env.Link(*s, s->name) + "</h3>";
      if (!r->description.empty()) out += env.Markdown(r->description, &r->references, &s->references);
      out += AnalyticsTable(env, env.model->AnalyticsOf(*s));
    }
  }
  if (!t.detection_text.empty()) {
    any = true;
    out += "<h3>Detection guidance</h3>" + env.Markdown(t.detection_text, &t.references);
  }
  if (!components.empty()) {
    any = true;
    out += "<h3>Data sources and components</h3><div class=\"table-wrap\"><table><thead><tr><th>Data source</th>"
           "<th>Data component</th><th>Detects</th></tr></thead><tbody>";
    for (const auto& [c, r] : components) {
      const Object* ds = env.model->DataSourceOf(*c);
      out += "<tr><td>" + (ds ? env.IdAndName(*ds) : "&mdash;") + "</td><td>" + env.IdAndName(*c) + "</td><td>" +
             (r->description.empty() ? "&mdash;" : env.Markdown(r->description, &r->references, &c->references)) +
             "</td></tr>";
    }
    out += "</tbody></table></div>";
  } else if (!t.data_sources.empty()) {
    any = true;
    out += "<h3>Data sources</h3><ul>";
    for (const auto& ds : t.data_sources) out += "<li>" + Escape(ds) + "</li>";
    out += "</ul>";
  }
  if (!any) {
    out += None("ATT&CK gives no detection strategy, detection text or data source for this technique in this "
                "release. Coverage has to be judged from local telemetry.");
  }
  return Section("detection", "Detection", out);
}

}  // namespace

std::string TechniquePageBody(PageEnv& env, const Object& t) {
  std::string out;
  out += Banner(env, t);
  out += "<div class=\"crumbs\">" + Escape(DomainLabel(env.release().domain)) + " &rsaquo; <a href=\"/techniques" +
         Escape(env.Query()) + "\">Techniques</a>";
  if (t.is_subtechnique) {
    if (const Object* parent = env.model->ParentOf(t)) out += " &rsaquo; " + env.IdAndName(*parent);
  }
  out += "</div>";
  out += "<h1>" + Escape(t.name) + "<span class=\"id\">" + Escape(t.attack_id) + "</span></h1>";
  out += Facts(env, t);
  out += Toc();
  out += Section("description", "Description",
                 t.description.empty() ? None("ATT&CK gives no description for this technique.")
                                       : env.Markdown(t.description, &t.references));
  out += AnalystContextSection(env, t);
  out += HowToUse(env, t);
  out += RelatedTechniques(env, t);
  out += Procedures(env, t);
  out += Mitigations(env, t);
  out += Detection(env, t);
  out += VersionSection(env, t);
  out += RawSection(env, t);
  out += ReferencesSection(env, t);
  out += "<section class=\"card\" id=\"attribution\">" + AttributionNotice() + "</section>";
  return out;
}

}  // namespace glexia::web
