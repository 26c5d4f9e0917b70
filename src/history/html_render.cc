#include <array>
#include <tuple>

#include "history/render.h"

namespace glexia::history {
namespace {

constexpr std::array<Category, 8> kReported = {Category::kNew,        Category::kMajor,   Category::kMinor,
                                               Category::kOther,      Category::kPatch,   Category::kDeprecated,
                                               Category::kRevoked,    Category::kRemoved};

std::string Link(const ObjectRef& ref, const PathOf& path_of, std::string_view release) {
  std::string text = ref.attack_id.empty() ? ref.stix_id : ref.attack_id;
  std::string out = "<a href=\"" + HtmlEscape(path_of(ref) + "?release=" + std::string(release)) + "\">" +
                    HtmlEscape(text) + "</a>";
  if (!ref.name.empty()) out += " " + HtmlEscape(ref.name);
  return out;
}

std::string QueryFor(const Changelog& log) {
  return "?domain=" + log.to.domain + "&from=" + log.from.version + "&to=" + log.to.version;
}

}  // namespace


std::string ChangelogHtml(const Changelog& log, const PathOf& path_of) {
  const std::string& from = log.from.version;
  const std::string& to = log.to.version;
  std::string q = QueryFor(log);
  std::string out = "<section class=\"changelog\"><h1>Changes in " + HtmlEscape(log.to.domain) + ": " +
                    HtmlEscape(from) + " → " + HtmlEscape(to) + "</h1>\n";
  out += "<p>Classification follows MITRE's changelog tool (mitreattack-python diff_stix). Downloads: "
         "<a href=\"/api/v1/changelog" + HtmlEscape(q) + "&format=json\">JSON</a> · "
         "<a href=\"/api/v1/changelog" + HtmlEscape(q) + "&format=md\">Markdown</a> · "
         "<a href=\"/api/v1/changelog" + HtmlEscape(q) + "&format=layer\">Navigator layer</a></p>\n";
  out += "<table class=\"counts\"><thead><tr><th>Type</th>";
  for (Category cat : kReported) out += "<th>" + HtmlEscape(CategoryTitle(cat)) + "</th>";
  out += "<th>Unchanged</th></tr></thead><tbody>\n";
  for (int s = 0; s < kSectionCount; ++s) {
    auto sec = static_cast<Section>(s);
    out += "<tr><th><a href=\"#" + std::string(SectionKey(sec)) + "\">" + HtmlEscape(SectionTitle(sec)) + "</a></th>";
    for (Category cat : kReported) out += "<td>" + std::to_string(log.Count(sec, cat)) + "</td>";
    out += "<td>" + std::to_string(log.Count(sec, Category::kUnchanged)) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  for (int s = 0; s < kSectionCount; ++s) {
    auto sec = static_cast<Section>(s);
    const auto& changes = log.changes[s];
    out += "<h2 id=\"" + std::string(SectionKey(sec)) + "\">" + HtmlEscape(SectionTitle(sec)) + "</h2>\n";
    if (changes.empty()) {
      out += "<p>No changes in this release pair.</p>\n";
      continue;
    }
    for (Category cat : kReported) {
      int n = log.Count(sec, cat);
      if (!n) continue;
      out += "<details open><summary>" + HtmlEscape(CategoryTitle(cat)) + " (" + std::to_string(n) +
             ")</summary><ul>\n";
      for (const auto& c : changes) {
        if (c.category != cat) continue;
        bool in_to = cat != Category::kRemoved;
        out += "<li>" + Link(c.object, path_of, in_to ? to : from);
        if (!c.old_version.empty() || !c.new_version.empty())
          out += " <span class=\"version\">" + HtmlEscape(c.old_version.empty() ? "" : "v" + c.old_version) +
                 (c.old_version.empty() || c.new_version.empty() ? "" : " → ") +
                 HtmlEscape(c.new_version.empty() ? "" : "v" + c.new_version) + "</span>";
        if (cat == Category::kRevoked) out += " — replaced by " + Link(c.replacement, path_of, to);
        if (!c.fields_changed.empty()) {
          out += " <span class=\"fields\">(";
          for (size_t i = 0; i < c.fields_changed.size(); ++i)
            out += (i ? ", " : "") + HtmlEscape(c.fields_changed[i]);
          out += ")</span>";
        }
        if (cat != Category::kNew && cat != Category::kRemoved) {
          out += " <a class=\"compare\" href=\"" +
                 HtmlEscape(path_of(c.object) + "/compare?from=" + from + "&to=" + to + "&domain=" + log.to.domain) +
                 "\">compare</a>";
        }
        out += "</li>\n";
      }
      out += "</ul></details>\n";
    }
  }
  out += "<h2 id=\"technique-relationships\">Technique relationship changes</h2>\n";
  if (log.technique_relations.empty()) out += "<p>None.</p>\n";
  else out += "<table><thead><tr><th>Technique</th><th>Change</th><th>Added</th><th>Removed</th></tr></thead><tbody>\n";
  for (const auto& t : log.technique_relations) {
    const std::pair<const char*, std::pair<const std::vector<ObjectRef>*, const std::vector<ObjectRef>*>> lists[] = {
        {"Mitigations", {&t.mitigations_added, &t.mitigations_removed}},
        {"Detections", {&t.detections_added, &t.detections_removed}},
        {"Procedures", {&t.procedures_added, &t.procedures_removed}}};
    for (const auto& [title, pair] : lists) {
      if (pair.first->empty() && pair.second->empty()) continue;
      out += "<tr><td>" + Link(t.technique, path_of, to) + "</td><td>" + title + "</td><td>";
      for (const auto& r : *pair.first) out += Link(r, path_of, to) + "<br>";
      out += "</td><td>";
      for (const auto& r : *pair.second) out += Link(r, path_of, from) + "<br>";
      out += "</td></tr>\n";
    }
  }
  if (!log.technique_relations.empty()) out += "</tbody></table>\n";
  out += "<h2 id=\"relationships\">Relationships by type</h2>\n<table><thead><tr><th>Type</th><th>Added</th>"
         "<th>Removed</th><th>Newly revoked or deprecated</th></tr></thead><tbody>\n";
  for (const auto& c : log.relationship_counts) {
    out += "<tr><td>" + HtmlEscape(c.type) + "</td><td>" + std::to_string(c.added) + "</td><td>" +
           std::to_string(c.removed) + "</td><td>" + std::to_string(c.became_inactive) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  if (!log.notes.empty()) {
    out += "<h2>Notes</h2><ul>";
    for (const auto& n : log.notes) out += "<li>" + HtmlEscape(n) + "</li>";
    out += "</ul>\n";
  }
  out += "</section>\n";
  return out;
}

std::string ComparisonHtml(const ObjectComparison& c, const PathOf& path_of) {
  std::string out = "<section class=\"compare\"><h1>" + Link(c.object, path_of, c.to.version) + ": " +
                    HtmlEscape(c.from.version) + " → " + HtmlEscape(c.to.version) + "</h1>\n<p>";
  if (!c.in_from) out += "Not in " + HtmlEscape(c.from.version) + ". ";
  if (!c.in_to) out += "Not in " + HtmlEscape(c.to.version) + ". ";
  if (c.in_from && c.in_to) {
    out += "Version " + HtmlEscape(c.from_object.version.empty() ? "none" : c.from_object.version) + " → " +
           HtmlEscape(c.to_object.version.empty() ? "none" : c.to_object.version) + ". ";
    out += c.same_bytes ? "Identical bytes." : (c.same_value ? "Same value; only formatting differs." : "Changed.");
  }
  out += "</p>\n<h2>Fields</h2>\n";
  if (c.fields.empty()) out += "<p>No field differs.</p>\n";
  else out += "<table class=\"fields\"><thead><tr><th>Field</th><th>Change</th><th>Difference</th></tr></thead><tbody>\n";
  for (const auto& f : c.fields) {
    out += "<tr><td>" + HtmlEscape(f.field) + "</td><td>" + HtmlEscape(FieldChangeKindName(f.kind)) + "</td><td>";
    if (f.is_set) {
      for (const auto& item : f.items_added) out += "<ins>+ " + HtmlEscape(item) + "</ins><br>";
      for (const auto& item : f.items_removed) out += "<del>− " + HtmlEscape(item) + "</del><br>";
    } else if (!f.words.empty()) {
      for (const auto& p : f.words) {
        if (p.op == WordPiece::Op::kAdded) out += "<ins>" + HtmlEscape(p.text) + "</ins> ";
        else if (p.op == WordPiece::Op::kRemoved) out += "<del>" + HtmlEscape(p.text) + "</del> ";
        else out += HtmlEscape(p.text) + " ";
      }
    } else {
      if (!f.old_value.empty()) out += "<del>" + HtmlEscape(f.old_value) + "</del> ";
      if (!f.new_value.empty()) out += "<ins>" + HtmlEscape(f.new_value) + "</ins>";
    }
    out += "</td></tr>\n";
  }
  if (!c.fields.empty()) out += "</tbody></table>\n";
  for (auto [title, list, release] : {std::tuple{"Relationships gained", &c.gained, c.to.version},
                                      std::tuple{"Relationships lost", &c.lost, c.from.version}}) {
    out += "<h2>" + std::string(title) + "</h2>\n";
    if (list->empty()) {
      out += "<p>None.</p>\n";
      continue;
    }
    out += "<ul>";
    for (const auto& d : *list)
      out += "<li>" + HtmlEscape(d.group) + ": " + Link(d.other, path_of, release) + " (" +
             HtmlEscape(d.relationship_type) + ")</li>\n";
    out += "</ul>\n";
  }
  out += "</section>\n";
  return out;
}

}  // namespace glexia::history
