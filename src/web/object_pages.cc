// Pages for every kind other than techniques, and the per-kind index pages.
// Each object page shows its relationships in both directions plus the same
// version, raw and references sections as the technique page.
#include <algorithm>
#include <map>
#include <set>

#include "server/http.h"
#include "web/pages.h"
#include "web/paths.h"

namespace glexia::web {

std::string AnalyticsTable(PageEnv& env, const std::vector<const model::Object*>& analytics);  // technique_page.cc

namespace {

using model::Kind;
using model::Object;
using model::Relationship;

std::string Facts(PageEnv& env, const Object& o) {
  std::string out = "<dl class=\"facts\">";
  auto row = [&](std::string_view label, const std::string& value_html) {
    out += "<div><dt>" + std::string(label) + "</dt><dd>" + value_html + "</dd></div>";
  };
  row("ATT&amp;CK ID", o.attack_id.empty() ? "&mdash;" : env.Link(o));
  row("Type", Escape(KindSingularLabel(o.kind)) + (o.type == "tool" || o.type == "malware"
                                                       ? " (" + Escape(o.type) + ")"
                                                       : std::string()));
  row("Domain", Escape(DomainLabel(env.release().domain)));
  if (!o.aliases.empty()) row("Aliases", JoinEscaped(o.aliases));
  if (!o.platforms.empty()) row("Platforms", JoinEscaped(o.platforms));
  if (!o.shortname.empty()) row("Short name", "<code>" + Escape(o.shortname) + "</code>");
  if (!o.first_seen.empty()) row("First seen", DateHtml(o.first_seen));
  if (!o.last_seen.empty()) row("Last seen", DateHtml(o.last_seen));
  if (o.kind == Kind::kDataComponent) {
    const Object* ds = env.model->DataSourceOf(o);
    row("Data source", ds ? env.IdAndName(*ds) : "&mdash;");
  }
  row("Version", Escape(o.version.empty() ? "—" : o.version));
  row("Created", DateHtml(o.created));
  row("Last modified", DateHtml(o.modified));
  row("Status", StatusPill(o));
  if (!o.contributors.empty()) row("Contributors", JoinEscaped(o.contributors));
  return out + "</dl>";
}

// A table of (object, relationship text) rows.
std::string RelatedTable(PageEnv& env, std::vector<std::pair<const Object*, const Relationship*>> rows,
                         std::string_view text_header, const Object& self) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first->attack_id != b.first->attack_id ? a.first->attack_id < b.first->attack_id
                                                    : a.first->name < b.first->name;
  });
  std::string out = "<div class=\"table-wrap\"><table><thead><tr><th>Domain</th><th>ID</th><th>Name</th><th>" +
                    std::string(text_header) + "</th></tr></thead><tbody>";
  for (const auto& [o, r] : rows) {
    out += "<tr><td>" + Escape(DomainLabel(env.release().domain)) + "</td><td>" + env.Link(*o) + "</td><td>" +
           env.Link(*o, o->name) + "</td><td>" +
           (r && !r->description.empty() ? env.Markdown(r->description, &r->references, &self.references)
                                         : std::string("&mdash;")) +
           "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::vector<std::pair<const Object*, const Relationship*>> Ends(PageEnv& env, const Object& o, std::string_view type,
                                                                bool outgoing, std::set<Kind> kinds = {}) {
  std::vector<std::pair<const Object*, const Relationship*>> rows;
  auto rels = outgoing ? env.model->Outgoing(o, type) : env.model->Incoming(o, type);
  for (const Relationship* r : rels) {
    const Object* other = outgoing ? env.model->TargetOf(*r) : env.model->SourceOf(*r);
    if (other && (kinds.empty() || kinds.count(other->kind))) rows.emplace_back(other, r);
  }
  return rows;
}

std::string RelatedSection(PageEnv& env, const Object& self, std::string_view id, std::string_view title,
                           std::vector<std::pair<const Object*, const Relationship*>> rows, std::string_view header,
                           std::string_view none) {
  if (rows.empty()) return Section(id, title, None(none));
  return Section(id, title, RelatedTable(env, std::move(rows), header, self));
}

