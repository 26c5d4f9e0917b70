// The model against the raw bundles: every expected value is derived in the
// test from the bundle JSON (model_test_env.cc) or stated by issue 3.
#include <gtest/gtest.h>

#include <regex>

#include "model/builder.h"
#include "model/model.h"
#include "model/model_test_env.h"

namespace glexia::model {
namespace {

using testing::IdSets;
using testing::LoadedRelease;
using testing::ModelEnvironment;

std::set<std::string> StixIds(const std::vector<const Object*>& objects) {
  std::set<std::string> out;
  for (const Object* o : objects) out.insert(o->stix_id);
  return out;
}

std::set<std::string> Ends(const ReleaseModel& m, const std::vector<const Relationship*>& rels, bool sources) {
  std::set<std::string> out;
  for (const Relationship* r : rels) out.insert((sources ? m.SourceOf(*r) : m.TargetOf(*r))->stix_id);
  return out;
}

const std::set<std::string>& Get(const IdSets& sets, const std::string& key) {
  static const std::set<std::string> kEmpty;
  auto it = sets.find(key);
  return it == sets.end() ? kEmpty : it->second;
}

std::string Label(const LoadedRelease& r) { return r.release.domain + " " + r.release.version; }

const LoadedRelease& Enterprise181() {
  const LoadedRelease* r = ModelEnvironment::Find("enterprise-attack", "18.1");
  if (r == nullptr) throw std::runtime_error("enterprise-attack 18.1 was not loaded");
  return *r;
}

TEST(ModelCrossCheck, EveryBundleBuildsWithAllObjects) {
  const auto& releases = ModelEnvironment::Releases();
  ASSERT_EQ(releases.size(), testing::BundleFiles().size());
  ASSERT_EQ(releases.size(), 14u);
  for (const LoadedRelease& r : releases) {
    SCOPED_TRACE(Label(r));
    EXPECT_EQ(r.model->objects().size(), r.facts.objects);
    EXPECT_EQ(r.model->relationships().size(), r.facts.relationships);
    EXPECT_EQ(r.model->release().id, r.release.id);
  }
}

TEST(ModelCrossCheck, GroupTechniquesDirectViaSoftwareViaCampaign) {
  for (const LoadedRelease& r : ModelEnvironment::Releases()) {
    SCOPED_TRACE(Label(r));
    const ReleaseModel& m = *r.model;
    size_t direct_total = 0;
    for (const std::string& group_id : r.facts.groups) {
      const Object* group = m.ByStixId(group_id);
      ASSERT_NE(group, nullptr) << group_id;
      EXPECT_EQ(group->kind, Kind::kGroup);
      std::set<std::string> direct, via_software, via_campaign;
      for (const TechniqueUse& use : m.TechniquesUsedBy(*group)) {
        EXPECT_FALSE(use.how.empty());
        for (UseHow how : use.how) {
          if (how == UseHow::kDirect) direct.insert(use.technique->stix_id);
          if (how == UseHow::kViaSoftware) via_software.insert(use.technique->stix_id);
          if (how == UseHow::kViaCampaign) via_campaign.insert(use.technique->stix_id);
        }
        EXPECT_EQ(use.direct.empty(), std::find(use.how.begin(), use.how.end(), UseHow::kDirect) == use.how.end());
      }
      EXPECT_EQ(direct, Get(r.facts.group_direct, group_id)) << group->attack_id;
      EXPECT_EQ(via_software, Get(r.facts.group_via_software, group_id)) << group->attack_id;
      EXPECT_EQ(via_campaign, Get(r.facts.group_via_campaign, group_id)) << group->attack_id;
      direct_total += direct.size();
    }
    EXPECT_GT(direct_total, 0u);
  }
}

TEST(ModelCrossCheck, TechniqueMitigationsParentDetectionsTactics) {
  for (const LoadedRelease& r : ModelEnvironment::Releases()) {
    SCOPED_TRACE(Label(r));
    const ReleaseModel& m = *r.model;
    const bool v18 = r.release.version.rfind("18.", 0) == 0;
    size_t mitigations = 0, parents = 0, detections = 0;
    for (const std::string& id : r.facts.techniques) {
      const Object* t = m.ByStixId(id);
      ASSERT_NE(t, nullptr) << id;
      EXPECT_EQ(Ends(m, m.Incoming(*t, "mitigates"), true), Get(r.facts.technique_mitigations, id)) << t->attack_id;
      EXPECT_EQ(Ends(m, m.Outgoing(*t, "subtechnique-of"), false), Get(r.facts.technique_parent, id)) << t->attack_id;
      auto detection = m.Incoming(*t, "detects");
      EXPECT_EQ(Ends(m, detection, true), Get(r.facts.technique_detections, id)) << t->attack_id;
      for (const Relationship* d : detection) {
        EXPECT_EQ(m.SourceOf(*d)->kind, v18 ? Kind::kDetectionStrategy : Kind::kDataComponent);
      }
      if (t->active()) {
        EXPECT_EQ(StixIds(m.TacticsOf(*t)), Get(r.facts.technique_tactics, id)) << t->attack_id;
        const auto& parent = Get(r.facts.technique_parent, id);
        const Object* model_parent = m.ParentOf(*t);
        if (parent.size() == 1) {
          ASSERT_NE(model_parent, nullptr) << t->attack_id;
          EXPECT_EQ(model_parent->stix_id, *parent.begin());
          // The parent lists it back among its sub-techniques.
          EXPECT_EQ(StixIds(m.SubtechniquesOf(*model_parent)).count(id), 1u);
        }
      }
      mitigations += Get(r.facts.technique_mitigations, id).size();
      parents += Get(r.facts.technique_parent, id).size();
      detections += Get(r.facts.technique_detections, id).size();
    }
    EXPECT_GT(mitigations, 0u);
    EXPECT_GT(detections, 0u);
    if (r.release.domain != "ics-attack") {
      EXPECT_GT(parents, 0u);
    }
  }
}

TEST(ModelTactics, InMatrixOrderForEveryRelease) {
  for (const LoadedRelease& r : ModelEnvironment::Releases()) {
    SCOPED_TRACE(Label(r));
    std::vector<std::string> order;
    for (const Object* t : r.model->TacticsInOrder()) order.push_back(t->stix_id);
    ASSERT_FALSE(r.facts.matrix_tactics.empty());
    EXPECT_EQ(order, r.facts.matrix_tactics);
  }
}

TEST(ModelRevoked, ResolvesToReplacement) {
  size_t checked = 0;
  for (const LoadedRelease& r : ModelEnvironment::Releases()) {
    SCOPED_TRACE(Label(r));
    for (const auto& [revoked_id, replacement_id] : r.facts.replacement) {
      const Object* revoked = r.model->ByStixId(revoked_id);
      ASSERT_NE(revoked, nullptr);
      EXPECT_TRUE(revoked->revoked);
      EXPECT_FALSE(revoked->active());
      const Object* replacement = r.model->Replacement(*revoked);
      ASSERT_NE(replacement, nullptr) << revoked->attack_id;
      EXPECT_EQ(replacement->stix_id, replacement_id) << revoked->attack_id;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);  // enterprise alone revokes 140 objects
}

TEST(ModelTechnique, BusinessRelationshipsIn181) {
  const ReleaseModel& m = *Enterprise181().model;
  const Object* t = m.ByAttackId("T1591.002");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(m.ByAttackId("t1591.002"), t);  // case-insensitive
  EXPECT_EQ(m.Resolve(t->stix_id), t);
  EXPECT_EQ(t->kind, Kind::kTechnique);
  EXPECT_TRUE(t->is_subtechnique);
  EXPECT_EQ(t->name, "Business Relationships");
  EXPECT_EQ(t->url, "https://attack.mitre.org/techniques/T1591/002");

  auto tactics = m.TacticsOf(*t);
  ASSERT_EQ(tactics.size(), 1u);
  EXPECT_EQ(tactics[0]->attack_id, "TA0043");
  EXPECT_EQ(tactics[0]->name, "Reconnaissance");
  EXPECT_EQ(t->platforms, std::vector<std::string>{"PRE"});

  const Object* parent = m.ParentOf(*t);
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->attack_id, "T1591");

  auto detects = m.Incoming(*t, "detects");
  ASSERT_EQ(detects.size(), 1u);
  const Object* strategy = m.SourceOf(*detects[0]);
  EXPECT_EQ(strategy->attack_id, "DET0855");
  auto analytics = m.AnalyticsOf(*strategy);
  ASSERT_EQ(analytics.size(), 1u);
  EXPECT_EQ(analytics[0]->attack_id, "AN1987");
  EXPECT_EQ(StixIds(m.StrategiesOfAnalytic(*analytics[0])), std::set<std::string>{strategy->stix_id});

  auto mitigations = m.Incoming(*t, "mitigates");
  ASSERT_EQ(mitigations.size(), 1u);
  EXPECT_EQ(m.SourceOf(*mitigations[0])->attack_id, "M1056");

  std::set<std::string> groups;
  for (const Relationship* use : m.Incoming(*t, "uses")) {
    const Object* user = m.SourceOf(*use);
    if (user->kind != Kind::kGroup) continue;
    groups.insert(user->attack_id);
    EXPECT_FALSE(use->description.empty()) << user->attack_id;
  }
  EXPECT_EQ(groups, (std::set<std::string>{"G0034", "G0035", "G1004"}));

  ASSERT_EQ(t->references.size(), 2u);
  EXPECT_EQ(t->references[0].external_id, "T1591.002");
  EXPECT_EQ(t->references[1].source_name, "ThreatPost Broadvoice Leak");
  EXPECT_FALSE(t->references[1].url.empty());
}

TEST(ModelTechnique, ObjectsOfAnotherReleaseAreMatchedByStixId) {
  const ReleaseModel& m181 = *Enterprise181().model;
  const LoadedRelease* r180 = ModelEnvironment::Find("enterprise-attack", "18.0");
  ASSERT_NE(r180, nullptr);
  const Object* old = r180->model->ByAttackId("T1591.002");
  const Object* current = m181.ByAttackId("T1591.002");
  ASSERT_NE(old, nullptr);
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(Ends(m181, m181.Incoming(*old, "uses"), true), Ends(m181, m181.Incoming(*current, "uses"), true));
  EXPECT_EQ(m181.ParentOf(*old), m181.ParentOf(*current));
  Object absent;
  absent.stix_id = "attack-pattern--00000000-0000-0000-0000-000000000000";
  absent.index = current->index;  // an index that is valid here must not be trusted
  EXPECT_TRUE(m181.Outgoing(absent, "").empty());
  EXPECT_EQ(m181.Replacement(absent), nullptr);
}

TEST(ModelTechnique, LinkedTechniquesFollowDescriptionLinks) {
  const LoadedRelease& r = Enterprise181();
  const ReleaseModel& m = *r.model;
  const Object* t = m.ByAttackId("T1591.002");
  ASSERT_NE(t, nullptr);
  // Expected: the links in the object's raw bytes from the store.
  auto raw = ModelEnvironment::Store().RawBytes(t->store_object_id);
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  std::vector<std::string> expected;
  static const std::regex kLink(R"(attack\.mitre\.org/techniques/(T\d{4})(?:/(\d{3}))?)");
  for (std::sregex_iterator it(raw->begin(), raw->end(), kLink), end; it != end; ++it) {
    std::string id = (*it)[1].str() + ((*it)[2].matched ? "." + (*it)[2].str() : "");
    if (id != t->attack_id && std::find(expected.begin(), expected.end(), id) == expected.end()) expected.push_back(id);
  }
  std::vector<std::string> linked;
  for (const Object* o : m.LinkedTechniques(*t)) linked.push_back(o->attack_id);
  EXPECT_EQ(linked, expected);
  EXPECT_EQ(linked.size(), 9u);  // T1598, T1593.001, T1594, T1593, T1585, T1586, T1195, T1189, T1199
}

TEST(ModelDetection, DataSourcesAndComponentsBefore18) {
  const LoadedRelease* r = ModelEnvironment::Find("enterprise-attack", "17.1");
  ASSERT_NE(r, nullptr);
  ASSERT_FALSE(r->facts.component_source.empty());
  for (const auto& [component_id, source_id] : r->facts.component_source) {
    const Object* component = r->model->ByStixId(component_id);
    ASSERT_NE(component, nullptr);
    const Object* source = r->model->DataSourceOf(*component);
    ASSERT_NE(source, nullptr);
    EXPECT_EQ(source->stix_id, source_id);
    EXPECT_EQ(StixIds(r->model->ComponentsOf(*source)).count(component_id), 1u);
  }
  const Object* t = r->model->ByAttackId("T1059.001");  // PowerShell: pre-18 detection text and data sources
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->detection_text.empty());
  EXPECT_FALSE(t->data_sources.empty());
}

TEST(ModelDetection, AnalyticsLogSourcesIn18) {
  const ReleaseModel& m = *Enterprise181().model;
  size_t log_sources = 0;
  std::map<const Object*, std::set<std::string>> users;  // component → analytics the model says use it
  for (const Object* analytic : m.OfKind(Kind::kAnalytic, true)) {
    for (const LogSourceReference& log : analytic->log_sources) {
      const Object* component = m.ByStixId(log.data_component_ref);
      ASSERT_NE(component, nullptr) << analytic->attack_id;
      EXPECT_EQ(component->kind, Kind::kDataComponent);
      if (!users.count(component)) users[component] = StixIds(m.AnalyticsUsingComponent(*component));
      EXPECT_EQ(users[component].count(analytic->stix_id), 1u);
      EXPECT_FALSE(log.name.empty());
      ++log_sources;
    }
  }
  EXPECT_GT(log_sources, 1000u);
}

// The 8.x era: no x_mitre_domains, mobile IDs under mitre-mobile-attack, a
// different key order. Fed straight to the builder (no such bundle is in the
// reference data).
TEST(ModelOldReleases, EightXStyleObjects) {
  store::ReleaseInfo info;
  info.domain = "mobile-attack";
  info.version = "8.2";
  ModelBuilder builder(info);
  builder.Add({}, R"({"name": "Defense Evasion", "id": "x-mitre-tactic--1", "type": "x-mitre-tactic",
      "x_mitre_shortname": "defense-evasion",
      "external_references": [{"external_id": "TA0030", "source_name": "mitre-attack"}]})");
  builder.Add({}, R"({"external_references": [{"url": "https://attack.mitre.org/techniques/T1400",
      "source_name": "mitre-mobile-attack", "external_id": "T1400"}],
      "kill_chain_phases": [{"phase_name": "defense-evasion", "kill_chain_name": "mitre-mobile-attack"}],
      "name": "Modify System Partition", "type": "attack-pattern", "id": "attack-pattern--2"})");
  builder.Add({}, R"({"type": "x-mitre-matrix", "id": "x-mitre-matrix--3", "name": "Mobile",
      "tactic_refs": ["x-mitre-tactic--1"]})");
  builder.Add({}, R"({"type": "intrusion-set", "id": "intrusion-set--4", "name": "G", "aliases": ["G", "H"],
      "external_references": [{"source_name": "mitre-attack", "external_id": "G0099"}]})");
  builder.Add({}, R"({"type": "relationship", "id": "relationship--5", "relationship_type": "uses",
      "source_ref": "intrusion-set--4", "target_ref": "attack-pattern--2", "description": "procedure"})");
  auto built = builder.Finish();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const ReleaseModel& m = **built;
  const Object* t = m.ByAttackId("t1400");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->url, "https://attack.mitre.org/techniques/T1400");
  ASSERT_EQ(m.TacticsOf(*t).size(), 1u);
  EXPECT_EQ(m.TacticsOf(*t)[0]->attack_id, "TA0030");
  const Object* g = m.ByAttackId("G0099");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->aliases, (std::vector<std::string>{"G", "H"}));
  auto uses = m.TechniquesUsedBy(*g);
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0].technique, t);
  ASSERT_EQ(uses[0].direct.size(), 1u);
  EXPECT_EQ(uses[0].direct[0]->description, "procedure");
}

TEST(ModelOldReleases, MalformedObjectIsAnError) {
  ModelBuilder builder(store::ReleaseInfo{});
  builder.Add({}, R"({"type": "attack-pattern", "id": )");
  EXPECT_FALSE(builder.Finish().ok());
}

}  // namespace
}  // namespace glexia::model
