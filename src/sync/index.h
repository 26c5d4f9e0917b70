// MITRE's collection index (the `index.json` of attack-stix-data): which
// releases exist per domain, where to fetch them and when each changed.
// Pure parsing; no I/O. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace glexia::sync {

// One release as the index announces it.
struct IndexEntry {
  std::string domain;           // enterprise-attack | mobile-attack | ics-attack
  std::string version;          // "18.1"
  std::string url;              // resolved: absolute http(s) URL or a local path
  std::string modified;         // the index's modified time for this version
  std::string collection_id;    // x-mitre-collection--...
  std::string collection_name;  // "Enterprise ATT&CK"
};

struct CollectionIndex {
  std::string name;
  std::string modified;
  std::vector<IndexEntry> entries;  // in index order
};

// Parses index JSON. `base` is where the index came from (URL or local path):
// relative URLs in it resolve against it, and file:// URLs become paths. A
// collection whose domain cannot be told (name, then file name in the URL)
// is an error, as is a version without a url.
Result<CollectionIndex> ParseCollectionIndex(std::string_view json, const std::string& base);

// True when `json` looks like a collection index (top-level "collections").
bool LooksLikeCollectionIndex(std::string_view json);

// "Enterprise ATT&CK" → "enterprise-attack"; empty when unknown.
std::string DomainFromCollectionName(std::string_view name);

bool IsRemoteUrl(std::string_view s);  // http:// or https://

// Resolves `ref` against `base` (a URL or a local path of the index file).
// file:// URLs become local paths. Errors on unsupported schemes.
Result<std::string> ResolveReference(const std::string& base, const std::string& ref);

}  // namespace glexia::sync
