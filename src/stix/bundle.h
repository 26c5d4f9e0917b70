// Reading ATT&CK STIX 2.0 / 2.1 bundles.
//
// A Bundle owns the (decompressed) file bytes; every ObjectRecord points into
// them, so the record views live exactly as long as the Bundle. Reading is
// single-threaded; distinct Bundles may be read on distinct threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace glexia::stix {

// One object of the bundle, with the facts the store indexes. `raw` is the
// object's exact bytes as they stand in the file.
struct ObjectRecord {
  std::string_view raw;
  std::string type;
  std::string id;
  std::string attack_id;  // external_id under mitre-attack / mitre-mobile-attack / mitre-ics-attack
  std::string name;
  std::string modified;
  std::string version;  // x_mitre_version
  bool revoked = false;
  bool deprecated = false;
  // Cut points into `raw`, ascending: where each top-level member's key
  // starts (its quote) and where each element of a member's array of objects
  // starts. Piece i spans [member_starts[i], member_starts[i+1]); the first
  // starts at 0 (covering the opening brace), the last runs to the end of `raw`.
  std::vector<uint32_t> member_starts;
  // Full-text search material (names, aliases, description); empty for relationships.
  std::string aliases;  // space-separated
  std::string description;
};

struct Bundle {
  std::string source;        // the path (or URL) it was read from; used in messages
  std::string data;          // decompressed bytes; records point in here
  std::string sha256;        // hex SHA-256 of `data` (the uncompressed JSON)
  std::string spec_version;  // "2.0" or "2.1"
  std::string domain;        // enterprise-attack | mobile-attack | ics-attack
  std::string release;       // "18.1"
  std::string collection_name;  // from x-mitre-collection, if present
  std::vector<ObjectRecord> objects;

  Bundle() = default;
  Bundle(Bundle&&) = default;
  Bundle& operator=(Bundle&&) = default;
  Bundle(const Bundle&) = delete;
  Bundle& operator=(const Bundle&) = delete;
};

struct ReadOptions {
  std::string domain;   // overrides detection when non-empty
  std::string release;  // overrides detection when non-empty
};

// Reads a .json or .json.gz bundle from disk.
Result<Bundle> ReadBundle(const std::string& path, const ReadOptions& options = {});

// Parses bundle bytes already in memory. `data` must not be modified while the
// returned Bundle lives (it is moved in). `name` is used in messages and for
// the `<domain>-<X.Y>.json` file-name fallback.
Result<Bundle> ParseBundle(std::string data, const std::string& name, const ReadOptions& options = {});

// "enterprise-attack" etc. from a file name like enterprise-attack-18.1.json.gz.
// Empty strings when the name does not follow the pattern.
void DomainAndReleaseFromFileName(const std::string& path, std::string* domain, std::string* release);

// True for the three ATT&CK domain names.
bool IsKnownDomain(std::string_view domain);

// The ATT&CK external-id source names.
bool IsAttackSourceName(std::string_view source_name);

}  // namespace glexia::stix
