// Internal to the model layer: the one ReleaseModel implementation. The
// builder (builder.cc) fills the members and the indexes once; afterwards the
// object is never mutated, so every const query is safe from many threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.h"

namespace glexia::model {

class ReleaseModelImpl final : public ReleaseModel {
 public:
  const store::ReleaseInfo& release() const override { return release_; }
  const std::vector<Object>& objects() const override { return objects_; }
  const std::vector<Relationship>& relationships() const override { return relationships_; }

  const Object* ByStixId(std::string_view stix_id) const override;
  const Object* ByAttackId(std::string_view attack_id) const override;
  const Object* Resolve(std::string_view id) const override;
  const Object* Replacement(const Object& revoked) const override;
  std::vector<const Object*> OfKind(Kind kind, bool include_inactive) const override;

  std::vector<const Object*> TacticsInOrder() const override;
  std::vector<const Object*> TacticsOf(const Object& technique) const override;
  std::vector<const Object*> TechniquesOfTactic(const Object& tactic, bool include_subtechniques) const override;
  const Object* ParentOf(const Object& subtechnique) const override;
  std::vector<const Object*> SubtechniquesOf(const Object& technique) const override;

  std::vector<const Relationship*> Outgoing(const Object& object, std::string_view type,
                                            bool include_inactive) const override;
  std::vector<const Relationship*> Incoming(const Object& object, std::string_view type,
                                            bool include_inactive) const override;

  std::vector<const Object*> AnalyticsOf(const Object& detection_strategy) const override;
  std::vector<const Object*> StrategiesOfAnalytic(const Object& analytic) const override;
  const Object* DataSourceOf(const Object& data_component) const override;
  std::vector<const Object*> ComponentsOf(const Object& data_source) const override;
  std::vector<const Object*> AnalyticsUsingComponent(const Object& data_component) const override;

  std::vector<TechniqueUse> TechniquesUsedBy(const Object& actor) const override;
  std::vector<const Object*> LinkedTechniques(const Object& object) const override;

  // Built by ModelBuilder::Finish (builder.cc), read-only afterwards.
  using IndexList = std::vector<uint32_t>;
  store::ReleaseInfo release_;
  std::vector<Object> objects_;
  std::vector<Relationship> relationships_;
  std::vector<uint32_t> rank_;                               // per object: position in display order
  std::unordered_map<std::string_view, uint32_t> by_stix_;   // views into objects_[i].stix_id
  std::unordered_map<std::string, uint32_t> by_attack_id_;   // upper-cased ATT&CK ID
  std::vector<IndexList> outgoing_;                          // per object: relationship indexes
  std::vector<IndexList> incoming_;
  std::vector<IndexList> of_kind_;                           // per Kind: objects, display order
  IndexList tactic_order_;                                   // tactics in matrix order
  std::unordered_map<std::string_view, uint32_t> tactic_by_shortname_;  // active tactic preferred
  std::unordered_map<uint32_t, IndexList> techniques_of_tactic_;        // all techniques, by ATT&CK ID
  std::unordered_map<uint32_t, IndexList> strategies_of_analytic_;
  std::unordered_map<uint32_t, IndexList> components_of_source_;
  std::unordered_map<uint32_t, IndexList> analytics_of_component_;

 private:
  // Queries accept objects of another model of the same domain too (they are
  // matched by STIX id); kNoObject / empty lists when this release lacks it.
  uint32_t IndexOf(const Object& object) const;
  const IndexList& OutgoingOf(const Object& object) const;
  const IndexList& IncomingOf(const Object& object) const;
  std::vector<const Object*> Pointers(const IndexList& list, bool include_inactive) const;
  std::vector<const Relationship*> Edges(const IndexList& list, std::string_view type, bool include_inactive) const;
};

// Display order: by ATT&CK ID (objects without one last), then name, then STIX id.
bool DisplayLess(const Object& a, const Object& b);

}  // namespace glexia::model
