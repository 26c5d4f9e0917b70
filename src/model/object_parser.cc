#include "model/object_parser.h"

#include <algorithm>
#include <cctype>

#include "stix/bundle.h"

namespace glexia::model {
namespace {

using simdjson::SUCCESS;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

std::string_view AsString(element value) {
  std::string_view out;
  if (value.get_string().get(out) != SUCCESS) return {};
  return out;
}

bool AsBool(element value) {
  bool out = false;
  if (value.get_bool().get(out) != SUCCESS) return false;
  return out;
}

void AsStrings(element value, std::vector<std::string>* out) {
  array items;
  if (value.get_array().get(items) != SUCCESS) return;
  out->reserve(items.size());
  for (element item : items) {
    std::string_view s;
    if (item.get_string().get(s) == SUCCESS) out->emplace_back(s);
  }
}

std::string_view MemberString(object json, std::string_view key) {
  element value;
  if (json.at_key(key).get(value) != SUCCESS) return {};
  return AsString(value);
}

void AsReferences(element value, std::vector<ExternalReference>* out) {
  array items;
  if (value.get_array().get(items) != SUCCESS) return;
  out->reserve(items.size());
  for (element item : items) {
    object ref;
    if (item.get_object().get(ref) != SUCCESS) continue;
    ExternalReference r;
    for (auto field : ref) {
      if (field.key == "source_name") r.source_name = AsString(field.value);
      else if (field.key == "external_id") r.external_id = AsString(field.value);
      else if (field.key == "url") r.url = AsString(field.value);
      else if (field.key == "description") r.description = AsString(field.value);
    }
    out->push_back(std::move(r));
  }
}

// Members ATT&CK objects carry that the model keeps. One table lookup per
// member beats probing the object once per wanted key (objects have ~20
// members and the model wants ~35 keys).
enum class Field {
  kType, kId, kName, kDescription, kCreated, kModified, kRevoked, kDeprecated, kVersion,
  kAliases, kPlatforms, kDomains, kContributors, kExternalReferences, kKillChainPhases,
  kIsSubtechnique, kDetection, kDataSources, kPermissionsRequired, kEffectivePermissions,
  kSystemRequirements, kDefenseBypassed, kImpactType, kRemoteSupport, kNetworkRequirements,
  kShortname, kFirstSeen, kLastSeen, kDataSourceRef, kAnalyticRefs, kLogSourceReferences,
  kMutableElements, kTacticRefs, kRelationshipType, kSourceRef, kTargetRef,
};

struct FieldName {
  std::string_view name;
  Field field;
};

constexpr FieldName kFieldNames[] = {
    {"type", Field::kType},
    {"id", Field::kId},
    {"name", Field::kName},
    {"description", Field::kDescription},
    {"created", Field::kCreated},
    {"modified", Field::kModified},
    {"revoked", Field::kRevoked},
    {"x_mitre_deprecated", Field::kDeprecated},
    {"x_mitre_version", Field::kVersion},
    {"aliases", Field::kAliases},
    {"x_mitre_aliases", Field::kAliases},
    {"x_mitre_platforms", Field::kPlatforms},
    {"x_mitre_domains", Field::kDomains},
    {"x_mitre_contributors", Field::kContributors},
    {"external_references", Field::kExternalReferences},
    {"kill_chain_phases", Field::kKillChainPhases},
    {"x_mitre_is_subtechnique", Field::kIsSubtechnique},
    {"x_mitre_detection", Field::kDetection},
    {"x_mitre_data_sources", Field::kDataSources},
    {"x_mitre_permissions_required", Field::kPermissionsRequired},
    {"x_mitre_effective_permissions", Field::kEffectivePermissions},
    {"x_mitre_system_requirements", Field::kSystemRequirements},
    {"x_mitre_defense_bypassed", Field::kDefenseBypassed},
    {"x_mitre_impact_type", Field::kImpactType},
    {"x_mitre_remote_support", Field::kRemoteSupport},
    {"x_mitre_network_requirements", Field::kNetworkRequirements},
    {"x_mitre_shortname", Field::kShortname},
    {"first_seen", Field::kFirstSeen},
    {"last_seen", Field::kLastSeen},
    {"x_mitre_data_source_ref", Field::kDataSourceRef},
    {"x_mitre_analytic_refs", Field::kAnalyticRefs},
    {"x_mitre_log_source_references", Field::kLogSourceReferences},
    {"x_mitre_mutable_elements", Field::kMutableElements},
    {"tactic_refs", Field::kTacticRefs},
    {"relationship_type", Field::kRelationshipType},
    {"source_ref", Field::kSourceRef},
    {"target_ref", Field::kTargetRef},
};

// Keys bucketed by length: a lookup compares against one to four names,
// cheaper than hashing every member key of every object.
class FieldTable {
 public:
  FieldTable() {
    for (const FieldName& f : kFieldNames) by_length_[f.name.size()].push_back(f);
  }
  bool Find(std::string_view key, Field* field) const {
    if (key.size() >= kMaxLength) return false;
    for (const FieldName& f : by_length_[key.size()]) {
      if (f.name == key) return *field = f.field, true;
    }
    return false;
  }

