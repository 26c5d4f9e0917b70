// The in-memory knowledge graph of one ATT&CK release, built from the store.
//
// A ReleaseModel is immutable once built and safe to share between threads
// (hand it out as shared_ptr<const ReleaseModel>). Pointers and references it
// returns live as long as the model. Pages, API, analysis, history and TAXII
// all read ATT&CK facts through it; none of them parse bundles.
//
// "Active" = neither revoked nor deprecated. Relationship queries return only
// active relationships whose two ends are active, unless include_inactive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace glexia::model {

enum class Kind {
  kTechnique,          // attack-pattern (also sub-techniques)
  kTactic,             // x-mitre-tactic
  kGroup,              // intrusion-set
  kSoftware,           // malware, tool
  kCampaign,           // campaign
  kMitigation,         // course-of-action
  kDataSource,         // x-mitre-data-source
  kDataComponent,      // x-mitre-data-component
  kDetectionStrategy,  // x-mitre-detection-strategy
  kAnalytic,           // x-mitre-analytic
  kAsset,              // x-mitre-asset
  kMatrix,             // x-mitre-matrix
  kCollection,         // x-mitre-collection
  kIdentity,           // identity
  kMarking,            // marking-definition
  kOther,              // any type ATT&CK adds later; kept, not interpreted
};

// "technique", "group", ... : the URL segment and API type name for a kind.
std::string_view KindSlug(Kind kind);        // techniques → "technique"
std::string_view KindPathSegment(Kind kind);  // "techniques", "groups", ...
std::string_view KindLabel(Kind kind);       // "Technique", "Detection strategy", ...
Kind KindFromStixType(std::string_view stix_type);
// Accepts slug or path segment ("technique" or "techniques"); false if unknown.
bool KindFromName(std::string_view name, Kind* kind);

struct ExternalReference {
  std::string source_name;
  std::string external_id;
  std::string url;
  std::string description;
};

struct LogSourceReference {  // analytic → data component (18.x)
  std::string data_component_ref;  // STIX id
  std::string name;                // e.g. "WinEventLog:Security"
  std::string channel;             // e.g. "EventCode=4688"
};

struct MutableElement {  // analytic tuning knobs (18.x)
  std::string field;
  std::string description;
};

inline constexpr uint32_t kNoObject = UINT32_MAX;

struct Object {
  uint32_t index = kNoObject;  // position in ReleaseModel::objects()
  Kind kind = Kind::kOther;
  std::string type;       // STIX type
  std::string stix_id;
  std::string attack_id;  // "T1591.002"; empty when the object has none
  std::string name;
  std::string description;  // Markdown, untrusted
  std::vector<std::string> aliases;  // aliases / x_mitre_aliases
  std::vector<std::string> platforms;
  std::vector<std::string> domains;
  std::vector<std::string> contributors;
  std::string version;  // x_mitre_version
  std::string created;
  std::string modified;
  bool revoked = false;
  bool deprecated = false;
  std::vector<ExternalReference> references;  // external_references, in order
  std::string url;                            // the mitre-attack reference URL, if any
  int64_t store_object_id = 0;  // for Store::RawBytes
  std::string sha256;           // raw hash

  // Technique.
  bool is_subtechnique = false;
  std::vector<std::string> tactic_shortnames;  // kill_chain_phases[].phase_name, in order
  std::string detection_text;                   // x_mitre_detection (pre-18)
  std::vector<std::string> data_sources;        // x_mitre_data_sources (pre-18), "Source: Component"
  std::vector<std::string> permissions_required;
  std::vector<std::string> effective_permissions;
  std::vector<std::string> system_requirements;
  std::vector<std::string> defense_bypassed;
  std::vector<std::string> impact_type;
  bool remote_support = false;
  bool network_requirements = false;

  // Tactic.
  std::string shortname;  // x_mitre_shortname, e.g. "reconnaissance"

  // Software: "malware" or "tool" (from type).
  // Campaign.
  std::string first_seen;
  std::string last_seen;

  // Data component → data source (x_mitre_data_source_ref; pre-18 and 18.x).
  std::string data_source_ref;

  // Detection strategy → analytics (x_mitre_analytic_refs).
  std::vector<std::string> analytic_refs;

  // Analytic (18.x): one platform, log sources, tuning knobs.
  std::vector<LogSourceReference> log_sources;
  std::vector<MutableElement> mutable_elements;

  // Matrix: tactics in order (x-mitre-matrix tactic_refs).
  std::vector<std::string> tactic_refs;

  bool active() const { return !revoked && !deprecated; }
};

struct Relationship {
  uint32_t index = 0;  // position in ReleaseModel::relationships()
  std::string stix_id;
  std::string type;  // relationship_type: uses, mitigates, subtechnique-of, detects, attributed-to, targets, revoked-by
  std::string source_ref;
  std::string target_ref;
  uint32_t source = kNoObject;  // index of the source object, kNoObject if not in the release
  uint32_t target = kNoObject;
  std::string description;  // the "procedure" text; Markdown, untrusted
  std::vector<ExternalReference> references;
  std::string created;
  std::string modified;
  bool revoked = false;
  bool deprecated = false;
  bool active = false;  // not revoked/deprecated and both ends present and active
  int64_t store_object_id = 0;
  std::string sha256;
};

