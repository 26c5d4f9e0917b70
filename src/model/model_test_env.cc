#include "model/model_test_env.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "stix/bundle.h"

namespace fs = std::filesystem;

namespace glexia::model::testing {
namespace {

struct RawObject {
  std::string type;
  bool revoked = false;
  bool deprecated = false;
  std::string shortname;
  std::vector<std::string> phases;
  std::vector<std::string> tactic_refs;
  std::string data_source_ref;
};

struct RawRelationship {
  std::string type, source, target;
  bool revoked = false, deprecated = false;
};

std::string Str(simdjson::dom::element obj, const char* key) {
  std::string_view s;
  if (obj[key].get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

bool Bool(simdjson::dom::element obj, const char* key) {
  bool b = false;
  if (obj[key].get_bool().get(b) != simdjson::SUCCESS) return false;
  return b;
}

void Union(std::set<std::string>* into, const std::set<std::string>& from) { into->insert(from.begin(), from.end()); }

std::unique_ptr<store::Store>& SharedStore() {
  static std::unique_ptr<store::Store> store;
  return store;
}

std::vector<LoadedRelease>* Load() {
  auto* out = new std::vector<LoadedRelease>();
  std::string dir = ScratchDir("shared");
  auto opened = store::OpenSqliteStore(dir + "/store.db");
  if (!opened.ok()) {
    ADD_FAILURE() << "cannot open a scratch store: " << opened.status().ToString();
    return out;
  }
  SharedStore() = std::move(opened).value();
  for (const std::string& file : BundleFiles()) {
    auto bundle = stix::ReadBundle(file);
    if (!bundle.ok()) {
      ADD_FAILURE() << bundle.status().ToString();
      continue;
    }
    auto imported = SharedStore()->Import(*bundle, {});
    if (!imported.ok()) {
      ADD_FAILURE() << "import of " << file << ": " << imported.status().ToString();
      continue;
    }
    LoadedRelease loaded;
    loaded.release = imported->release;
    loaded.facts = DeriveRawFacts(bundle->data, bundle->domain, bundle->release);
    auto model = BuildReleaseModel(*SharedStore(), loaded.release);
    if (!model.ok()) {
      ADD_FAILURE() << model.status().ToString();
      continue;
    }
    loaded.model = *model;
    out->push_back(std::move(loaded));
  }
  return out;
}

}  // namespace

std::string ScratchDir(const std::string& name) {
  fs::path dir = fs::path(GLEXIA_TEST_WORK) / "model" / name;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return dir.string();
}

std::vector<std::string> BundleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(GLEXIA_ATTACK_DATA)) {
    std::string name = entry.path().filename().string();
    if (name.find("-attack-") != std::string::npos && name.ends_with(".json.gz")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

const std::vector<LoadedRelease>& ModelEnvironment::Releases() {
  static std::vector<LoadedRelease>* loaded = Load();
  return *loaded;
}

const LoadedRelease* ModelEnvironment::Find(const std::string& domain, const std::string& version) {
  for (const LoadedRelease& r : Releases()) {
    if (r.release.domain == domain && r.release.version == version) return &r;
  }
  return nullptr;
}

store::Store& ModelEnvironment::Store() {
  Releases();
  return *SharedStore();
}

RawFacts DeriveRawFacts(const std::string& json, const std::string& domain, const std::string& version) {
  RawFacts facts;
  facts.domain = domain;
  facts.version = version;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  EXPECT_EQ(parser.parse(simdjson::padded_string(json)).get(root), simdjson::SUCCESS);
  simdjson::dom::array items;
  EXPECT_EQ(root["objects"].get_array().get(items), simdjson::SUCCESS);

  std::map<std::string, RawObject> objects;
  std::vector<std::string> matrices;  // bundle order
  std::vector<RawRelationship> relationships;
  for (simdjson::dom::element item : items) {
    std::string type = Str(item, "type");
    if (type == "relationship") {
      relationships.push_back({Str(item, "relationship_type"), Str(item, "source_ref"), Str(item, "target_ref"),
                               Bool(item, "revoked"), Bool(item, "x_mitre_deprecated")});
      continue;
    }
    std::string id = Str(item, "id");
    RawObject& o = objects[id];
    o.type = type;
    o.revoked = Bool(item, "revoked");
    o.deprecated = Bool(item, "x_mitre_deprecated");
    o.shortname = Str(item, "x_mitre_shortname");
    o.data_source_ref = Str(item, "x_mitre_data_source_ref");
    simdjson::dom::array list;
    if (item["kill_chain_phases"].get_array().get(list) == simdjson::SUCCESS) {
      for (auto phase : list) o.phases.push_back(Str(phase, "phase_name"));
    }
    if (item["tactic_refs"].get_array().get(list) == simdjson::SUCCESS) {
      for (auto ref : list) o.tactic_refs.emplace_back(std::string_view(ref.get_string().value_unsafe()));
    }
    if (type == "x-mitre-matrix") matrices.push_back(id);
  }
  facts.relationships = relationships.size();
  facts.objects = objects.size();

  auto active = [&](const std::string& id) {
    auto it = objects.find(id);
    return it != objects.end() && !it->second.revoked && !it->second.deprecated;
  };
  auto type_of = [&](const std::string& id) {
    auto it = objects.find(id);
    return it == objects.end() ? std::string() : it->second.type;
  };

  IdSets uses_technique, uses_software, campaigns_of_group;
  for (const RawRelationship& r : relationships) {
    if (r.revoked || r.deprecated || !active(r.source) || !active(r.target)) continue;
    std::string source_type = type_of(r.source), target_type = type_of(r.target);
    if (r.type == "uses" && target_type == "attack-pattern") uses_technique[r.source].insert(r.target);
    if (r.type == "uses" && (target_type == "malware" || target_type == "tool")) uses_software[r.source].insert(r.target);
    if (r.type == "attributed-to" && source_type == "campaign" && target_type == "intrusion-set")
      campaigns_of_group[r.target].insert(r.source);
    if (r.type == "mitigates" && target_type == "attack-pattern") facts.technique_mitigations[r.target].insert(r.source);
    if (r.type == "subtechnique-of") facts.technique_parent[r.source].insert(r.target);
    if (r.type == "detects" && target_type == "attack-pattern") facts.technique_detections[r.target].insert(r.source);
  }

  std::vector<std::pair<std::string, std::string>> active_tactics;  // (id, shortname)
  for (const auto& [id, o] : objects) {
    if (o.type == "x-mitre-tactic" && active(id)) active_tactics.emplace_back(id, o.shortname);
  }
  for (const auto& [id, o] : objects) {
    if (o.type == "attack-pattern") {
      facts.techniques.insert(id);
      if (active(id)) facts.active_techniques.insert(id);
      for (const auto& [tactic_id, shortname] : active_tactics) {
        if (active(id) && std::find(o.phases.begin(), o.phases.end(), shortname) != o.phases.end())
          facts.technique_tactics[id].insert(tactic_id);
      }
    }
    if (o.type == "x-mitre-data-component" && !o.data_source_ref.empty() && objects.count(o.data_source_ref))
      facts.component_source[id] = o.data_source_ref;
    if (o.type != "intrusion-set") continue;
    facts.groups.insert(id);
    if (uses_technique.count(id)) facts.group_direct[id] = uses_technique[id];
    for (const std::string& software : uses_software[id]) Union(&facts.group_via_software[id], uses_technique[software]);
    for (const std::string& campaign : campaigns_of_group[id]) {
      Union(&facts.group_via_campaign[id], uses_technique[campaign]);
      for (const std::string& software : uses_software[campaign])
        Union(&facts.group_via_campaign[id], uses_technique[software]);
    }
  }

  for (const std::string& matrix : matrices) {
    if (!active(matrix)) continue;
    for (const std::string& tactic : objects[matrix].tactic_refs) {
      if (active(tactic) &&
          std::find(facts.matrix_tactics.begin(), facts.matrix_tactics.end(), tactic) == facts.matrix_tactics.end())
        facts.matrix_tactics.push_back(tactic);
    }
  }

  std::map<std::string, std::string> revoked_by;
  for (const RawRelationship& r : relationships) {
    if (r.type == "revoked-by" && objects.count(r.target) && !revoked_by.count(r.source)) revoked_by[r.source] = r.target;
  }
  for (const auto& [id, o] : objects) {
    if (!o.revoked || !revoked_by.count(id)) continue;
    std::string current = id;
    for (int hop = 0; hop < 16 && objects[current].revoked && revoked_by.count(current); ++hop) current = revoked_by[current];
    facts.replacement[id] = current;
  }
  return facts;
}

}  // namespace glexia::model::testing
