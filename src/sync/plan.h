// Internal to the sync layer: turning a source into release candidates.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "stix/bundle.h"
#include "sync/sync.h"

namespace glexia::sync {

// One release a source offers.
struct Candidate {
  std::string domain;
  std::string version;
  std::string location;        // http(s) URL or local path
  bool remote = false;
  std::string index_modified;  // empty when not from an index
  std::string collection_id;   // what the bundle's x-mitre-collection id must be, if known
  std::string claimed_by;      // who says it is domain/version: "the index", "its file name", ...
  // A bundle already read while planning (single-file sources); may be null.
  std::shared_ptr<stix::Bundle> bundle;
};

struct Plan {
  std::string source;  // as resolved (default URL filled in)
  bool from_index = false;
  std::vector<Candidate> candidates;  // filtered and selected; by domain, oldest first
};

// Reads the source (fetching a remote index into `work_dir`) and selects the
// candidates per options.domains / options.versions.
Result<Plan> MakePlan(const SyncOptions& options, const std::string& work_dir);

// Checks a parsed bundle against what the candidate claims: domain, release
// (x-mitre-collection x_mitre_version) and collection id. One-line error.
Status VerifyBundle(const stix::Bundle& bundle, const Candidate& candidate);

// Reads and parses a fetched file as the candidate's release.
Result<stix::Bundle> ReadCandidateBundle(const std::string& path, const Candidate& candidate);

}  // namespace glexia::sync