std::string TechniquesUsed(PageEnv& env, const Object& actor) {
  std::vector<model::TechniqueUse> uses = env.model->TechniquesUsedBy(actor);
  if (uses.empty()) {
    return Section("techniques-used", "Techniques used",
                   None("ATT&CK records no technique used by this " + std::string(KindSingularLabel(actor.kind)) +
                        " in this release."));
  }
  // The same techniques as an ATT&CK Navigator layer (interop layer's API), coloured by how they are used.
  std::string layer_kind = actor.kind == Kind::kGroup ? "groups" : actor.kind == Kind::kCampaign ? "campaigns" : "software";
  std::string layer_url = "/api/v1/layers/" + layer_kind + "/" + server::PercentEncode(actor.attack_id) + env.Query();
  std::string out = "<p class=\"muted\">" + std::to_string(uses.size()) +
                    " techniques, used directly (with ATT&amp;CK's procedure text), via software, or via "
                    "campaigns. <a class=\"button\" href=\"" + Escape(layer_url) +
                    "\" download>Download Navigator layer</a></p><div class=\"table-wrap\"><table><thead><tr><th>Domain</th><th>ID</th><th>Name"
                    "</th><th>Use</th><th>How</th></tr></thead><tbody>";
  for (const auto& u : uses) {
    const Object& t = *u.technique;
    out += "<tr><td>" + Escape(DomainLabel(env.release().domain)) + "</td><td>" + env.Link(t) + "</td><td>";
    if (t.is_subtechnique) {
      if (const Object* parent = env.model->ParentOf(t)) out += env.Link(*parent, parent->name) + ": ";
    }
    out += env.Link(t, t.name) + "</td><td>";
    std::string use;
    for (const Relationship* r : u.direct) {
      if (!r->description.empty()) use += env.Markdown(r->description, &r->references, &actor.references);
    }
    out += (use.empty() ? "&mdash;" : use) + "</td><td>";
    std::string how;
    for (model::UseHow h : u.how) {
      if (h == model::UseHow::kDirect) how += "<span class=\"pill\">direct</span>";
    }
    for (const Object* s : u.via_software) how += "<span class=\"pill\">via " + env.Link(*s, s->name) + "</span>";
    for (const Object* c : u.via_campaigns) how += "<span class=\"pill\">via " + env.Link(*c, c->name) + "</span>";
    out += how + "</td></tr>";
  }
  out += "</tbody></table></div>";
  return Section("techniques-used", "Techniques used", out);
}

std::string TacticTechniques(PageEnv& env, const Object& tactic) {
  auto techniques = env.model->TechniquesOfTactic(tactic, false);
  if (techniques.empty()) return Section("techniques", "Techniques", None("No active technique in this release."));
  std::string out = "<div class=\"table-wrap\"><table><thead><tr><th>ID</th><th>Name</th><th>Sub-techniques</th>"
                    "</tr></thead><tbody>";
  for (const Object* t : techniques) {
    auto subs = env.model->SubtechniquesOf(*t);
    std::string sub_links;
    for (const Object* s : subs) sub_links += (sub_links.empty() ? "" : ", ") + env.Link(*s, s->attack_id);
    out += "<tr><td>" + env.Link(*t) + "</td><td>" + env.Link(*t, t->name) + "</td><td>" +
           (subs.empty() ? "&mdash;" : sub_links) + "</td></tr>";
  }
  return Section("techniques", "Techniques", out + "</tbody></table></div>");
}

