// Cross-check of the API against an independent reading of every bundle in
// GLEXIA_ATTACK_DATA: the expected relations are computed here, straight from
// the STIX JSON with simdjson, without the model or the store.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <string>

#include "api/api_test_env.h"

namespace glexia::api::testing {
namespace {

using Ids = std::set<std::string>;

bool IsAttackSource(std::string_view s) {
  return s == "mitre-attack" || s == "mitre-mobile-attack" || s == "mitre-ics-attack";
}

struct RawObject {
  std::string type;
  std::string attack_id;
  bool active = true;
};

struct Expected {
  std::map<std::string, std::string> group_ids;      // stix id → ATT&CK ID (active groups)
  std::map<std::string, std::string> technique_ids;  // stix id → ATT&CK ID (active techniques)
  std::map<std::string, Ids> group_techniques;       // group stix id → technique ATT&CK IDs
  std::map<std::string, Ids> mitigations;            // technique stix id → mitigation ATT&CK IDs
  std::map<std::string, std::string> parent;         // technique stix id → parent ATT&CK ID
  std::map<std::string, Ids> strategies;             // technique stix id → detection strategy ATT&CK IDs
  std::map<std::string, Ids> components;             // technique stix id → detecting data component stix ids
};

bool Flag(simdjson::dom::object o, const char* key) {
  bool value = false;
  return o[key].get_bool().get(value) == simdjson::SUCCESS && value;
}

std::string Str(simdjson::dom::object o, const char* key) {
  std::string_view value;
  if (o[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return std::string(value);
}

Expected ComputeExpected(const std::string& bundle_bytes) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(bundle_bytes);
  std::map<std::string, RawObject> objects;
  struct Rel {
    std::string type, source, target;
    bool active;
  };
  std::vector<Rel> rels;
  for (simdjson::dom::object o : doc["objects"].get_array()) {
    std::string type = Str(o, "type");
    bool active = !Flag(o, "revoked") && !Flag(o, "x_mitre_deprecated");
    if (type == "relationship") {
      rels.push_back({Str(o, "relationship_type"), Str(o, "source_ref"), Str(o, "target_ref"), active});
      continue;
    }
    RawObject raw{type, "", active};
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) == simdjson::SUCCESS) {
      for (simdjson::dom::object ref : refs) {
        if (IsAttackSource(Str(ref, "source_name"))) {
          raw.attack_id = Str(ref, "external_id");
          break;
        }
      }
    }
    objects[Str(o, "id")] = raw;
  }
  Expected e;
  for (const auto& [id, o] : objects) {
    if (!o.active || o.attack_id.empty()) continue;
    if (o.type == "intrusion-set") e.group_ids[id] = o.attack_id;
    if (o.type == "attack-pattern") e.technique_ids[id] = o.attack_id;
  }
  for (const Rel& r : rels) {
    auto s = objects.find(r.source), t = objects.find(r.target);
    if (!r.active || s == objects.end() || t == objects.end() || !s->second.active || !t->second.active) continue;
    const RawObject& src = s->second;
    const RawObject& dst = t->second;
    if (r.type == "uses" && src.type == "intrusion-set" && dst.type == "attack-pattern") {
      e.group_techniques[r.source].insert(dst.attack_id);
    } else if (r.type == "mitigates" && src.type == "course-of-action" && dst.type == "attack-pattern") {
      e.mitigations[r.target].insert(src.attack_id);
    } else if (r.type == "subtechnique-of" && src.type == "attack-pattern" && dst.type == "attack-pattern") {
      e.parent[r.source] = dst.attack_id;
    } else if (r.type == "detects" && dst.type == "attack-pattern") {
      if (src.type == "x-mitre-detection-strategy") e.strategies[r.target].insert(src.attack_id);
      if (src.type == "x-mitre-data-component") e.components[r.target].insert(r.source);
    }
  }
  return e;
}

Ids Collect(simdjson::dom::array items, const char* key) {
  Ids out;
  for (simdjson::dom::object item : items) out.insert(Str(item, key));
  return out;
}

std::string Join(const Ids& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return "{" + out + "}";
}

TEST(ApiCrossCheck, EveryReleaseMatchesAnIndependentReadingOfItsBundle) {
  Env& env = SharedEnv();
  std::vector<BundleFile> bundles = ManifestBundles();
  ASSERT_EQ(bundles.size(), 14u);
  simdjson::dom::parser parser;
  for (const BundleFile& b : bundles) {
    SCOPED_TRACE(b.domain + " " + b.version);
    Expected e = ComputeExpected(BundleBytes(b.path));
    std::string sel = "domain=" + b.domain + "&release=" + b.version;
    int mismatches = 0;
    auto report = [&](const std::string& what, const Ids& want, const Ids& got) {
      if (want == got) return;
      if (++mismatches <= 10) ADD_FAILURE() << what << ": expected " << Join(want) << ", API says " << Join(got);
    };

    // Groups: the list, then each group's directly used techniques.
    auto list = env.Get("/api/v1/groups?limit=1000&" + sel);
    ASSERT_EQ(list.status, 200) << list.body;
    Ids want_groups, got_groups;
    for (const auto& [id, attack_id] : e.group_ids) want_groups.insert(attack_id);
    got_groups = Collect(parser.parse(list.body)["items"].get_array(), "attack_id");
    report("active groups", want_groups, got_groups);
    ASSERT_FALSE(want_groups.empty());
    for (const auto& [stix_id, attack_id] : e.group_ids) {
      auto r = env.Get("/api/v1/groups/" + stix_id + "/techniques?" + sel);
      ASSERT_EQ(r.status, 200) << r.body;
      Ids direct;
      for (simdjson::dom::object use : parser.parse(r.body)["techniques"].get_array()) {
        for (std::string_view how : use["how"].get_array()) {
          if (how == "direct") direct.insert(Str(use["technique"].get_object(), "attack_id"));
        }
      }
      report(attack_id + " uses", e.group_techniques[stix_id], direct);
    }

    // Techniques: mitigations, parent, detection strategies and data components.
    auto techniques = env.Get("/api/v1/techniques?limit=1000&" + sel);
    ASSERT_EQ(techniques.status, 200) << techniques.body;
    Ids want_techniques;
    for (const auto& [id, attack_id] : e.technique_ids) want_techniques.insert(attack_id);
    report("active techniques", want_techniques,
           Collect(parser.parse(techniques.body)["items"].get_array(), "attack_id"));
    for (const auto& [stix_id, attack_id] : e.technique_ids) {
      auto r = env.Get("/api/v1/techniques/" + stix_id + "?" + sel);
      ASSERT_EQ(r.status, 200) << r.body;
      simdjson::dom::object t = parser.parse(r.body)["object"].get_object();
      report(attack_id + " mitigations", e.mitigations[stix_id], Collect(t["mitigations"].get_array(), "attack_id"));
      Ids want_parent, got_parent;
      if (e.parent.count(stix_id)) want_parent.insert(e.parent[stix_id]);
      simdjson::dom::object parent;
      if (t["parent"].get_object().get(parent) == simdjson::SUCCESS) got_parent.insert(Str(parent, "attack_id"));
      report(attack_id + " parent", want_parent, got_parent);
      simdjson::dom::object detection = t["detection"].get_object();
      report(attack_id + " detection strategies", e.strategies[stix_id],
             Collect(detection["strategies"].get_array(), "attack_id"));
      report(attack_id + " detecting data components", e.components[stix_id],
             Collect(detection["data_components"].get_array(), "stix_id"));
    }
    EXPECT_EQ(mismatches, 0);
  }
}

}  // namespace
}  // namespace glexia::api::testing
