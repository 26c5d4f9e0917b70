#include "history/release_index.h"

#include <simdjson.h>

#include "core/version.h"

namespace glexia::history {
namespace {

std::string_view StringOf(simdjson::dom::object obj, std::string_view key) {
  std::string_view out;
  if (obj[key].get_string().get(out) != simdjson::SUCCESS) return {};
  return out;
}

bool BoolOf(simdjson::dom::object obj, std::string_view key) {
  bool out = false;
  if (obj[key].get_bool().get(out) != simdjson::SUCCESS) return false;
  return out;
}

}  // namespace

const IndexedObject* ReleaseIndex::Find(std::string_view stix_id) const {
  auto it = object_by_id.find(stix_id);
  return it == object_by_id.end() ? nullptr : &objects[it->second];
}

const RelationFacts* ReleaseIndex::FindRelationship(std::string_view stix_id) const {
  auto it = relationship_by_id.find(stix_id);
  return it == relationship_by_id.end() ? nullptr : &relationships[it->second];
}

Result<std::shared_ptr<const ReleaseIndex>> LoadReleaseIndex(store::Store& store, const store::ReleaseInfo& release,
                                                             const LoadOptions& options) {
  auto index = std::make_shared<ReleaseIndex>();
  index->release = release;
  index->objects.reserve(static_cast<size_t>(release.object_count > 0 ? release.object_count : 1024));
  simdjson::dom::parser parser;  // one per load: loads may run on several threads
  Status parse_error;
  Status scan = store.ForEachObject(release.id, [&](const store::ObjectVersion& object, std::string_view raw) {
    if (object.type != "relationship") {
      index->objects.push_back({object, options.keep_raw ? std::string(raw) : std::string()});
      return;
    }
    simdjson::dom::element doc;
    simdjson::dom::object obj;
    if (parser.parse(raw.data(), raw.size()).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(obj) != simdjson::SUCCESS) {
      if (parse_error.ok()) parse_error = Status::Corruption("relationship " + object.stix_id + " does not parse");
      return;
    }
    RelationFacts rel;
    rel.stix_id = object.stix_id;
    rel.type = StringOf(obj, "relationship_type");
    rel.source_ref = StringOf(obj, "source_ref");
    rel.target_ref = StringOf(obj, "target_ref");
    rel.revoked = BoolOf(obj, "revoked");
    rel.deprecated = BoolOf(obj, "x_mitre_deprecated");
    index->relationships.push_back(std::move(rel));
  });
  GLEXIA_RETURN_IF_ERROR(scan);
  GLEXIA_RETURN_IF_ERROR(parse_error.WithContext(release.domain + " " + release.version));
  // The vectors are final now, so views of their strings stay valid.
  index->object_by_id.reserve(index->objects.size());
  for (size_t i = 0; i < index->objects.size(); ++i) index->object_by_id.emplace(index->objects[i].meta.stix_id, i);
  index->relationship_by_id.reserve(index->relationships.size());
  for (size_t i = 0; i < index->relationships.size(); ++i) {
    const RelationFacts& rel = index->relationships[i];
    index->relationship_by_id.emplace(rel.stix_id, i);
    if (rel.type == "revoked-by") index->revoked_by.emplace(rel.source_ref, rel.target_ref);
  }
  return std::shared_ptr<const ReleaseIndex>(std::move(index));
}

Result<store::ReleaseInfo> FindRelease(store::Store& store, std::string_view domain, std::string_view version) {
  std::string dom = domain.empty() ? "enterprise-attack" : std::string(domain);
  GLEXIA_ASSIGN_OR_RETURN(auto releases, store.ListReleases());
  std::string known;
  for (const auto& r : releases) {
    if (r.domain != dom) continue;
    if (CompareVersions(r.version, version) == 0 && !version.empty()) return r;
    known += known.empty() ? r.version : ", " + r.version;
  }
  if (version.empty()) return Status::InvalidArgument("no release given for " + dom);
  return Status::NotFound(std::string(version) + " is not an imported release of " + dom +
                          (known.empty() ? " (none imported)" : " (imported: " + known + ")"));
}

Section SectionOf(const store::ObjectVersion& object) {
  const std::string& t = object.type;
  if (t == "attack-pattern") {
    // ATT&CK sub-technique IDs are the parent's ID plus ".NNN".
    return object.attack_id.find('.') != std::string::npos ? Section::kSubtechniques : Section::kTechniques;
  }
  if (t == "x-mitre-tactic") return Section::kTactics;
  if (t == "intrusion-set") return Section::kGroups;
  if (t == "malware" || t == "tool") return Section::kSoftware;
  if (t == "campaign") return Section::kCampaigns;
  if (t == "course-of-action") return Section::kMitigations;
  if (t == "x-mitre-asset") return Section::kAssets;
  if (t == "x-mitre-data-source") return Section::kDataSources;
  if (t == "x-mitre-data-component") return Section::kDataComponents;
  if (t == "x-mitre-detection-strategy") return Section::kDetectionStrategies;
  if (t == "x-mitre-analytic") return Section::kAnalytics;
  return Section::kNone;
}

std::string_view SectionKey(Section section) {
  switch (section) {
    case Section::kTechniques: return "techniques";
    case Section::kSubtechniques: return "sub-techniques";
    case Section::kTactics: return "tactics";
    case Section::kGroups: return "groups";
    case Section::kSoftware: return "software";
    case Section::kCampaigns: return "campaigns";
    case Section::kMitigations: return "mitigations";
    case Section::kAssets: return "assets";
    case Section::kDataSources: return "data-sources";
    case Section::kDataComponents: return "data-components";
    case Section::kDetectionStrategies: return "detection-strategies";
    case Section::kAnalytics: return "analytics";
    case Section::kNone: break;
  }
  return "other";
}

std::string_view SectionTitle(Section section) {
  switch (section) {
    case Section::kTechniques: return "Techniques";
    case Section::kSubtechniques: return "Sub-techniques";
    case Section::kTactics: return "Tactics";
    case Section::kGroups: return "Groups";
    case Section::kSoftware: return "Software";
    case Section::kCampaigns: return "Campaigns";
    case Section::kMitigations: return "Mitigations";
    case Section::kAssets: return "Assets";
    case Section::kDataSources: return "Data sources";
    case Section::kDataComponents: return "Data components";
    case Section::kDetectionStrategies: return "Detection strategies";
    case Section::kAnalytics: return "Analytics";
    case Section::kNone: break;
  }
  return "Other";
}

}  // namespace glexia::history