 private:
  static constexpr size_t kMaxLength = 40;
  std::vector<FieldName> by_length_[kMaxLength];
};

const FieldTable& Fields() {
  static const FieldTable* table = new FieldTable();
  return *table;
}

void AsLogSources(element value, std::vector<LogSourceReference>* out) {
  array items;
  if (value.get_array().get(items) != SUCCESS) return;
  for (element item : items) {
    object json;
    if (item.get_object().get(json) != SUCCESS) continue;
    out->push_back({std::string(MemberString(json, "x_mitre_data_component_ref")),
                    std::string(MemberString(json, "name")), std::string(MemberString(json, "channel"))});
  }
}

void AsMutableElements(element value, std::vector<MutableElement>* out) {
  array items;
  if (value.get_array().get(items) != SUCCESS) return;
  for (element item : items) {
    object json;
    if (item.get_object().get(json) != SUCCESS) continue;
    out->push_back({std::string(MemberString(json, "field")), std::string(MemberString(json, "description"))});
  }
}

void AsPhaseNames(element value, std::vector<std::string>* out) {
  array items;
  if (value.get_array().get(items) != SUCCESS) return;
  for (element item : items) {
    object phase;
    if (item.get_object().get(phase) != SUCCESS) continue;
    // Kill chains other than ATT&CK's (mitre-attack, mitre-mobile-attack,
    // mitre-ics-attack) would name phases that are not ATT&CK tactics.
    std::string_view chain = MemberString(phase, "kill_chain_name");
    if (!chain.empty() && !stix::IsAttackSourceName(chain)) continue;
    std::string_view name = MemberString(phase, "phase_name");
    if (!name.empty()) out->emplace_back(name);
  }
}

}  // namespace

void ParseObjectFields(object json, Object* out) {
  const FieldTable& table = Fields();
  for (auto member : json) {
    Field field;
    if (!table.Find(member.key, &field)) continue;
    element v = member.value;
    switch (field) {
      case Field::kType: out->type = AsString(v); break;
      case Field::kId: out->stix_id = AsString(v); break;
      case Field::kName: out->name = AsString(v); break;
      case Field::kDescription: out->description = AsString(v); break;
      case Field::kCreated: out->created = AsString(v); break;
      case Field::kModified: out->modified = AsString(v); break;
      case Field::kRevoked: out->revoked = AsBool(v); break;
      case Field::kDeprecated: out->deprecated = AsBool(v); break;
      case Field::kVersion: out->version = AsString(v); break;
      case Field::kAliases: if (out->aliases.empty()) AsStrings(v, &out->aliases); break;
      case Field::kPlatforms: AsStrings(v, &out->platforms); break;
      case Field::kDomains: AsStrings(v, &out->domains); break;
      case Field::kContributors: AsStrings(v, &out->contributors); break;
      case Field::kExternalReferences: AsReferences(v, &out->references); break;
      case Field::kKillChainPhases: AsPhaseNames(v, &out->tactic_shortnames); break;
      case Field::kIsSubtechnique: out->is_subtechnique = AsBool(v); break;
      case Field::kDetection: out->detection_text = AsString(v); break;
      case Field::kDataSources: AsStrings(v, &out->data_sources); break;
      case Field::kPermissionsRequired: AsStrings(v, &out->permissions_required); break;
      case Field::kEffectivePermissions: AsStrings(v, &out->effective_permissions); break;
      case Field::kSystemRequirements: AsStrings(v, &out->system_requirements); break;
      case Field::kDefenseBypassed: AsStrings(v, &out->defense_bypassed); break;
      case Field::kImpactType: AsStrings(v, &out->impact_type); break;
      case Field::kRemoteSupport: out->remote_support = AsBool(v); break;
      case Field::kNetworkRequirements: out->network_requirements = AsBool(v); break;
      case Field::kShortname: out->shortname = AsString(v); break;
      case Field::kFirstSeen: out->first_seen = AsString(v); break;
      case Field::kLastSeen: out->last_seen = AsString(v); break;
      case Field::kDataSourceRef: out->data_source_ref = AsString(v); break;
      case Field::kAnalyticRefs: AsStrings(v, &out->analytic_refs); break;
      case Field::kLogSourceReferences: AsLogSources(v, &out->log_sources); break;
      case Field::kMutableElements: AsMutableElements(v, &out->mutable_elements); break;
      case Field::kTacticRefs: AsStrings(v, &out->tactic_refs); break;
      default: break;  // relationship-only members
    }
  }
  for (const ExternalReference& ref : out->references) {
    if (!stix::IsAttackSourceName(ref.source_name) || ref.external_id.empty()) continue;
    out->attack_id = ref.external_id;
    out->url = ref.url;
    break;
  }
  out->kind = KindFromStixType(out->type);
}

void ParseRelationshipFields(object json, Relationship* out) {
  const FieldTable& table = Fields();
  for (auto member : json) {
    Field field;
    if (!table.Find(member.key, &field)) continue;
    element v = member.value;
    switch (field) {
      case Field::kId: out->stix_id = AsString(v); break;
      case Field::kRelationshipType: out->type = AsString(v); break;
      case Field::kSourceRef: out->source_ref = AsString(v); break;
      case Field::kTargetRef: out->target_ref = AsString(v); break;
      case Field::kDescription: out->description = AsString(v); break;
      case Field::kExternalReferences: AsReferences(v, &out->references); break;
      case Field::kCreated: out->created = AsString(v); break;
      case Field::kModified: out->modified = AsString(v); break;
      case Field::kRevoked: out->revoked = AsBool(v); break;
      case Field::kDeprecated: out->deprecated = AsBool(v); break;
      default: break;
    }
  }
}

std::vector<std::string> TechniqueIdsLinkedIn(std::string_view text) {
  static constexpr std::string_view kMarker = "attack.mitre.org/techniques/";
  std::vector<std::string> ids;
  auto digits = [&](size_t at, size_t count) {
    if (at + count > text.size()) return false;
    for (size_t i = 0; i < count; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[at + i]))) return false;
    }
    return true;
  };
  for (size_t pos = text.find(kMarker); pos != std::string_view::npos; pos = text.find(kMarker, pos + 1)) {
    size_t at = pos + kMarker.size();
    if (at >= text.size() || (text[at] != 'T' && text[at] != 't') || !digits(at + 1, 4)) continue;
    // Built by append: GCC 12 misreports `"T" + std::string(...)` as an overlapping copy (-Wrestrict).
    std::string id(1, 'T');
    id.append(text.substr(at + 1, 4));
    size_t after = at + 5;
    if (after < text.size() && digits(after, 1)) continue;  // T12345: not an ATT&CK ID
    if (after < text.size() && (text[after] == '/' || text[after] == '.') && digits(after + 1, 3) &&
        !digits(after + 4, 1)) {
      id += "." + std::string(text.substr(after + 1, 3));
    }
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace glexia::model
