#include "web/page_parts.h"

#include <algorithm>
#include <map>

#include "core/version.h"
#include "web/paths.h"

namespace glexia::web {

std::string PageEnv::Query() const { return ReleaseQuery(release().version, release().domain); }

PageContext PageEnv::Context(std::string title, std::string path) const {
  PageContext page;
  page.title = std::move(title);
  page.domain = release().domain;
  page.release = release().version;
  page.path = std::move(path);
  page.releases = releases;
  return page;
}

std::string PageEnv::Link(const model::Object& object, std::string_view text) const {
  return ObjectLink(object, release(), text);
}

std::string PageEnv::IdAndName(const model::Object& object) const {
  if (object.attack_id.empty()) return Link(object, object.name);
  return Link(object) + " " + Link(object, object.name);
}

std::string PageEnv::Markdown(std::string_view text, const std::vector<model::ExternalReference>* refs,
                              const std::vector<model::ExternalReference>* fallback) {
  MarkdownOptions options;
  options.citations = &citations;
  options.references = refs;
  options.fallback_references = fallback;
  options.local_query = Query();
  return RenderMarkdown(text, options);
}

std::string PageEnv::Summary(std::string_view text) const {
  MarkdownOptions options;
  options.first_paragraph_only = true;
  options.local_query = Query();
  return RenderMarkdown(StripCitations(text), options);
}

std::string Section(std::string_view id, std::string_view title, std::string_view inner_html) {
  std::string out = "<section class=\"card\" id=\"" + std::string(id) + "\"><h2>" + std::string(title) + "</h2>";
  out += inner_html;
  out += "</section>";
  return out;
}

std::string None(std::string_view text) { return "<p class=\"muted none\">" + Escape(text) + "</p>"; }

std::string DateHtml(std::string_view iso) {
  if (iso.empty()) return "&mdash;";
  return "<time datetime=\"" + Escape(iso) + "\" title=\"" + Escape(iso) + "\">" + Escape(iso.substr(0, 10)) +
         "</time>";
}

std::string JoinEscaped(const std::vector<std::string>& values) {
  if (values.empty()) return "&mdash;";
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += Escape(v);
  }
  return out;
}

std::string StatusPill(const model::Object& object) {
  if (object.revoked) return "<span class=\"pill revoked\">revoked</span>";
  if (object.deprecated) return "<span class=\"pill deprecated\">deprecated</span>";
  return "<span class=\"pill current\">current</span>";
}

std::string Banner(PageEnv& env, const model::Object& object) {
  if (object.revoked) {
    std::string out = "<div class=\"banner revoked\" role=\"note\"><strong>Revoked.</strong> ATT&amp;CK revoked this " +
                      Escape(KindSingularLabel(object.kind)) + " in " + Escape(DomainLabel(env.release().domain)) +
                      " " + Escape(env.release().version) + ".";
    if (const model::Object* to = env.model->Replacement(object)) {
      out += " It was replaced by " + env.IdAndName(*to) + ".";
    } else {
      out += " No replacement is recorded in this release.";
    }
    return out + "</div>";
  }
  if (object.deprecated) {
    return "<div class=\"banner deprecated\" role=\"note\"><strong>Deprecated.</strong> ATT&amp;CK no longer "
           "maintains this " +
           Escape(KindSingularLabel(object.kind)) + " as of " + Escape(DomainLabel(env.release().domain)) + " " +
           Escape(env.release().version) + "; it is kept here for reference.</div>";
  }
  return "";
}

namespace {

std::string ObjectStatus(const store::ObjectVersion& v) {
  if (v.revoked) return "revoked";
  if (v.deprecated) return "deprecated";
  return "current";
}

std::string ComparePath(const model::Object& object) {
  std::string path = ObjectPath(object);
  return path + "/compare";
}

}  // namespace