// How a group / campaign / software comes to use a technique.
enum class UseHow { kDirect, kViaSoftware, kViaCampaign };
std::string_view UseHowName(UseHow how);  // "direct", "via-software", "via-campaign"

struct TechniqueUse {
  const Object* technique = nullptr;
  std::vector<UseHow> how;  // every way it is used, direct first
  // The relationships that make each path: the direct `uses`, or the
  // intermediate software/campaign objects and their `uses` relationships.
  std::vector<const Relationship*> direct;
  std::vector<const Object*> via_software;
  std::vector<const Object*> via_campaigns;
};

class ReleaseModel {
 public:
  virtual ~ReleaseModel() = default;

  virtual const store::ReleaseInfo& release() const = 0;
  virtual const std::vector<Object>& objects() const = 0;
  virtual const std::vector<Relationship>& relationships() const = 0;

  virtual const Object* ByStixId(std::string_view stix_id) const = 0;
  // ATT&CK IDs match case-insensitively; an active object wins over a revoked one.
  virtual const Object* ByAttackId(std::string_view attack_id) const = 0;
  // STIX id or ATT&CK ID.
  virtual const Object* Resolve(std::string_view id) const = 0;
  // Follows revoked-by to the current replacement; nullptr if none.
  virtual const Object* Replacement(const Object& revoked) const = 0;

  // Objects of one kind, sorted by ATT&CK ID (then name); active only unless asked.
  virtual std::vector<const Object*> OfKind(Kind kind, bool include_inactive = false) const = 0;

  // Tactics in matrix order (x-mitre-matrix tactic_refs).
  virtual std::vector<const Object*> TacticsInOrder() const = 0;
  virtual std::vector<const Object*> TacticsOf(const Object& technique) const = 0;
  // Active techniques of a tactic (parents and sub-techniques), by ATT&CK ID.
  virtual std::vector<const Object*> TechniquesOfTactic(const Object& tactic, bool include_subtechniques) const = 0;
  virtual const Object* ParentOf(const Object& subtechnique) const = 0;
  virtual std::vector<const Object*> SubtechniquesOf(const Object& technique) const = 0;

  // Relationships of `type` ("" = any) leaving / entering the object.
  virtual std::vector<const Relationship*> Outgoing(const Object& object, std::string_view type,
                                                    bool include_inactive = false) const = 0;
  virtual std::vector<const Relationship*> Incoming(const Object& object, std::string_view type,
                                                    bool include_inactive = false) const = 0;
  const Object* SourceOf(const Relationship& r) const {
    return r.source == kNoObject ? nullptr : &objects()[r.source];
  }
  const Object* TargetOf(const Relationship& r) const {
    return r.target == kNoObject ? nullptr : &objects()[r.target];
  }

  // Detection chain.
  virtual std::vector<const Object*> AnalyticsOf(const Object& detection_strategy) const = 0;
  virtual std::vector<const Object*> StrategiesOfAnalytic(const Object& analytic) const = 0;
  virtual const Object* DataSourceOf(const Object& data_component) const = 0;
  virtual std::vector<const Object*> ComponentsOf(const Object& data_source) const = 0;
  // Analytics whose log sources reference this data component.
  virtual std::vector<const Object*> AnalyticsUsingComponent(const Object& data_component) const = 0;

  // Techniques a group / campaign / software uses, with how, by ATT&CK ID.
  virtual std::vector<TechniqueUse> TechniquesUsedBy(const Object& actor) const = 0;

  // Techniques named by attack.mitre.org/techniques/... links in the description.
  virtual std::vector<const Object*> LinkedTechniques(const Object& object) const = 0;
};

// Builds the model of one release by reading every object from the store.
Result<std::shared_ptr<const ReleaseModel>> BuildReleaseModel(store::Store& store,
                                                             const store::ReleaseInfo& release);

// Builds and caches models; the newest release of a domain is the default.
// Thread-safe. Keeps at most `max_models` models in memory (least recently used out).
class ModelCache {
 public:
  ModelCache(store::Store& store, size_t max_models);
  ~ModelCache();
  ModelCache(const ModelCache&) = delete;
  ModelCache& operator=(const ModelCache&) = delete;

  // `domain` empty means enterprise-attack; `version` empty means newest.
  Result<std::shared_ptr<const ReleaseModel>> Get(std::string_view domain, std::string_view version);
  // Re-reads the release list (after an import by any process) and drops stale models.
  Status Refresh();
  // The release list as of the last Refresh (refreshed on first use).
  std::vector<store::ReleaseInfo> Releases();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace glexia::model
