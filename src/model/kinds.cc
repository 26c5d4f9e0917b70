// Names of kinds: URL segments follow attack.mitre.org (/techniques/,
// /datasources/, /detectionstrategies/ ...) so Glexia URLs mirror the
// official site; slugs are the singular, hyphenated API type names.
#include <array>

#include "model/model.h"

namespace glexia::model {
namespace {

struct KindNames {
  Kind kind;
  std::string_view slug;
  std::string_view segment;
  std::string_view label;
};

constexpr std::array<KindNames, 16> kKinds = {{
    {Kind::kTechnique, "technique", "techniques", "Technique"},
    {Kind::kTactic, "tactic", "tactics", "Tactic"},
    {Kind::kGroup, "group", "groups", "Group"},
    {Kind::kSoftware, "software", "software", "Software"},
    {Kind::kCampaign, "campaign", "campaigns", "Campaign"},
    {Kind::kMitigation, "mitigation", "mitigations", "Mitigation"},
    {Kind::kDataSource, "data-source", "datasources", "Data source"},
    {Kind::kDataComponent, "data-component", "datacomponents", "Data component"},
    {Kind::kDetectionStrategy, "detection-strategy", "detectionstrategies", "Detection strategy"},
    {Kind::kAnalytic, "analytic", "analytics", "Analytic"},
    {Kind::kAsset, "asset", "assets", "Asset"},
    {Kind::kMatrix, "matrix", "matrices", "Matrix"},
    {Kind::kCollection, "collection", "collections", "Collection"},
    {Kind::kIdentity, "identity", "identities", "Identity"},
    {Kind::kMarking, "marking", "markings", "Marking definition"},
    {Kind::kOther, "other", "other", "Other object"},
}};

const KindNames& NamesOf(Kind kind) {
  for (const KindNames& names : kKinds) {
    if (names.kind == kind) return names;
  }
  return kKinds.back();
}

}  // namespace

std::string_view KindSlug(Kind kind) { return NamesOf(kind).slug; }
std::string_view KindPathSegment(Kind kind) { return NamesOf(kind).segment; }
std::string_view KindLabel(Kind kind) { return NamesOf(kind).label; }

Kind KindFromStixType(std::string_view t) {
  if (t == "attack-pattern") return Kind::kTechnique;
  if (t == "x-mitre-tactic") return Kind::kTactic;
  if (t == "intrusion-set") return Kind::kGroup;
  if (t == "malware" || t == "tool") return Kind::kSoftware;
  if (t == "campaign") return Kind::kCampaign;
  if (t == "course-of-action") return Kind::kMitigation;
  if (t == "x-mitre-data-source") return Kind::kDataSource;
  if (t == "x-mitre-data-component") return Kind::kDataComponent;
  if (t == "x-mitre-detection-strategy") return Kind::kDetectionStrategy;
  if (t == "x-mitre-analytic") return Kind::kAnalytic;
  if (t == "x-mitre-asset") return Kind::kAsset;
  if (t == "x-mitre-matrix") return Kind::kMatrix;
  if (t == "x-mitre-collection") return Kind::kCollection;
  if (t == "identity") return Kind::kIdentity;
  if (t == "marking-definition") return Kind::kMarking;
  return Kind::kOther;
}

bool KindFromName(std::string_view name, Kind* kind) {
  for (const KindNames& names : kKinds) {
    if (names.kind == Kind::kOther) continue;
    if (name == names.slug || name == names.segment) {
      *kind = names.kind;
      return true;
    }
  }
  // Hyphenated plurals ("data-sources") are what people type by hand.
  if (name == "data-sources") return *kind = Kind::kDataSource, true;
  if (name == "data-components") return *kind = Kind::kDataComponent, true;
  if (name == "detection-strategies") return *kind = Kind::kDetectionStrategy, true;
  return false;
}

std::string_view UseHowName(UseHow how) {
  switch (how) {
    case UseHow::kDirect: return "direct";
    case UseHow::kViaSoftware: return "via-software";
    case UseHow::kViaCampaign: return "via-campaign";
  }
  return "direct";
}

}  // namespace glexia::model
