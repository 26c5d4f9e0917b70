#include "history/changelog.h"

#include <algorithm>
#include <cctype>
#include <future>
#include <map>
#include <set>
#include <unordered_map>

#include "history/json_canon.h"

namespace glexia::history {
namespace {

struct ParsedVersion {
  bool ok = false;
  long major = 0, minor = 0;
};

ParsedVersion ParseVersion(std::string_view v) {
  if (v.empty()) return {true, 0, 0};  // ICS objects had no x_mitre_version before v11
  size_t dot = v.find('.');
  if (dot == std::string_view::npos || v.find('.', dot + 1) != std::string_view::npos) return {};
  auto digits = [](std::string_view s, long* out) {
    if (s.empty() || s.size() > 9) return false;
    long n = 0;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      n = n * 10 + (c - '0');
    }
    *out = n;
    return true;
  };
  ParsedVersion p;
  p.ok = digits(v.substr(0, dot), &p.major) && digits(v.substr(dot + 1), &p.minor);
  return p;
}

std::string NormalizedInstant(std::string_view t) {
  std::string s(t);
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) s.pop_back();
  size_t dot = s.find('.');
  if (dot != std::string::npos) {
    while (s.size() > dot + 1 && s.back() == '0') s.pop_back();
    if (s.size() == dot + 1) s.pop_back();
  }
  return s;
}

// Python's str.splitlines() separators, minus '\n' (already replaced by ' ').
std::vector<std::string_view> SplitPythonLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0, i = 0;
  auto cut = [&](size_t end, size_t next) {
    lines.push_back(text.substr(start, end - start));
    start = i = next;
  };
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      cut(i, (i + 1 < text.size() && text[i + 1] == '\n') ? i + 2 : i + 1);
    } else if (c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e) {
      cut(i, i + 1);
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) {
      cut(i, i + 2);
    } else if (c == 0xe2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 || static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      cut(i, i + 3);
    } else {
      ++i;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// MITRE groups techniques with sub-techniques, and malware with tools, when
// checking that a revoked object's replacement is of its kind.
int FamilyOf(const store::ObjectVersion& object) {
  Section s = SectionOf(object);
  if (s == Section::kSubtechniques) s = Section::kTechniques;
  return static_cast<int>(s);
}

ObjectRef RefOf(const store::ObjectVersion& meta) { return {meta.stix_id, meta.attack_id, meta.name, meta.type}; }

ObjectRef RefIn(const ReleaseIndex& index, std::string_view stix_id) {
  if (const IndexedObject* o = index.Find(stix_id)) return RefOf(o->meta);
  return {std::string(stix_id), "", "", ""};
}

bool ByAttackId(const ObjectRef& a, const ObjectRef& b) {
  if (a.attack_id != b.attack_id) return a.attack_id < b.attack_id;
  if (a.name != b.name) return a.name < b.name;
  return a.stix_id < b.stix_id;
}

// Which of a technique's active relationships the changelog follows, keyed by
// what is at the other end.
struct TechniqueLinks {
  std::set<std::string_view> mitigations, detections, procedures;
};

std::unordered_map<std::string_view, TechniqueLinks> LinksByTechnique(const ReleaseIndex& index) {
  std::unordered_map<std::string_view, TechniqueLinks> links;
  for (const RelationFacts& rel : index.relationships) {
    if (!rel.active()) continue;  // MITRE skips revoked/deprecated relationships here
    const IndexedObject* source = index.Find(rel.source_ref);
    if (!source) continue;
    const std::string& st = source->meta.type;
    if (rel.type == "mitigates" && st == "course-of-action") {
      links[rel.target_ref].mitigations.insert(rel.source_ref);
    } else if (rel.type == "detects" && (st == "x-mitre-detection-strategy" || st == "x-mitre-data-component")) {
      links[rel.target_ref].detections.insert(rel.source_ref);
    } else if (rel.type == "uses" &&
               (st == "intrusion-set" || st == "malware" || st == "tool" || st == "campaign")) {
      links[rel.target_ref].procedures.insert(rel.source_ref);
    }
  }
  return links;
}

void SetDiff(const std::set<std::string_view>& before, const std::set<std::string_view>& after, const ReleaseIndex& from,
             const ReleaseIndex& to, std::vector<ObjectRef>* added, std::vector<ObjectRef>* removed) {
  for (const auto& id : after)
    if (!before.count(id)) added->push_back(RefIn(to, id));
  for (const auto& id : before)
    if (!after.count(id)) removed->push_back(RefIn(from, id));
  std::sort(added->begin(), added->end(), ByAttackId);
  std::sort(removed->begin(), removed->end(), ByAttackId);
}

}  // namespace

std::string_view CategoryKey(Category category) {
  switch (category) {
    case Category::kNew: return "new";
    case Category::kMajor: return "major";
    case Category::kMinor: return "minor";
    case Category::kOther: return "other";
    case Category::kPatch: return "patch";
    case Category::kDeprecated: return "deprecated";
    case Category::kRevoked: return "revoked";
    case Category::kRemoved: return "removed";
    case Category::kUnchanged: return "unchanged";
  }
  return "unchanged";
}