std::string AnalyticDetails(PageEnv& env, const Object& a) {
  std::string out;
  std::vector<const Object*> strategies = env.model->StrategiesOfAnalytic(a);
  std::string s_html;
  for (const Object* s : strategies) {
    s_html += "<li>" + env.IdAndName(*s);
    auto detected = Ends(env, *s, "detects", true);
    for (const auto& [t, r] : detected) s_html += " &rarr; " + env.IdAndName(*t);
    s_html += "</li>";
  }
  out += Section("strategies", "Detection strategies",
                 s_html.empty() ? None("No detection strategy references this analytic in this release.")
                                : "<ul>" + s_html + "</ul>");
  std::string ls = "<div class=\"table-wrap\"><table><thead><tr><th>Data component</th><th>Name</th><th>Channel</th>"
                   "</tr></thead><tbody>";
  for (const auto& l : a.log_sources) {
    const Object* dc = env.model->ByStixId(l.data_component_ref);
    ls += "<tr><td>" + (dc ? env.IdAndName(*dc) : "<code>" + Escape(l.data_component_ref) + "</code>") +
          "</td><td><code>" + Escape(l.name) + "</code></td><td><code>" + Escape(l.channel) + "</code></td></tr>";
  }
  ls += "</tbody></table></div>";
  out += Section("log-sources", "Log sources", a.log_sources.empty() ? None("No log source listed.") : ls);
  std::string me = "<div class=\"table-wrap\"><table><thead><tr><th>Field</th><th>Description</th></tr></thead><tbody>";
  for (const auto& m : a.mutable_elements) {
    me += "<tr><td><code>" + Escape(m.field) + "</code></td><td>" + Escape(m.description) + "</td></tr>";
  }
  me += "</tbody></table></div>";
  out += Section("mutable-elements", "Mutable elements (tuning)",
                 a.mutable_elements.empty() ? None("No mutable element listed.") : me);
  return out;
}

std::string KindSections(PageEnv& env, const Object& o) {
  std::string out;
  switch (o.kind) {
    case Kind::kTactic: out += TacticTechniques(env, o); break;
    case Kind::kGroup:
      out += TechniquesUsed(env, o);
      out += RelatedSection(env, o, "software", "Software used", Ends(env, o, "uses", true, {Kind::kSoftware}),
                            "Use", "ATT&CK records no software used by this group in this release.");
      out += RelatedSection(env, o, "campaigns", "Campaigns attributed to this group",
                            Ends(env, o, "attributed-to", false), "Attribution",
                            "No campaign is attributed to this group in this release.");
      break;
    case Kind::kCampaign:
      out += TechniquesUsed(env, o);
      out += RelatedSection(env, o, "software", "Software used", Ends(env, o, "uses", true, {Kind::kSoftware}),
                            "Use", "ATT&CK records no software used in this campaign in this release.");
      out += RelatedSection(env, o, "attributed-to", "Attributed to", Ends(env, o, "attributed-to", true),
                            "Attribution", "This campaign is not attributed to a group in this release.");
      break;
    case Kind::kSoftware:
      out += TechniquesUsed(env, o);
      out += RelatedSection(env, o, "used-by", "Groups and campaigns using this software",
                            Ends(env, o, "uses", false, {Kind::kGroup, Kind::kCampaign}), "Use",
                            "No group or campaign is recorded as using this software in this release.");
      break;
    case Kind::kMitigation:
      out += RelatedSection(env, o, "techniques-addressed", "Techniques addressed by this mitigation",
                            Ends(env, o, "mitigates", true), "How it applies",
                            "This mitigation addresses no active technique in this release.");
      break;
    case Kind::kDataSource: {
      auto components = env.model->ComponentsOf(o);
      std::string list;
      for (const Object* c : components) list += "<li>" + env.IdAndName(*c) + "</li>";
      out += Section("components", "Data components",
                     list.empty() ? None("No data component in this release.") : "<ul>" + list + "</ul>");
      break;
    }
    case Kind::kDataComponent: {
      auto analytics = env.model->AnalyticsUsingComponent(o);
      out += Section("analytics", "Analytics using this data component",
                     analytics.empty() ? None("No analytic references this data component in this release.")
                                       : AnalyticsTable(env, analytics));
      out += RelatedSection(env, o, "techniques-detected", "Techniques detected", Ends(env, o, "detects", true),
                            "Detects", "This data component detects no technique directly in this release.");
      break;
    }
    case Kind::kDetectionStrategy:
      out += RelatedSection(env, o, "techniques-detected", "Techniques detected", Ends(env, o, "detects", true),
                            "Detects", "This detection strategy detects no active technique in this release.");
      out += Section("analytics", "Analytics", AnalyticsTable(env, env.model->AnalyticsOf(o)));
      break;
    case Kind::kAnalytic: out += AnalyticDetails(env, o); break;
    case Kind::kAsset:
      out += RelatedSection(env, o, "techniques-targeting", "Techniques targeting this asset",
                            Ends(env, o, "targets", false), "Targets",
                            "No technique targets this asset in this release.");
      break;
    case Kind::kMatrix: {
      std::string list;
      for (const auto& ref : o.tactic_refs) {
        if (const Object* t = env.model->ByStixId(ref)) list += "<li>" + env.IdAndName(*t) + "</li>";
      }
      out += Section("tactics", "Tactics in matrix order",
                     "<p><a href=\"/matrix/" + Escape(env.release().domain) + Escape(env.Query()) +
                         "\">Open the matrix</a></p><ol>" + list + "</ol>");
      break;
    }
    default: break;
  }
  return out;
}

}  // namespace

