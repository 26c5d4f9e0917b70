// Test helper: ATT&CK facts read straight from a raw bundle with simdjson, so
// interop tests derive expected values without the store or the model.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace glexia::interop::testing {

struct RawObject {
  std::string type, id, attack_id, name;
  bool active = true;  // neither revoked nor x_mitre_deprecated
  std::vector<std::string> platforms;
  std::vector<std::string> phases;  // kill_chain_phases[].phase_name
  std::string raw;                  // exact bytes from the stix reader
};

struct RawRelationship {
  std::string id, type, source, target;
  bool active = true;  // itself and both ends active and present
};

struct RawBundle {
  std::string spec_version;
  std::vector<RawObject> objects;  // in bundle order (relationships included)
  std::map<std::string, size_t> by_id;
  std::vector<RawRelationship> relationships;
  std::multimap<std::string, size_t> relationships_by_source;  // source id → index
  std::string sha256;  // of the uncompressed bundle

  const RawObject* Find(const std::string& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &objects[it->second];
  }
  // ATT&CK IDs of the techniques `actor` uses directly, via its software and
  // (for groups) via campaigns attributed to it; active relationships only.
  std::set<std::string> TechniquesUsedBy(const std::string& actor_id) const;
  std::vector<std::string> TargetsOf(const std::string& source, const std::string& type,
                                     const std::set<std::string>& target_types) const;
};

RawBundle ReadRawBundle(const std::string& path);

}  // namespace glexia::interop::testing