std::string_view CategoryTitle(Category category) {
  switch (category) {
    case Category::kNew: return "New";
    case Category::kMajor: return "Major version change";
    case Category::kMinor: return "Minor version change";
    case Category::kOther: return "Other version change";
    case Category::kPatch: return "Patch (same version, content changed)";
    case Category::kDeprecated: return "Deprecated";
    case Category::kRevoked: return "Revoked";
    case Category::kRemoved: return "Removed";
    case Category::kUnchanged: return "Unchanged";
  }
  return "Unchanged";
}

Category VersionChange(std::string_view old_version, std::string_view new_version) {
  ParsedVersion o = ParseVersion(old_version), n = ParseVersion(new_version);
  if (!o.ok || !n.ok) return old_version == new_version ? Category::kUnchanged : Category::kOther;
  if (n.major == o.major + 1 && n.minor == 0) return Category::kMajor;
  if (n.major == o.major && n.minor == o.minor + 1) return Category::kMinor;
  if (n.major == o.major && n.minor == o.minor) return Category::kUnchanged;
  return Category::kOther;
}

bool SameInstant(std::string_view a, std::string_view b) { return NormalizedInstant(a) == NormalizedInstant(b); }

bool DescriptionsDiffer(std::string_view old_text, std::string_view new_text) {
  std::string a(old_text), b(new_text);
  std::replace(a.begin(), a.end(), '\n', ' ');
  std::replace(b.begin(), b.end(), '\n', ' ');
  auto la = SplitPythonLines(a), lb = SplitPythonLines(b);
  std::set<std::string_view> sa(la.begin(), la.end()), sb(lb.begin(), lb.end());
  return sa != sb;
}

std::optional<Category> ClassifyShared(const store::ObjectVersion& old_object, const store::ObjectVersion& new_object,
                                       bool replacement_valid, bool description_differs) {
  if (new_object.revoked) {
    if (old_object.revoked || !replacement_valid) return std::nullopt;
    return Category::kRevoked;
  }
  if (new_object.deprecated) {
    if (old_object.deprecated) return std::nullopt;
    return Category::kDeprecated;
  }
  Category version = VersionChange(old_object.version, new_object.version);
  if (version != Category::kUnchanged) return version;
  if (!SameInstant(old_object.modified, new_object.modified) || description_differs) return Category::kPatch;
  return Category::kUnchanged;
}

int Changelog::Count(Section section, Category category) const {
  if (section == Section::kNone) return 0;
  auto s = static_cast<size_t>(section);
  if (category == Category::kUnchanged) return unchanged[s];
  return static_cast<int>(std::count_if(changes[s].begin(), changes[s].end(),
                                        [&](const ObjectChange& c) { return c.category == category; }));
}

const ObjectChange* Changelog::Find(std::string_view id) const {
  auto iequal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (const auto& section : changes)
    for (const auto& c : section)
      if (c.object.stix_id == id || (!c.object.attack_id.empty() && iequal(c.object.attack_id, id))) return &c;
  return nullptr;
}