std::string VersionSection(PageEnv& env, const model::Object& object) {
  std::string out =
      "<p class=\"muted\">Every imported " + Escape(DomainLabel(env.release().domain)) +
      " release, and this object as it stands in each: MITRE's object version and modified time, its status, and the "
      "SHA-256 of its exact bytes in the bundle (\"raw hash\"). Glexia keeps each release side by side, so you can "
      "open any snapshot or compare two.</p>";
  std::vector<const store::ReleaseInfo*> domain_releases;
  for (const auto& r : env.releases) {
    if (r.domain == env.release().domain) domain_releases.push_back(&r);
  }
  std::sort(domain_releases.begin(), domain_releases.end(),
            [](const auto* a, const auto* b) { return VersionLess(b->version, a->version); });
  std::map<int64_t, store::ObjectVersion> by_release;
  auto history = env.app.store->History(object.stix_id);
  if (history.ok()) {
    for (auto& [release_id, version] : history.value()) by_release[release_id] = version;
  } else {
    out += "<p class=\"banner note\">History is unavailable: " + Escape(history.status().message()) + "</p>";
  }
  std::string id = object.attack_id.empty() ? object.stix_id : object.attack_id;
  out += "<div class=\"table-wrap\"><table class=\"versions\"><thead><tr><th>Release</th><th>Imported</th>"
         "<th>Object version</th><th>Modified</th><th>Status</th><th>Change</th><th>Raw hash</th><th>Links</th>"
         "</tr></thead><tbody>";
  for (size_t i = 0; i < domain_releases.size(); ++i) {
    const store::ReleaseInfo& r = *domain_releases[i];
    bool shown = r.id == env.release().id;
    auto it = by_release.find(r.id);
    out += shown ? "<tr class=\"shown\">" : "<tr>";
    out += "<td><a href=\"" + Escape(ObjectPath(object) + ReleaseQuery(r.version, r.domain)) + "\">" +
           Escape(r.version) + "</a>" + (shown ? " <span class=\"pill\">shown</span>" : "") + "</td>";
    out += "<td>" + DateHtml(r.imported_at) + "</td>";
    if (it == by_release.end()) {
      out += "<td>&mdash;</td><td>&mdash;</td><td><span class=\"pill absent\">absent</span></td><td>&mdash;</td>"
             "<td>&mdash;</td><td>&mdash;</td></tr>";
      continue;
    }
    const store::ObjectVersion& v = it->second;
    // Change relative to the next older imported release of the domain.
    std::string change = "first imported";
    if (i + 1 < domain_releases.size()) {
      auto older = by_release.find(domain_releases[i + 1]->id);
      if (older == by_release.end()) change = "new";
      else change = older->second.sha256 == v.sha256 ? "unchanged" : "changed";
    }
    std::string status = ObjectStatus(v);
    out += "<td>" + Escape(v.version.empty() ? "—" : v.version) + "</td>";
    out += "<td>" + DateHtml(v.modified) + "</td>";
    out += "<td><span class=\"pill " + status + "\">" + status + "</span></td>";
    out += "<td>" + Escape(change) + "</td>";
    out += "<td><span class=\"hash\" title=\"" + Escape(v.sha256) + "\">" + Escape(v.sha256.substr(0, 12)) +
           "&hellip;</span></td>";
    out += "<td><a href=\"" + Escape("/api/v1/raw/" + UrlEncode(v.stix_id) + ReleaseQuery(r.version, r.domain)) +
           "\">raw</a>";
    if (!shown) {
      bool older = VersionLess(r.version, env.release().version);
      std::string from = older ? r.version : env.release().version;
      std::string to = older ? env.release().version : r.version;
      out += " · <a href=\"" +
             Escape(ComparePath(object) + "?from=" + UrlEncode(from) + "&to=" + UrlEncode(to) +
                    "&domain=" + UrlEncode(r.domain)) +
             "\">compare with " + Escape(env.release().version) + "</a>";
    }
    out += "</td></tr>";
  }
  out += "</tbody></table></div>";
  out += "<p class=\"muted\">Release source and sync: " + Escape(env.release().source.empty() ? "not recorded"
                                                                                               : env.release().source);
  out += " · bundle SHA-256 <span class=\"hash\" title=\"" + Escape(env.release().bundle_sha256) + "\">" +
         Escape(env.release().bundle_sha256.substr(0, 12)) + "&hellip;</span>";
  if (!env.release().index_modified.empty()) out += " · index modified " + DateHtml(env.release().index_modified);
  if (!env.release().downloaded_at.empty()) out += " · downloaded " + DateHtml(env.release().downloaded_at);
  out += " · " + Escape(id) + "</p>";
  return Section("versions", "Object version and sync metadata", out);
}

