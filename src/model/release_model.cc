// Queries over a built model. Everything here only reads the indexes the
// builder made; per-call work is proportional to the neighbours of one object.
#include <algorithm>
#include <cctype>
#include <map>

#include "model/object_parser.h"
#include "model/release_model_impl.h"

namespace glexia::model {

bool DisplayLess(const Object& a, const Object& b) {
  if (a.attack_id.empty() != b.attack_id.empty()) return !a.attack_id.empty();
  if (a.attack_id != b.attack_id) return a.attack_id < b.attack_id;
  if (a.name != b.name) return a.name < b.name;
  return a.stix_id < b.stix_id;
}

uint32_t ReleaseModelImpl::IndexOf(const Object& object) const {
  if (object.index < objects_.size() && &objects_[object.index] == &object) return object.index;
  // An object of another release's model (history compares releases): the
  // same STIX id here, if the release has it.
  auto it = by_stix_.find(object.stix_id);
  return it == by_stix_.end() ? kNoObject : it->second;
}

const ReleaseModelImpl::IndexList& ReleaseModelImpl::OutgoingOf(const Object& object) const {
  static const IndexList kNone;
  uint32_t i = IndexOf(object);
  return i == kNoObject ? kNone : outgoing_[i];
}

const ReleaseModelImpl::IndexList& ReleaseModelImpl::IncomingOf(const Object& object) const {
  static const IndexList kNone;
  uint32_t i = IndexOf(object);
  return i == kNoObject ? kNone : incoming_[i];
}

std::vector<const Object*> ReleaseModelImpl::Pointers(const IndexList& list, bool include_inactive) const {
  std::vector<const Object*> out;
  out.reserve(list.size());
  for (uint32_t i : list) {
    if (include_inactive || objects_[i].active()) out.push_back(&objects_[i]);
  }
  return out;
}

std::vector<const Relationship*> ReleaseModelImpl::Edges(const IndexList& list, std::string_view type,
                                                         bool include_inactive) const {
  std::vector<const Relationship*> out;
  for (uint32_t i : list) {
    const Relationship& r = relationships_[i];
    if (!type.empty() && r.type != type) continue;
    if (include_inactive || r.active) out.push_back(&r);
  }
  return out;
}

const Object* ReleaseModelImpl::ByStixId(std::string_view stix_id) const {
  auto it = by_stix_.find(stix_id);
  return it == by_stix_.end() ? nullptr : &objects_[it->second];
}

const Object* ReleaseModelImpl::ByAttackId(std::string_view attack_id) const {
  std::string key(attack_id);
  for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto it = by_attack_id_.find(key);
  return it == by_attack_id_.end() ? nullptr : &objects_[it->second];
}

const Object* ReleaseModelImpl::Resolve(std::string_view id) const {
  if (id.find("--") != std::string_view::npos) return ByStixId(id);
  return ByAttackId(id);
}

const Object* ReleaseModelImpl::Replacement(const Object& revoked) const {
  const uint32_t start = IndexOf(revoked);
  if (start == kNoObject) return nullptr;
  uint32_t current = start;
  // Chains are short (A revoked by B, B later revoked by C); the bound only
  // guards against a cycle in malformed data.
  for (int hop = 0; hop < 16 && objects_[current].revoked; ++hop) {
    uint32_t next = kNoObject;
    for (uint32_t i : outgoing_[current]) {
      const Relationship& r = relationships_[i];
      if (r.type == "revoked-by" && r.target != kNoObject && r.target != current) {
        next = r.target;
        break;
      }
    }
    if (next == kNoObject) break;
    current = next;
  }
  return current == start ? nullptr : &objects_[current];
}

std::vector<const Object*> ReleaseModelImpl::OfKind(Kind kind, bool include_inactive) const {
  return Pointers(of_kind_[static_cast<size_t>(kind)], include_inactive);
}

std::vector<const Object*> ReleaseModelImpl::TacticsInOrder() const { return Pointers(tactic_order_, true); }

std::vector<const Object*> ReleaseModelImpl::TacticsOf(const Object& technique) const {
  std::vector<uint32_t> found;
  for (const std::string& phase : technique.tactic_shortnames) {
    auto it = tactic_by_shortname_.find(phase);
    if (it != tactic_by_shortname_.end() &&
        std::find(found.begin(), found.end(), it->second) == found.end()) {
      found.push_back(it->second);
    }
  }
  // Matrix order, as attack.mitre.org lists a technique's tactics; tactics
  // outside the matrix (deprecated ones) keep their kill-chain order at the end.
  auto rank = [&](uint32_t t) {
    auto pos = std::find(tactic_order_.begin(), tactic_order_.end(), t);
    return static_cast<size_t>(pos - tactic_order_.begin());
  };
  std::stable_sort(found.begin(), found.end(), [&](uint32_t a, uint32_t b) { return rank(a) < rank(b); });
  return Pointers(found, true);
}

std::vector<const Object*> ReleaseModelImpl::TechniquesOfTactic(const Object& tactic,
                                                                bool include_subtechniques) const {
  std::vector<const Object*> out;
  auto it = techniques_of_tactic_.find(IndexOf(tactic));
  if (it == techniques_of_tactic_.end()) return out;
  for (uint32_t i : it->second) {
    const Object& t = objects_[i];
    if (t.active() && (include_subtechniques || !t.is_subtechnique)) out.push_back(&t);
  }
  return out;
}

const Object* ReleaseModelImpl::ParentOf(const Object& subtechnique) const {
  const Object* fallback = nullptr;
  for (const Relationship* r : Edges(OutgoingOf(subtechnique), "subtechnique-of", true)) {
    if (r->target == kNoObject) continue;
    if (r->active) return &objects_[r->target];
    // A deprecated sub-technique's link is inactive but still names its parent.
    if (fallback == nullptr) fallback = &objects_[r->target];
  }
  return fallback;
}

std::vector<const Object*> ReleaseModelImpl::SubtechniquesOf(const Object& technique) const {
  std::vector<const Object*> out;
  for (const Relationship* r : Edges(IncomingOf(technique), "subtechnique-of", false)) {
    out.push_back(&objects_[r->source]);
  }
  return out;
}

std::vector<const Relationship*> ReleaseModelImpl::Outgoing(const Object& object, std::string_view type,
                                                            bool include_inactive) const {
  return Edges(OutgoingOf(object), type, include_inactive);
}

std::vector<const Relationship*> ReleaseModelImpl::Incoming(const Object& object, std::string_view type,
                                                            bool include_inactive) const {
  return Edges(IncomingOf(object), type, include_inactive);
}

std::vector<const Object*> ReleaseModelImpl::AnalyticsOf(const Object& detection_strategy) const {
  std::vector<const Object*> out;
  for (const std::string& ref : detection_strategy.analytic_refs) {
    const Object* analytic = ByStixId(ref);
    if (analytic != nullptr && std::find(out.begin(), out.end(), analytic) == out.end()) out.push_back(analytic);
  }
  return out;
}

namespace {
template <typename Map>
const std::vector<uint32_t>& ListOr(const Map& map, uint32_t key) {
  static const std::vector<uint32_t> kEmpty;
  auto it = map.find(key);
  return it == map.end() ? kEmpty : it->second;
}
}  // namespace

std::vector<const Object*> ReleaseModelImpl::StrategiesOfAnalytic(const Object& analytic) const {
  return Pointers(ListOr(strategies_of_analytic_, IndexOf(analytic)), true);
}

const Object* ReleaseModelImpl::DataSourceOf(const Object& data_component) const {
  return data_component.data_source_ref.empty() ? nullptr : ByStixId(data_component.data_source_ref);
}

std::vector<const Object*> ReleaseModelImpl::ComponentsOf(const Object& data_source) const {
  return Pointers(ListOr(components_of_source_, IndexOf(data_source)), true);
}

std::vector<const Object*> ReleaseModelImpl::AnalyticsUsingComponent(const Object& data_component) const {
  return Pointers(ListOr(analytics_of_component_, IndexOf(data_component)), true);
}

std::vector<TechniqueUse> ReleaseModelImpl::TechniquesUsedBy(const Object& actor) const {
  std::map<uint32_t, TechniqueUse> uses;
  auto add_unique = [](std::vector<const Object*>* list, const Object* o) {
    if (std::find(list->begin(), list->end(), o) == list->end()) list->push_back(o);
  };
  // Calls visit(technique relationship) for the techniques `user` uses directly,
  // and visit_software(software) for the software it uses.
  auto walk = [&](const Object& user, auto&& on_technique, auto&& on_software) {
    for (const Relationship* r : Outgoing(user, "uses", false)) {
      const Object& target = objects_[r->target];
      if (target.kind == Kind::kTechnique) on_technique(*r, target);
      else if (target.kind == Kind::kSoftware) on_software(target);
    }
  };
  auto software_techniques = [&](const Object& software, auto&& on_technique) {
    walk(software, on_technique, [](const Object&) {});
  };

  const bool follows_software = actor.kind == Kind::kGroup || actor.kind == Kind::kCampaign;
  walk(
      actor, [&](const Relationship& r, const Object& t) { uses[t.index].direct.push_back(&r); },
      [&](const Object& software) {
        if (!follows_software) return;
        software_techniques(software, [&](const Relationship&, const Object& t) {
          add_unique(&uses[t.index].via_software, &software);
        });
      });

  if (actor.kind == Kind::kGroup) {
    for (const Relationship* attributed : Incoming(actor, "attributed-to", false)) {
      const Object& campaign = objects_[attributed->source];
      if (campaign.kind != Kind::kCampaign) continue;
      auto via_campaign = [&](const Relationship&, const Object& t) { add_unique(&uses[t.index].via_campaigns, &campaign); };
      walk(campaign, via_campaign, [&](const Object& software) { software_techniques(software, via_campaign); });
    }
  }

  std::vector<TechniqueUse> out;
  out.reserve(uses.size());
  for (auto& [index, use] : uses) {
    use.technique = &objects_[index];
    if (!use.direct.empty()) use.how.push_back(UseHow::kDirect);
    if (!use.via_software.empty()) use.how.push_back(UseHow::kViaSoftware);
    if (!use.via_campaigns.empty()) use.how.push_back(UseHow::kViaCampaign);
    out.push_back(std::move(use));
  }
  std::sort(out.begin(), out.end(), [&](const TechniqueUse& a, const TechniqueUse& b) {
    return rank_[a.technique->index] < rank_[b.technique->index];
  });
  return out;
}

std::vector<const Object*> ReleaseModelImpl::LinkedTechniques(const Object& object) const {
  std::vector<const Object*> out;
  for (const std::string& id : TechniqueIdsLinkedIn(object.description)) {
    const Object* t = ByAttackId(id);
    if (t == nullptr || t->stix_id == object.stix_id || t->kind != Kind::kTechnique) continue;
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  return out;
}

}  // namespace glexia::model