Changelog BuildChangelog(const ReleaseIndex& from, const ReleaseIndex& to) {
  Changelog log;
  log.from = from.release;
  log.to = to.release;
  std::unordered_map<std::string_view, Category> technique_category;

  auto record = [&](ObjectChange change) {
    if (change.section == Section::kNone) return;
    auto s = static_cast<size_t>(change.section);
    if (change.category == Category::kUnchanged) {
      ++log.unchanged[s];
    } else {
      log.changes[s].push_back(std::move(change));
    }
  };

  for (const IndexedObject& now : to.objects) {
    Section section = SectionOf(now.meta);
    if (section == Section::kNone) continue;
    ObjectChange change;
    change.section = section;
    change.object = RefOf(now.meta);
    change.new_version = now.meta.version;
    change.new_modified = now.meta.modified;
    const IndexedObject* before = from.Find(now.meta.stix_id);
    if (!before) {
      change.category = Category::kNew;
      record(std::move(change));
      continue;
    }
    change.old_version = before->meta.version;
    change.old_modified = before->meta.modified;
    bool description_differs = false;
    if (before->meta.sha256 != now.meta.sha256 && !before->raw.empty() && !now.raw.empty()) {
      std::string old_text, new_text;
      bool both_have_description = false;
      if (ChangedFields(before->raw, now.raw, &change.fields_changed, &old_text, &new_text, &both_have_description)
              .ok() &&
          both_have_description) {
        description_differs = DescriptionsDiffer(old_text, new_text);
      }
    }
    bool replacement_valid = false;
    if (now.meta.revoked && !before->meta.revoked) {
      auto it = to.revoked_by.find(now.meta.stix_id);
      const IndexedObject* replacement = it == to.revoked_by.end() ? nullptr : to.Find(it->second);
      replacement_valid = replacement && FamilyOf(replacement->meta) == FamilyOf(now.meta);
      if (replacement) change.replacement = RefOf(replacement->meta);
      if (!replacement_valid) {
        log.notes.push_back(now.meta.attack_id + " " + now.meta.name + " (" + now.meta.stix_id +
                            ") is newly revoked but has no revoked-by relationship to an object of its kind; "
                            "not reported, as in MITRE's tool");
      }
    }
    std::optional<Category> category = ClassifyShared(before->meta, now.meta, replacement_valid, description_differs);
    if (!category) continue;
    change.category = *category;
    if (now.meta.type == "attack-pattern") technique_category[now.meta.stix_id] = *category;
    record(std::move(change));
  }
  for (const IndexedObject& old : from.objects) {
    Section section = SectionOf(old.meta);
    if (section == Section::kNone || to.Find(old.meta.stix_id)) continue;
    ObjectChange change;
    change.section = section;
    change.category = Category::kRemoved;
    change.object = RefOf(old.meta);
    change.old_version = old.meta.version;
    change.old_modified = old.meta.modified;
    record(std::move(change));
  }
  for (auto& section : log.changes) {
    std::sort(section.begin(), section.end(), [](const ObjectChange& a, const ObjectChange& b) {
      if (a.category != b.category) return a.category < b.category;
      return ByAttackId(a.object, b.object);
    });
  }

  // Relationship changes of techniques present (and active) in both releases.
  auto old_links = LinksByTechnique(from), new_links = LinksByTechnique(to);
  static const TechniqueLinks kNoLinks;
  for (const auto& [stix_id, category] : technique_category) {
    if (category == Category::kRevoked || category == Category::kDeprecated) continue;
    auto oi = old_links.find(stix_id), ni = new_links.find(stix_id);
    const TechniqueLinks& o = oi == old_links.end() ? kNoLinks : oi->second;
    const TechniqueLinks& n = ni == new_links.end() ? kNoLinks : ni->second;
    TechniqueRelationChanges t;
    t.technique = RefIn(to, stix_id);
    t.category = category;
    SetDiff(o.mitigations, n.mitigations, from, to, &t.mitigations_added, &t.mitigations_removed);
    SetDiff(o.detections, n.detections, from, to, &t.detections_added, &t.detections_removed);
    SetDiff(o.procedures, n.procedures, from, to, &t.procedures_added, &t.procedures_removed);
    if (t.mitigations_added.empty() && t.mitigations_removed.empty() && t.detections_added.empty() &&
        t.detections_removed.empty() && t.procedures_added.empty() && t.procedures_removed.empty())
      continue;
    log.technique_relations.push_back(std::move(t));
  }
  std::sort(log.technique_relations.begin(), log.technique_relations.end(),
            [](const auto& a, const auto& b) { return ByAttackId(a.technique, b.technique); });

  std::map<std::string, RelationshipTypeCount> counts;
  auto change_of = [](const RelationFacts& rel, const ReleaseIndex& index) {
    return RelationshipChange{rel.stix_id, rel.type, RefIn(index, rel.source_ref), RefIn(index, rel.target_ref)};
  };
  for (const RelationFacts& rel : to.relationships) {
    const RelationFacts* before = from.FindRelationship(rel.stix_id);
    if (!before) {
      ++counts[rel.type].added;
      log.relationships_added.push_back(change_of(rel, to));
    } else if (before->active() && !rel.active()) {
      ++counts[rel.type].became_inactive;
    }
  }
  for (const RelationFacts& rel : from.relationships) {
    if (to.FindRelationship(rel.stix_id)) continue;
    ++counts[rel.type].removed;
    log.relationships_removed.push_back(change_of(rel, from));
  }
  for (auto& [type, count] : counts) {
    count.type = type;
    log.relationship_counts.push_back(count);
  }
  auto by_ends = [](const RelationshipChange& a, const RelationshipChange& b) {
    if (a.type != b.type) return a.type < b.type;
    if (a.source.attack_id != b.source.attack_id) return a.source.attack_id < b.source.attack_id;
    if (a.target.attack_id != b.target.attack_id) return a.target.attack_id < b.target.attack_id;
    return a.stix_id < b.stix_id;
  };
  std::sort(log.relationships_added.begin(), log.relationships_added.end(), by_ends);
  std::sort(log.relationships_removed.begin(), log.relationships_removed.end(), by_ends);
  std::sort(log.notes.begin(), log.notes.end());
  return log;
}

Result<Changelog> BuildChangelog(store::Store& store, const store::ReleaseInfo& from, const store::ReleaseInfo& to) {
  if (from.domain != to.domain) {
    return Status::InvalidArgument("cannot diff releases of different domains (" + from.domain + " and " +
                                   to.domain + ")");
  }
  LoadOptions options;
  options.keep_raw = true;
  // The two scans are independent; a pooled store serves them in parallel.
  auto pending = std::async(std::launch::async, [&] { return LoadReleaseIndex(store, from, options); });
  auto newer = LoadReleaseIndex(store, to, options);
  auto older = pending.get();
  if (!older.ok()) return older.status();
  if (!newer.ok()) return newer.status();
  return BuildChangelog(**older, **newer);
}

}  // namespace glexia::history
