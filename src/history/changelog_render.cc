#include <array>
#include <cstdio>
#include <set>

#include "core/json_writer.h"
#include "history/render.h"

namespace glexia::history {
namespace {

constexpr std::array<Category, 8> kReported = {Category::kNew,        Category::kMajor,   Category::kMinor,
                                               Category::kOther,      Category::kPatch,   Category::kDeprecated,
                                               Category::kRevoked,    Category::kRemoved};

std::string Label(const ObjectRef& ref) {
  std::string out = ref.attack_id.empty() ? ref.stix_id : ref.attack_id;
  if (!ref.name.empty()) out += " " + ref.name;
  return out;
}

std::string VersionNote(const ObjectChange& c) {
  switch (c.category) {
    case Category::kNew: return c.new_version.empty() ? "" : " (v" + c.new_version + ")";
    case Category::kRemoved: return c.old_version.empty() ? "" : " (was v" + c.old_version + ")";
    case Category::kMajor:
    case Category::kMinor:
    case Category::kOther:
      return " (v" + (c.old_version.empty() ? std::string("none") : c.old_version) + " → v" + c.new_version + ")";
    case Category::kPatch: return " (v" + c.new_version + ", modified " + c.new_modified + ")";
    default: return "";
  }
}

std::string FieldsNote(const ObjectChange& c) {
  if (c.fields_changed.empty()) return "";
  std::string out = "; fields: ";
  for (size_t i = 0; i < c.fields_changed.size(); ++i) out += (i ? ", " : "") + c.fields_changed[i];
  return out;
}

// Backslash-escapes what Markdown would interpret, so bundle text stays text.
std::string Md(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (std::string_view("\\`*_[]<>|~&").find(ch) != std::string_view::npos) out.push_back('\\');
    if (ch == '\n' || ch == '\r') ch = ' ';
    out.push_back(ch);
  }
  return out;
}

void WriteRef(JsonWriter& w, std::string_view key, const ObjectRef& ref) {
  w.Key(key).BeginObject();
  w.FieldOrNull("id", ref.attack_id).Field("stix_id", ref.stix_id).FieldOrNull("name", ref.name);
  w.FieldOrNull("type", ref.type).EndObject();
}

void WriteRefs(JsonWriter& w, std::string_view key, const std::vector<ObjectRef>& refs) {
  w.Key(key).BeginArray();
  for (const auto& r : refs) {
    w.BeginObject().FieldOrNull("id", r.attack_id).Field("stix_id", r.stix_id).FieldOrNull("name", r.name);
    w.FieldOrNull("type", r.type).EndObject();
  }
  w.EndArray();
}

struct RelationList {
  const char* title;
  const std::vector<ObjectRef>* added;
  const std::vector<ObjectRef>* removed;
};

std::array<RelationList, 3> ListsOf(const TechniqueRelationChanges& t) {
  return {{{"mitigations", &t.mitigations_added, &t.mitigations_removed},
           {"detections", &t.detections_added, &t.detections_removed},
           {"procedures", &t.procedures_added, &t.procedures_removed}}};
}

std::string Title(const Changelog& log) {
  return "ATT&CK " + log.to.domain + " changes: " + log.from.version + " → " + log.to.version;
}

}  // namespace

std::string ChangelogText(const Changelog& log) {
  std::string out = Title(log) + "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %5s %5s %5s %5s %5s %5s %5s %5s %9s\n", "", "new", "major", "minor",
                "other", "patch", "depr", "revok", "remov", "unchanged");
  out += line;
  for (int s = 0; s < kSectionCount; ++s) {
    auto sec = static_cast<Section>(s);
    std::snprintf(line, sizeof line, "%-22s %5d %5d %5d %5d %5d %5d %5d %5d %9d\n",
                  std::string(SectionTitle(sec)).c_str(), log.Count(sec, Category::kNew),
                  log.Count(sec, Category::kMajor), log.Count(sec, Category::kMinor), log.Count(sec, Category::kOther),
                  log.Count(sec, Category::kPatch), log.Count(sec, Category::kDeprecated),
                  log.Count(sec, Category::kRevoked), log.Count(sec, Category::kRemoved),
                  log.Count(sec, Category::kUnchanged));
    out += line;
  }
  for (int s = 0; s < kSectionCount; ++s) {
    const auto& changes = log.changes[s];
    if (changes.empty()) continue;
    out += "\n" + std::string(SectionTitle(static_cast<Section>(s))) + "\n";
    for (Category cat : kReported) {
      int n = log.Count(static_cast<Section>(s), cat);
      if (!n) continue;
      out += "  " + std::string(CategoryTitle(cat)) + " (" + std::to_string(n) + ")\n";
      for (const auto& c : changes) {
        if (c.category != cat) continue;
        out += "    " + Label(c.object) + VersionNote(c);
        if (cat == Category::kRevoked) out += " → replaced by " + Label(c.replacement);
        if (cat != Category::kNew && cat != Category::kRemoved) out += FieldsNote(c);
        out += "\n";
      }
    }
  }
  if (!log.technique_relations.empty()) {
    out += "\nRelationship changes of techniques present in both releases\n";
    for (const auto& t : log.technique_relations) {
      out += "  " + Label(t.technique) + " [" + std::string(CategoryKey(t.category)) + "]\n";
      for (const auto& list : ListsOf(t)) {
        for (const auto& r : *list.added) out += "    + " + std::string(list.title) + ": " + Label(r) + "\n";
        for (const auto& r : *list.removed) out += "    - " + std::string(list.title) + ": " + Label(r) + "\n";
      }
    }
  }
  if (!log.relationship_counts.empty()) {
    out += "\nRelationships by type (added / removed / newly revoked or deprecated)\n";
    for (const auto& c : log.relationship_counts) {
      std::snprintf(line, sizeof line, "  %-16s +%-6d -%-6d %d\n", c.type.c_str(), c.added, c.removed,
                    c.became_inactive);
      out += line;
    }
  }
  if (!log.notes.empty()) {
    out += "\nNotes\n";
    for (const auto& n : log.notes) out += "  " + n + "\n";
  }
  return out;
}

