// One object across releases: its version table, and a comparison of any two
// releases of it (field diff + relationships gained and lost).
// Functions are thread-safe as far as the Store is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "history/changelog.h"
#include "history/field_diff.h"
#include "history/release_index.h"
#include "store/store.h"

namespace glexia::history {

enum class ObjectStatus { kCurrent, kDeprecated, kRevoked, kAbsent };
std::string_view ObjectStatusName(ObjectStatus status);  // "current", "deprecated", "revoked", "absent"

struct HistoryEntry {
  store::ReleaseInfo release;
  ObjectStatus status = ObjectStatus::kAbsent;
  store::ObjectVersion object;  // meaningful unless absent
  ObjectRef revoked_by;         // revoked: the replacement, when the release names one
  // Whether the object differs by value from the previous imported release of
  // the domain (formatting ignored). The first release it appears in, and a
  // release where it reappears, count as changed; absent entries never do.
  bool changed_since_previous = false;
};

struct ObjectHistory {
  ObjectRef object;  // as of the newest release that has it
  std::string domain;
  std::vector<HistoryEntry> entries;  // every imported release of the domain, oldest first
};

// `id` is a STIX id or an ATT&CK ID; `domain` empty = whichever domain has it
// (enterprise first). For revoked entries the replacement is looked up with
// one scan of that release's relationships.
Result<ObjectHistory> GetObjectHistory(store::Store& store, std::string_view id, std::string_view domain);

struct RelationshipDelta {
  std::string relationship_type;
  std::string direction;  // "outgoing" (object is the source) or "incoming"
  std::string group;      // groups, software, campaigns, mitigations, detections, sub-techniques, ...
  ObjectRef other;
  std::string relationship_id;
};

struct ObjectComparison {
  ObjectRef object;
  store::ReleaseInfo from, to;
  bool in_from = false, in_to = false;
  store::ObjectVersion from_object, to_object;
  bool same_bytes = false;  // identical raw hash
  bool same_value = false;  // equal once formatting is ignored
  std::vector<FieldChange> fields;
  std::vector<RelationshipDelta> gained, lost;  // active relationships only
};

// Compares the object as of two releases of its domain.
Result<ObjectComparison> CompareObject(store::Store& store, std::string_view id, std::string_view domain,
                                       std::string_view from_version, std::string_view to_version);
// The same from indexes already loaded (the server caches them).
Result<ObjectComparison> CompareObject(store::Store& store, std::string_view id, const ReleaseIndex& from,
                                       const ReleaseIndex& to);

// The STIX id `id` names in `domain` (STIX ids pass through), searching
// releases newest first; sets *domain_out to the domain it was found in.
Result<std::string> ResolveStixId(store::Store& store, std::string_view id, std::string_view domain,
                                  std::string* domain_out);

}  // namespace glexia::history
