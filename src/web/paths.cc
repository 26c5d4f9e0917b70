#include "web/paths.h"

#include "server/http.h"

#include <array>
#include <cctype>
#include <utility>

namespace glexia::web {
namespace {

using model::Kind;

struct KindNames {
  Kind kind;
  std::string_view segment;
  std::string_view plural;
  std::string_view singular;
};

constexpr std::array<KindNames, 14> kKinds = {{
    {Kind::kTechnique, "techniques", "Techniques", "Technique"},
    {Kind::kTactic, "tactics", "Tactics", "Tactic"},
    {Kind::kGroup, "groups", "Groups", "Group"},
    {Kind::kSoftware, "software", "Software", "Software"},
    {Kind::kCampaign, "campaigns", "Campaigns", "Campaign"},
    {Kind::kMitigation, "mitigations", "Mitigations", "Mitigation"},
    {Kind::kDataSource, "datasources", "Data sources", "Data source"},
    {Kind::kDataComponent, "datacomponents", "Data components", "Data component"},
    {Kind::kDetectionStrategy, "detectionstrategies", "Detection strategies", "Detection strategy"},
    {Kind::kAnalytic, "analytics", "Analytics", "Analytic"},
    {Kind::kAsset, "assets", "Assets", "Asset"},
    {Kind::kMatrix, "matrices", "Matrices", "Matrix"},
    {Kind::kCollection, "objects", "Collections", "Collection"},
    {Kind::kIdentity, "objects", "Identities", "Identity"},
}};

const KindNames* Find(Kind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

}  // namespace

std::string_view PageSegment(Kind kind) {
  const KindNames* k = Find(kind);
  return k ? k->segment : "objects";
}

bool KindForSegment(std::string_view segment, Kind* kind) {
  if (segment == "objects") return false;
  for (const auto& k : kKinds) {
    if (k.segment == segment) {
      *kind = k.kind;
      return true;
    }
  }
  return false;
}

std::string_view LocalSegmentForAttackSection(std::string_view section) {
  Kind kind;
  if (section == "matrices") return "";
  return KindForSegment(section, &kind) ? section : std::string_view();
}

std::string_view KindPluralLabel(Kind kind) {
  const KindNames* k = Find(kind);
  return k ? k->plural : "Other objects";
}

std::string_view KindSingularLabel(Kind kind) {
  const KindNames* k = Find(kind);
  return k ? k->singular : "Object";
}

std::string DomainLabel(std::string_view domain) {
  if (domain == "enterprise-attack") return "Enterprise";
  if (domain == "mobile-attack") return "Mobile";
  if (domain == "ics-attack") return "ICS";
  return std::string(domain);
}

std::string UrlEncode(std::string_view value) { return server::PercentEncode(value); }

std::string ReleaseQuery(std::string_view release, std::string_view domain) {
  std::string q;
  if (!release.empty()) q += "?release=" + UrlEncode(release);
  if (!domain.empty()) q += (q.empty() ? "?domain=" : "&domain=") + UrlEncode(domain);
  return q;
}

}  // namespace glexia::web
