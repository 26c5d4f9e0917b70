// Test fixture shared by the model tests: imports every bundle of
// GLEXIA_ATTACK_DATA once into a scratch SQLite store, builds each release's
// model once, and derives the expected facts independently from the raw bundle
// JSON (simdjson over the file, never through the model).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/model.h"
#include "store/store.h"

namespace glexia::model::testing {

using IdSets = std::map<std::string, std::set<std::string>>;  // STIX id → STIX ids

// What the raw bundle says, computed in the test. "Active" relationships are
// neither revoked nor deprecated, and both their ends are in the bundle and
// neither revoked nor deprecated.
struct RawFacts {
  std::string domain;
  std::string version;
  std::set<std::string> groups;      // every intrusion-set
  std::set<std::string> techniques;  // every attack-pattern
  std::set<std::string> active_techniques;
  IdSets group_direct;        // group → techniques it `uses`
  IdSets group_via_software;  // group → techniques of the software it uses
  IdSets group_via_campaign;  // group → techniques of campaigns attributed to it (and their software)
  IdSets technique_mitigations;
  IdSets technique_parent;
  IdSets technique_detections;  // sources of `detects`: detection strategies (18.x) or data components
  IdSets technique_tactics;     // active tactics whose shortname is a kill_chain_phases phase_name
  std::vector<std::string> matrix_tactics;  // active matrices' tactic_refs (active tactics), in order
  std::map<std::string, std::string> replacement;  // revoked object → end of its revoked-by chain
  std::map<std::string, std::string> component_source;  // data component → x_mitre_data_source_ref
  size_t objects = 0;        // non-relationship objects
  size_t relationships = 0;
};

struct LoadedRelease {
  store::ReleaseInfo release;
  std::shared_ptr<const ReleaseModel> model;
  RawFacts facts;
};

class ModelEnvironment {
 public:
  // Loads on first call (imports, builds, derives facts); fails the test on error.
  static const std::vector<LoadedRelease>& Releases();
  static const LoadedRelease* Find(const std::string& domain, const std::string& version);
  static store::Store& Store();
};

// Reads a bundle and derives RawFacts from its JSON.
RawFacts DeriveRawFacts(const std::string& json, const std::string& domain, const std::string& version);

// Every bundle file under GLEXIA_ATTACK_DATA, sorted.
std::vector<std::string> BundleFiles();

// A fresh scratch directory GLEXIA_TEST_WORK/model/<name>.
std::string ScratchDir(const std::string& name);

}  // namespace glexia::model::testing