std::string RawSection(PageEnv& env, const model::Object& object) {
  std::string href = "/api/v1/raw/" + UrlEncode(object.stix_id) + env.Query();
  std::string out =
      "<p>Glexia keeps the exact bytes of this object as they stand in the mirrored ATT&amp;CK bundle. The raw "
      "endpoint returns them unchanged; their SHA-256 is the raw hash.</p><div class=\"raw-box\">";
  out += "<a class=\"button\" href=\"" + Escape(href) + "\">Open raw STIX object</a>";
  out += "<span>STIX id <code>" + Escape(object.stix_id) + "</code></span>";
  out += "<span>type <code>" + Escape(object.type) + "</code></span>";
  out += "<span>raw hash <span class=\"hash\" title=\"" + Escape(object.sha256) + "\">" +
         Escape(object.sha256.substr(0, 16)) + "&hellip;</span></span></div>";
  return Section("raw", "Mirrored ATT&amp;CK source object", out);
}

std::string ReferencesSection(PageEnv& env, const model::Object& object) {
  env.citations.AddUncited(object.references);
  std::string out =
      "<p class=\"muted\">MITRE's external references, numbered as cited on this page, kept apart from Glexia's "
      "analysis so every citation stays traceable to its original source.</p>";
  if (env.citations.entries().empty()) return Section("references", "External references and citations",
                                                      out + None("This object has no external references."));
  out += "<ol class=\"refs\">";
  for (const auto& e : env.citations.entries()) {
    const auto& r = e.reference;
    std::string n = std::to_string(e.number);
    out += "<li id=\"ref-" + n + "\"><span class=\"num\">[" + n + "]</span><div><strong>" + Escape(r.source_name);
    if (!r.external_id.empty()) out += " " + Escape(r.external_id);
    out += "</strong>";
    if (!r.description.empty()) out += "<br>" + Escape(r.description);
    if (!r.url.empty()) {
      std::string safe = SafeUrl(r.url);
      if (!safe.empty() && !safe.starts_with("/")) {
        out += "<br><a href=\"" + Escape(safe) + "\" rel=\"nofollow noopener noreferrer\">" + Escape(r.url) + "</a>";
      } else {
        out += "<br><span class=\"muted\">URL (not linked): " + Escape(r.url) + "</span>";
      }
    }
    out += "</div></li>";
  }
  out += "</ol>";
  return Section("references", "External references and citations", out);
}

std::string AllRelationshipsSection(PageEnv& env, const model::Object& object) {
  auto out_rels = env.model->Outgoing(object, "");
  auto in_rels = env.model->Incoming(object, "");
  std::string out;
  size_t total = out_rels.size() + in_rels.size();
  if (total == 0) {
    return Section("relationships", "All relationships",
                   None("No active ATT&CK relationship involves this object in this release."));
  }
  out += "<details" + std::string(total <= 25 ? " open" : "") + "><summary>" + std::to_string(total) +
         " active relationships, both directions</summary><div class=\"table-wrap\"><table><thead><tr>"
         "<th>Direction</th><th>Relationship</th><th>Type</th><th>ID</th><th>Name</th></tr></thead><tbody>";
  auto row = [&](const model::Relationship* r, bool outgoing) {
    const model::Object* other = outgoing ? env.model->TargetOf(*r) : env.model->SourceOf(*r);
    if (!other) return;
    out += "<tr><td>" + std::string(outgoing ? "this &rarr;" : "&rarr; this") + "</td><td>" + Escape(r->type) +
           "</td><td>" + Escape(KindSingularLabel(other->kind)) + "</td><td>" + env.Link(*other) + "</td><td>" +
           env.Link(*other, other->name) + "</td></tr>";
  };
  for (const auto* r : out_rels) row(r, true);
  for (const auto* r : in_rels) row(r, false);
  out += "</tbody></table></div></details>";
  return Section("relationships", "All relationships", out);
}

}  // namespace glexia::web