std::string ChangelogMarkdown(const Changelog& log) {
  std::string out = "# " + Md(Title(log)) + "\n\n";
  out += "| Type | New | Major | Minor | Other | Patch | Deprecated | Revoked | Removed | Unchanged |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (int s = 0; s < kSectionCount; ++s) {
    auto sec = static_cast<Section>(s);
    out += "| " + std::string(SectionTitle(sec));
    for (Category cat : kReported) out += " | " + std::to_string(log.Count(sec, cat));
    out += " | " + std::to_string(log.Count(sec, Category::kUnchanged)) + " |\n";
  }
  for (int s = 0; s < kSectionCount; ++s) {
    const auto& changes = log.changes[s];
    if (changes.empty()) continue;
    out += "\n## " + std::string(SectionTitle(static_cast<Section>(s))) + "\n";
    for (Category cat : kReported) {
      if (!log.Count(static_cast<Section>(s), cat)) continue;
      out += "\n### " + std::string(CategoryTitle(cat)) + "\n\n";
      for (const auto& c : changes) {
        if (c.category != cat) continue;
        out += "* " + Md(Label(c.object) + VersionNote(c));
        if (cat == Category::kRevoked) out += " — replaced by " + Md(Label(c.replacement));
        out += "\n";
      }
    }
  }
  if (!log.technique_relations.empty()) {
    out += "\n## Technique relationship changes\n";
    for (const auto& t : log.technique_relations) {
      out += "\n* **" + Md(Label(t.technique)) + "**\n";
      for (const auto& list : ListsOf(t)) {
        for (const auto& r : *list.added) out += "  * added " + std::string(list.title) + ": " + Md(Label(r)) + "\n";
        for (const auto& r : *list.removed)
          out += "  * removed " + std::string(list.title) + ": " + Md(Label(r)) + "\n";
      }
    }
  }
  if (!log.relationship_counts.empty()) {
    out += "\n## Relationships by type\n\n| Type | Added | Removed | Newly revoked/deprecated |\n|---|---:|---:|---:|\n";
    for (const auto& c : log.relationship_counts) {
      out += "| " + Md(c.type) + " | " + std::to_string(c.added) + " | " + std::to_string(c.removed) + " | " +
             std::to_string(c.became_inactive) + " |\n";
    }
  }
  return out;
}

