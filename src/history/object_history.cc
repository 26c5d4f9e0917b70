#include "history/object_history.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "history/json_canon.h"

namespace glexia::history {
namespace {

bool IsStixId(std::string_view id) { return id.find("--") != std::string_view::npos; }

ObjectRef RefOf(const store::ObjectVersion& meta) { return {meta.stix_id, meta.attack_id, meta.name, meta.type}; }

std::vector<std::string> DomainsToSearch(std::string_view domain) {
  if (!domain.empty()) return {std::string(domain)};
  return {"enterprise-attack", "mobile-attack", "ics-attack"};
}

std::vector<store::ReleaseInfo> ReleasesOf(const std::vector<store::ReleaseInfo>& all, const std::string& domain) {
  std::vector<store::ReleaseInfo> out;
  for (const auto& r : all)
    if (r.domain == domain) out.push_back(r);
  return out;  // the store lists oldest first
}

std::string GroupOf(const RelationFacts& rel, bool outgoing, const std::string& other_type) {
  if (rel.type == "revoked-by") return outgoing ? "replaced-by" : "replaces";
  if (rel.type == "subtechnique-of") return outgoing ? "parent" : "sub-techniques";
  if (rel.type == "mitigates") return outgoing ? "mitigates" : "mitigations";
  if (rel.type == "detects") return outgoing ? "detects" : "detections";
  if (other_type == "intrusion-set") return "groups";
  if (other_type == "malware" || other_type == "tool") return "software";
  if (other_type == "campaign") return "campaigns";
  if (other_type == "attack-pattern") return "techniques";
  if (other_type == "x-mitre-asset") return "assets";
  return other_type;
}

using DeltaKey = std::tuple<std::string, std::string, std::string>;  // type, direction, other id

std::map<DeltaKey, RelationshipDelta> ActiveRelationsOf(const ReleaseIndex& index, const std::string& stix_id) {
  std::map<DeltaKey, RelationshipDelta> out;
  for (const RelationFacts& rel : index.relationships) {
    if (!rel.active() && rel.type != "revoked-by") continue;
    bool outgoing = rel.source_ref == stix_id;
    if (!outgoing && rel.target_ref != stix_id) continue;
    const std::string& other_id = outgoing ? rel.target_ref : rel.source_ref;
    const IndexedObject* other = index.Find(other_id);
    if (!other) continue;
    RelationshipDelta d{rel.type, outgoing ? "outgoing" : "incoming", GroupOf(rel, outgoing, other->meta.type),
                        RefOf(other->meta), rel.stix_id};
    out.emplace(DeltaKey{rel.type, d.direction, other_id}, std::move(d));
  }
  return out;
}

// Whether two stored versions differ by value (formatting ignored).
Result<bool> ValueDiffers(store::Store& store, const store::ObjectVersion& a, const store::ObjectVersion& b) {
  if (a.sha256 == b.sha256) return false;
  GLEXIA_ASSIGN_OR_RETURN(std::string raw_a, store.RawBytes(a.object_id));
  GLEXIA_ASSIGN_OR_RETURN(std::string raw_b, store.RawBytes(b.object_id));
  GLEXIA_ASSIGN_OR_RETURN(CanonicalObject ca, Canonicalize(raw_a));
  GLEXIA_ASSIGN_OR_RETURN(CanonicalObject cb, Canonicalize(raw_b));
  return ca != cb;
}

}  // namespace

std::string_view ObjectStatusName(ObjectStatus status) {
  switch (status) {
    case ObjectStatus::kCurrent: return "current";
    case ObjectStatus::kDeprecated: return "deprecated";
    case ObjectStatus::kRevoked: return "revoked";
    case ObjectStatus::kAbsent: return "absent";
  }
  return "absent";
}

Result<std::string> ResolveStixId(store::Store& store, std::string_view id, std::string_view domain,
                                  std::string* domain_out) {
  if (id.empty()) return Status::InvalidArgument("no object id given");
  GLEXIA_ASSIGN_OR_RETURN(auto releases, store.ListReleases());
  if (IsStixId(id)) {
    GLEXIA_ASSIGN_OR_RETURN(auto history, store.History(id));
    for (const std::string& d : DomainsToSearch(domain)) {
      for (const auto& r : releases) {
        if (r.domain != d) continue;
        for (const auto& [release_id, object] : history) {
          if (release_id != r.id) continue;
          if (domain_out) *domain_out = d;
          return std::string(id);
        }
      }
    }
    return Status::NotFound(std::string(id) + " is in no imported release" +
                            (domain.empty() ? "" : " of " + std::string(domain)));
  }
  for (const std::string& d : DomainsToSearch(domain)) {
    auto of_domain = ReleasesOf(releases, d);
    for (auto it = of_domain.rbegin(); it != of_domain.rend(); ++it) {
      GLEXIA_ASSIGN_OR_RETURN(auto found, store.FindObjects(it->id, id));
      if (found.empty()) continue;
      // An ATT&CK ID may be shared by a revoked object and its successor: prefer the live one.
      auto live = std::find_if(found.begin(), found.end(), [](const auto& o) { return !o.revoked; });
      if (domain_out) *domain_out = d;
      return (live != found.end() ? *live : found.front()).stix_id;
    }
  }
  return Status::NotFound(std::string(id) + " is in no imported release" +
                          (domain.empty() ? "" : " of " + std::string(domain)));
}

Result<ObjectHistory> GetObjectHistory(store::Store& store, std::string_view id, std::string_view domain) {
  ObjectHistory out;
  GLEXIA_ASSIGN_OR_RETURN(std::string stix_id, ResolveStixId(store, id, domain, &out.domain));
  GLEXIA_ASSIGN_OR_RETURN(auto versions, store.History(stix_id));
  GLEXIA_ASSIGN_OR_RETURN(auto releases, store.ListReleases());
  std::map<int64_t, store::ObjectVersion> by_release;
  for (auto& [release_id, object] : versions) by_release.emplace(release_id, std::move(object));

  ObjectRef replacement;  // looked up once, in the first release where the object is revoked
  const HistoryEntry* previous = nullptr;
  for (const auto& release : ReleasesOf(releases, out.domain)) {
    HistoryEntry entry;
    entry.release = release;
    auto it = by_release.find(release.id);
    if (it != by_release.end()) {
      entry.object = it->second;
      entry.status = entry.object.revoked      ? ObjectStatus::kRevoked
                     : entry.object.deprecated ? ObjectStatus::kDeprecated
                                               : ObjectStatus::kCurrent;
      out.object = RefOf(entry.object);
      if (entry.status == ObjectStatus::kRevoked) {
        if (replacement.stix_id.empty()) {
          GLEXIA_ASSIGN_OR_RETURN(auto index, LoadReleaseIndex(store, release));
          auto r = index->revoked_by.find(stix_id);
          if (r != index->revoked_by.end()) {
            const IndexedObject* target = index->Find(r->second);
            replacement = target ? RefOf(target->meta) : ObjectRef{std::string(r->second), "", "", ""};
          }
        }
        entry.revoked_by = replacement;
      }
      if (!previous || previous->status == ObjectStatus::kAbsent) {
        entry.changed_since_previous = true;
      } else {
        GLEXIA_ASSIGN_OR_RETURN(entry.changed_since_previous, ValueDiffers(store, previous->object, entry.object));
      }
    }
    out.entries.push_back(std::move(entry));
    previous = &out.entries.back();
  }
  return out;
}

Result<ObjectComparison> CompareObject(store::Store& store, std::string_view id, const ReleaseIndex& from,
                                       const ReleaseIndex& to) {
  std::string domain;
  GLEXIA_ASSIGN_OR_RETURN(std::string stix_id, ResolveStixId(store, id, from.release.domain, &domain));
  ObjectComparison out;
  out.from = from.release;
  out.to = to.release;
  const IndexedObject* a = from.Find(stix_id);
  const IndexedObject* b = to.Find(stix_id);
  if (!a && !b) {
    return Status::NotFound(std::string(id) + " is in neither " + from.release.version + " nor " +
                            to.release.version + " of " + from.release.domain);
  }
  out.in_from = a != nullptr;
  out.in_to = b != nullptr;
  if (a) out.from_object = a->meta;
  if (b) out.to_object = b->meta;
  out.object = RefOf(b ? b->meta : a->meta);
  CanonicalObject ca, cb;
  if (a) {
    GLEXIA_ASSIGN_OR_RETURN(std::string raw, store.RawBytes(a->meta.object_id));
    GLEXIA_ASSIGN_OR_RETURN(ca, Canonicalize(raw));
  }
  if (b) {
    GLEXIA_ASSIGN_OR_RETURN(std::string raw, store.RawBytes(b->meta.object_id));
    GLEXIA_ASSIGN_OR_RETURN(cb, Canonicalize(raw));
  }
  out.same_bytes = a && b && a->meta.sha256 == b->meta.sha256;
  out.same_value = a && b && ca == cb;
  out.fields = DiffObjects(ca, cb);

  auto before = ActiveRelationsOf(from, stix_id), after = ActiveRelationsOf(to, stix_id);
  for (const auto& [key, delta] : after)
    if (!before.count(key)) out.gained.push_back(delta);
  for (const auto& [key, delta] : before)
    if (!after.count(key)) out.lost.push_back(delta);
  auto order = [](const RelationshipDelta& x, const RelationshipDelta& y) {
    return std::tie(x.group, x.other.attack_id, x.other.name) < std::tie(y.group, y.other.attack_id, y.other.name);
  };
  std::sort(out.gained.begin(), out.gained.end(), order);
  std::sort(out.lost.begin(), out.lost.end(), order);
  return out;
}

Result<ObjectComparison> CompareObject(store::Store& store, std::string_view id, std::string_view domain,
                                       std::string_view from_version, std::string_view to_version) {
  std::string found_domain;
  GLEXIA_ASSIGN_OR_RETURN(std::string stix_id, ResolveStixId(store, id, domain, &found_domain));
  GLEXIA_ASSIGN_OR_RETURN(auto from, FindRelease(store, found_domain, from_version));
  GLEXIA_ASSIGN_OR_RETURN(auto to, FindRelease(store, found_domain, to_version));
  GLEXIA_ASSIGN_OR_RETURN(auto from_index, LoadReleaseIndex(store, from));
  GLEXIA_ASSIGN_OR_RETURN(auto to_index, LoadReleaseIndex(store, to));
  return CompareObject(store, stix_id, *from_index, *to_index);
}

}  // namespace glexia::history