std::string ObjectPageBody(PageEnv& env, const Object& o) {
  std::string out = Banner(env, o);
  out += "<div class=\"crumbs\">" + Escape(DomainLabel(env.release().domain)) + " &rsaquo; <a href=\"/" +
         Escape(PageSegment(o.kind)) + Escape(env.Query()) + "\">" + Escape(KindPluralLabel(o.kind)) + "</a></div>";
  out += "<h1>" + Escape(o.name.empty() ? o.stix_id : o.name) + "<span class=\"id\">" + Escape(o.attack_id) +
         "</span></h1>";
  out += Facts(env, o);
  out += Section("description", "Description",
                 o.description.empty() ? None("ATT&CK gives no description for this object.")
                                       : env.Markdown(o.description, &o.references));
  out += KindSections(env, o);
  out += AllRelationshipsSection(env, o);
  out += VersionSection(env, o);
  out += RawSection(env, o);
  out += ReferencesSection(env, o);
  out += "<section class=\"card\" id=\"attribution\">" + AttributionNotice() + "</section>";
  return out;
}

std::string KindIndexBody(PageEnv& env, Kind kind) {
  auto objects = env.model->OfKind(kind);
  std::string out = "<h1>" + Escape(KindPluralLabel(kind)) + " <span class=\"id\">" +
                    Escape(DomainLabel(env.release().domain)) + " " + Escape(env.release().version) + "</span></h1>";
  if (objects.empty()) return out + None("This release has none.");
  out += "<section class=\"card\"><p class=\"muted\">" + std::to_string(objects.size()) +
         " active objects.</p><div class=\"table-wrap\"><table><thead><tr><th>ID</th><th>Name</th><th>Summary</th>"
         "</tr></thead><tbody>";
  for (const Object* o : objects) {
    out += "<tr><td>" + env.Link(*o) + "</td><td>" + env.Link(*o, o->name) + "</td><td class=\"snippet\">";
    std::string summary = StripCitations(o->description);
    size_t cut = summary.find(". ");
    if (cut != std::string::npos && cut < 240) summary = summary.substr(0, cut + 1);
    else if (summary.size() > 240) {
      size_t end = 240;
      while (end > 0 && (static_cast<unsigned char>(summary[end]) & 0xC0) == 0x80) --end;  // UTF-8 boundary
      summary = summary.substr(0, end) + "…";
    }
    MarkdownOptions options;
    options.first_paragraph_only = true;
    options.local_query = env.Query();
    out += RenderMarkdown(summary, options) + "</td></tr>";
  }
  return out + "</tbody></table></div></section>";
}

}  // namespace glexia::web