std::string ChangelogJson(const Changelog& log) {
  JsonWriter w;
  w.BeginObject().Field("domain", log.to.domain).Field("from", log.from.version).Field("to", log.to.version);
  w.Key("summary").BeginObject();
  for (int s = 0; s < kSectionCount; ++s) {
    auto sec = static_cast<Section>(s);
    w.Key(SectionKey(sec)).BeginObject();
    for (Category cat : kReported) w.Field(CategoryKey(cat), log.Count(sec, cat));
    w.Field("unchanged", log.Count(sec, Category::kUnchanged)).EndObject();
  }
  w.EndObject();
  w.Key("sections").BeginObject();
  for (int s = 0; s < kSectionCount; ++s) {
    w.Key(SectionKey(static_cast<Section>(s))).BeginObject();
    for (Category cat : kReported) {
      w.Key(CategoryKey(cat)).BeginArray();
      for (const auto& c : log.changes[s]) {
        if (c.category != cat) continue;
        w.BeginObject().FieldOrNull("id", c.object.attack_id).Field("stix_id", c.object.stix_id);
        w.Field("name", c.object.name).Field("type", c.object.type);
        w.FieldOrNull("old_version", c.old_version).FieldOrNull("new_version", c.new_version);
        w.FieldOrNull("old_modified", c.old_modified).FieldOrNull("new_modified", c.new_modified);
        if (cat == Category::kRevoked) WriteRef(w, "replaced_by", c.replacement);
        w.StringArray("fields_changed", c.fields_changed).EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("technique_relationships").BeginArray();
  for (const auto& t : log.technique_relations) {
    w.BeginObject();
    WriteRef(w, "technique", t.technique);
    w.Field("category", CategoryKey(t.category));
    for (const auto& list : ListsOf(t)) {
      WriteRefs(w, std::string(list.title) + "_added", *list.added);
      WriteRefs(w, std::string(list.title) + "_removed", *list.removed);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("relationship_counts").BeginArray();
  for (const auto& c : log.relationship_counts) {
    w.BeginObject().Field("type", c.type).Field("added", c.added).Field("removed", c.removed);
    w.Field("became_inactive", c.became_inactive).EndObject();
  }
  w.EndArray();
  for (auto [key, list] : {std::pair{"relationships_added", &log.relationships_added},
                           std::pair{"relationships_removed", &log.relationships_removed}}) {
    w.Key(key).BeginArray();
    for (const auto& r : *list) {
      w.BeginObject().Field("stix_id", r.stix_id).Field("type", r.type);
      WriteRef(w, "source", r.source);
      WriteRef(w, "target", r.target);
      w.EndObject();
    }
    w.EndArray();
  }
  w.StringArray("notes", log.notes);
  w.EndObject();
  return w.Take();
}

std::string ChangelogLayer(const Changelog& log) {
  struct Legend {
    Category category;
    const char* color;
    const char* label;
  };
  static const Legend kLegend[] = {
      {Category::kNew, "#8ec843", "New"},
      {Category::kMajor, "#ff6e6e", "Major version change"},
      {Category::kMinor, "#ffd966", "Minor version change"},
      {Category::kOther, "#c27ba0", "Other version change"},
      {Category::kPatch, "#9fc5e8", "Patch (same version)"},
      {Category::kDeprecated, "#b7b7b7", "Deprecated"},
      {Category::kRevoked, "#e69138", "Revoked"},
  };
  const char* kRelationsOnly = "#d9d2e9";
  std::string attack_major = log.to.version.substr(0, log.to.version.find('.'));
  JsonWriter w;
  w.BeginObject().Field("name", log.to.domain + " changes " + log.from.version + " to " + log.to.version);
  w.Key("versions").BeginObject().Field("attack", attack_major).Field("navigator", "4.5").Field("layer", "4.5");
  w.EndObject();
  w.Field("domain", log.to.domain);
  w.Field("description", "Techniques changed between ATT&CK " + log.from.version + " and " + log.to.version +
                             ", coloured by change category (classification as in MITRE's changelog tool).");
  w.Key("techniques").BeginArray();
  std::set<std::string> listed;
  for (Section sec : {Section::kTechniques, Section::kSubtechniques}) {
    for (const auto& c : log.changes[static_cast<size_t>(sec)]) {
      if (c.category == Category::kRemoved || c.object.attack_id.empty()) continue;
      const char* color = nullptr;
      for (const auto& l : kLegend)
        if (l.category == c.category) color = l.color;
      listed.insert(c.object.stix_id);
      std::string comment = std::string(CategoryTitle(c.category)) + VersionNote(c);
      if (c.category == Category::kRevoked) comment += "; replaced by " + Label(c.replacement);
      w.BeginObject().Field("techniqueID", c.object.attack_id).Field("color", color).Field("comment", comment);
      w.EndObject();
    }
  }
  for (const auto& t : log.technique_relations) {
    if (listed.count(t.technique.stix_id) || t.technique.attack_id.empty()) continue;
    w.BeginObject().Field("techniqueID", t.technique.attack_id).Field("color", kRelationsOnly);
    w.Field("comment", "Relationships changed (mitigations, detections or procedures)").EndObject();
  }
  w.EndArray();
  w.Key("legendItems").BeginArray();
  for (const auto& l : kLegend) w.BeginObject().Field("label", l.label).Field("color", l.color).EndObject();
  w.BeginObject().Field("label", "Relationships changed only").Field("color", kRelationsOnly).EndObject();
  w.EndArray();
  w.Field("hideDisabled", false);
  w.EndObject();
  return w.Take();
}

}  // namespace glexia::history
