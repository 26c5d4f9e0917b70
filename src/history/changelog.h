// Release changelog: what changed in one domain between two imported
// releases (any two, not only neighbours), classified by the rules of MITRE's
// changelog tool (mitreattack-python diff_stix; see docs/history.md).
//
// Building reads both releases straight from the store and parses only the
// relationships and the objects whose raw hash differs. The result is a plain
// value: immutable after BuildChangelog returns, safe to share.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "history/release_index.h"
#include "store/store.h"

namespace glexia::history {

enum class Category {
  kNew,
  kMajor,       // X.Y → (X+1).0
  kMinor,       // X.Y → X.(Y+1)
  kOther,       // any other version change (jumps, decreases)
  kPatch,       // same version; modified date or description changed
  kDeprecated,  // newly deprecated
  kRevoked,     // newly revoked, with its replacement
  kRemoved,     // no longer in the release
  kUnchanged,
};
inline constexpr int kCategoryCount = 9;
std::string_view CategoryKey(Category category);    // "new", "major", ..., "unchanged"
std::string_view CategoryTitle(Category category);  // "New", "Major version change", ...

struct ObjectRef {
  std::string stix_id;
  std::string attack_id;
  std::string name;
  std::string type;
};

struct ObjectChange {
  Category category = Category::kUnchanged;
  Section section = Section::kNone;
  ObjectRef object;
  std::string old_version, new_version;  // x_mitre_version; empty when absent on that side
  std::string old_modified, new_modified;
  ObjectRef replacement;                    // revoked: what revoked it
  std::vector<std::string> fields_changed;  // top-level fields whose value differs (formatting ignored)
};

struct TechniqueRelationChanges {
  ObjectRef technique;
  Category category = Category::kUnchanged;  // the technique's own classification
  std::vector<ObjectRef> mitigations_added, mitigations_removed;
  std::vector<ObjectRef> detections_added, detections_removed;   // detection strategies or data components
  std::vector<ObjectRef> procedures_added, procedures_removed;   // groups, software, campaigns using it
};

struct RelationshipChange {
  std::string stix_id;
  std::string type;
  ObjectRef source, target;
};

struct RelationshipTypeCount {
  std::string type;
  int added = 0;
  int removed = 0;
  int became_inactive = 0;  // still there, newly revoked or deprecated
};

struct Changelog {
  store::ReleaseInfo from, to;
  // Reported objects per section (every category but unchanged), sorted by
  // category then ATT&CK ID.
  std::array<std::vector<ObjectChange>, kSectionCount> changes;
  std::array<int, kSectionCount> unchanged{};
  std::vector<TechniqueRelationChanges> technique_relations;  // techniques and sub-techniques in both releases
  std::vector<RelationshipTypeCount> relationship_counts;     // by relationship_type
  std::vector<RelationshipChange> relationships_added, relationships_removed;
  std::vector<std::string> notes;  // objects the rules skip (e.g. revoked without a revoked-by), for transparency

  int Count(Section section, Category category) const;
  const ObjectChange* Find(std::string_view stix_or_attack_id) const;
};

// Classification of an object present in both releases. nullopt: not
// reported (already revoked/deprecated before, or revoked without a valid
// replacement). `description_differs` follows MITRE's line comparison.
std::optional<Category> ClassifyShared(const store::ObjectVersion& old_object, const store::ObjectVersion& new_object,
                                       bool replacement_valid, bool description_differs);
// Version-only part: kMajor, kMinor, kOther, or kUnchanged when equal.
// A missing x_mitre_version counts as "0.0" (as MITRE's tool does).
Category VersionChange(std::string_view old_version, std::string_view new_version);
// Timestamps compared as instants ("...00.000Z" == "...00Z").
bool SameInstant(std::string_view a, std::string_view b);
// MITRE's rule: newlines become spaces, then lines (other line breaks) are
// compared as sets.
bool DescriptionsDiffer(std::string_view old_text, std::string_view new_text);

Result<Changelog> BuildChangelog(store::Store& store, const store::ReleaseInfo& from, const store::ReleaseInfo& to);
// From indexes loaded with keep_raw (the raw bytes of objects are needed to
// look inside those whose hash differs).
Changelog BuildChangelog(const ReleaseIndex& from, const ReleaseIndex& to);

}  // namespace glexia::history
