// A light index of one release read straight from the store: every object's
// stored facts (no model build) and every relationship's ends. The changelog
// and object comparison work on these, so a whole-release diff costs two
// store scans plus parsing only the relationships and the objects that differ.
//
// Immutable once loaded; safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace glexia::history {

struct RelationFacts {
  std::string stix_id;
  std::string type;  // relationship_type
  std::string source_ref;
  std::string target_ref;
  bool revoked = false;
  bool deprecated = false;
  bool active() const { return !revoked && !deprecated; }
};

struct IndexedObject {
  store::ObjectVersion meta;
  std::string raw;  // exact bytes; filled only when LoadOptions::keep_raw
};

struct ReleaseIndex {
  store::ReleaseInfo release;
  std::vector<IndexedObject> objects;  // every non-relationship object
  std::vector<RelationFacts> relationships;
  // Keys view the ids stored in the vectors above (filled once they are final).
  std::unordered_map<std::string_view, size_t> object_by_id;
  std::unordered_map<std::string_view, size_t> relationship_by_id;
  // revoked-by: revoked object → first replacement named in the bundle.
  std::unordered_map<std::string_view, std::string_view> revoked_by;

  const IndexedObject* Find(std::string_view stix_id) const;
  const RelationFacts* FindRelationship(std::string_view stix_id) const;
};

struct LoadOptions {
  bool keep_raw = false;  // keep the bytes of non-relationship objects
};

Result<std::shared_ptr<const ReleaseIndex>> LoadReleaseIndex(store::Store& store, const store::ReleaseInfo& release,
                                                             const LoadOptions& options = {});

// The release of `domain` (default enterprise-attack) with `version`; a clear
// NotFound naming the imported versions otherwise.
Result<store::ReleaseInfo> FindRelease(store::Store& store, std::string_view domain, std::string_view version);

// "Technique", "Sub-technique", ...: which changelog section an object belongs to.
enum class Section {
  kTechniques,
  kSubtechniques,
  kTactics,
  kGroups,
  kSoftware,
  kCampaigns,
  kMitigations,
  kAssets,
  kDataSources,
  kDataComponents,
  kDetectionStrategies,
  kAnalytics,
  kNone,  // relationships, matrices, identities, ... are not reported per object
};
inline constexpr int kSectionCount = 12;
Section SectionOf(const store::ObjectVersion& object);
std::string_view SectionKey(Section section);    // "techniques", "sub-techniques", ...
std::string_view SectionTitle(Section section);  // "Techniques", "Sub-techniques", ...

}  // namespace glexia::history
