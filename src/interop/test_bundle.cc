#include "interop/test_bundle.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "stix/bundle.h"

namespace glexia::interop::testing {

RawBundle ReadRawBundle(const std::string& path) {
  RawBundle out;
  auto bundle = stix::ReadBundle(path);
  EXPECT_TRUE(bundle.ok()) << bundle.status().ToString();
  if (!bundle.ok()) return out;
  out.spec_version = bundle->spec_version;
  out.sha256 = bundle->sha256;
  simdjson::dom::parser parser;
  std::vector<RawRelationship> rels;
  for (const stix::ObjectRecord& rec : bundle->objects) {
    simdjson::dom::element o = parser.parse(std::string(rec.raw));
    RawObject r;
    r.raw = std::string(rec.raw);
    r.type = std::string(std::string_view(o["type"]));
    r.id = std::string(std::string_view(o["id"]));
    std::string_view name;
    if (o["name"].get_string().get(name) == simdjson::SUCCESS) r.name = std::string(name);
    bool flag = false;
    if (o["revoked"].get_bool().get(flag) == simdjson::SUCCESS && flag) r.active = false;
    if (o["x_mitre_deprecated"].get_bool().get(flag) == simdjson::SUCCESS && flag) r.active = false;
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) == simdjson::SUCCESS) {
      for (auto ref : refs) {
        std::string_view source, ext;
        if (ref["source_name"].get_string().get(source) == simdjson::SUCCESS &&
            (source == "mitre-attack" || source == "mitre-mobile-attack" || source == "mitre-ics-attack") &&
            ref["external_id"].get_string().get(ext) == simdjson::SUCCESS) {
          r.attack_id = std::string(ext);
          break;
        }
      }
    }
    simdjson::dom::array list;
    if (o["x_mitre_platforms"].get_array().get(list) == simdjson::SUCCESS) {
      for (auto p : list) r.platforms.emplace_back(std::string_view(p));
    }
    if (o["kill_chain_phases"].get_array().get(list) == simdjson::SUCCESS) {
      for (auto p : list) r.phases.emplace_back(std::string_view(p["phase_name"]));
    }
    if (r.type == "relationship") {
      RawRelationship rel;
      rel.id = r.id;
      rel.type = std::string(std::string_view(o["relationship_type"]));
      rel.source = std::string(std::string_view(o["source_ref"]));
      rel.target = std::string(std::string_view(o["target_ref"]));
      rel.active = r.active;
      rels.push_back(rel);
    }
    out.by_id[r.id] = out.objects.size();
    out.objects.push_back(std::move(r));
  }
  for (RawRelationship& rel : rels) {
    const RawObject* s = out.Find(rel.source);
    const RawObject* t = out.Find(rel.target);
    rel.active = rel.active && s && t && s->active && t->active;
  }
  out.relationships = std::move(rels);
  for (size_t i = 0; i < out.relationships.size(); ++i) {
    out.relationships_by_source.emplace(out.relationships[i].source, i);
  }
  return out;
}

std::vector<std::string> RawBundle::TargetsOf(const std::string& source, const std::string& type,
                                              const std::set<std::string>& target_types) const {
  std::vector<std::string> out;
  auto [begin, end] = relationships_by_source.equal_range(source);
  for (auto it = begin; it != end; ++it) {
    const RawRelationship& r = relationships[it->second];
    if (!r.active || r.type != type) continue;
    if (target_types.count(Find(r.target)->type)) out.push_back(r.target);
  }
  return out;
}

std::set<std::string> RawBundle::TechniquesUsedBy(const std::string& actor_id) const {
  std::set<std::string> out;
  const RawObject* actor = Find(actor_id);
  auto direct_and_software = [&](const std::string& user, bool follow_software) {
    for (const std::string& t : TargetsOf(user, "uses", {"attack-pattern"})) out.insert(Find(t)->attack_id);
    if (!follow_software) return;
    for (const std::string& s : TargetsOf(user, "uses", {"malware", "tool"})) {
      for (const std::string& t : TargetsOf(s, "uses", {"attack-pattern"})) out.insert(Find(t)->attack_id);
    }
  };
  bool is_software = actor->type == "malware" || actor->type == "tool";
  direct_and_software(actor_id, !is_software);
  if (actor->type == "intrusion-set") {
    for (const RawRelationship& r : relationships) {
      if (r.active && r.type == "attributed-to" && r.target == actor_id && Find(r.source)->type == "campaign") {
        direct_and_software(r.source, true);
      }
    }
  }
  return out;
}

}  // namespace glexia::interop::testing
