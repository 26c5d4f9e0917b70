// The store: every imported ATT&CK release side by side, objects kept once by
// content. All persistence goes through this interface (SQLite now, PostgreSQL
// later), so callers never see SQL.
//
// Thread-safety: a Store may be shared by threads; implementations serialize
// or pool connections internally. Several processes may open the same store:
// one imports while others read (readers see a release only once its import
// has committed).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "stix/bundle.h"

namespace glexia::store {

struct ReleaseInfo {
  int64_t id = 0;
  std::string domain;   // enterprise-attack | mobile-attack | ics-attack
  std::string version;  // "18.1"
  std::string spec_version;
  std::string source;  // path or URL it came from
  std::string bundle_sha256;
  std::string imported_at;  // ISO 8601 UTC
  std::string collection_name;
  // Sync metadata; empty when imported by hand.
  std::string index_modified;
  std::string downloaded_at;
  int64_t object_count = 0;
  std::map<std::string, int64_t> counts_by_type;
};

// One object as it stands in one release.
struct ObjectVersion {
  int64_t object_id = 0;  // store-internal id of this exact content
  std::string stix_id;
  std::string type;
  std::string attack_id;  // empty for objects without one (relationships, ...)
  std::string name;
  std::string modified;
  std::string version;  // x_mitre_version
  bool revoked = false;
  bool deprecated = false;
  std::string sha256;  // hex SHA-256 of the exact bytes ("raw hash")
};

struct ImportOptions {
  bool replace = false;  // allow a different bundle for an already imported release
  std::string source;    // recorded as the release's source; defaults to bundle.source
  std::string index_modified;
  std::string downloaded_at;
  // Called now and then with (objects done, total); may be empty.
  std::function<void(size_t, size_t)> on_progress;
};

struct ImportResult {
  ReleaseInfo release;
  bool unchanged = false;  // same bundle hash already imported: nothing done
  bool replaced = false;
  int64_t new_objects = 0;     // object versions not stored before
  int64_t reused_objects = 0;  // identical bytes already in the store
};

struct SearchHit {
  ObjectVersion object;
  double rank = 0;  // lower is better (bm25)
};

class Store {
 public:
  virtual ~Store() = default;

  // Imports one bundle atomically: all of it or nothing.
  virtual Result<ImportResult> Import(const stix::Bundle& bundle, const ImportOptions& options) = 0;

  // All releases, ordered by domain then version (oldest first).
  virtual Result<std::vector<ReleaseInfo>> ListReleases() = 0;

  // `version` empty means the newest release of `domain`.
  virtual Result<ReleaseInfo> GetRelease(std::string_view domain, std::string_view version) = 0;

  // Objects of a release whose STIX id or ATT&CK ID equals `id` (usually one;
  // an ATT&CK ID may be shared by a revoked object and its successor).
  virtual Result<std::vector<ObjectVersion>> FindObjects(int64_t release_id, std::string_view id) = 0;

  // The exact bytes of an object version as they stood in its bundle.
  virtual Result<std::string> RawBytes(int64_t object_id) = 0;

  // Calls `visit` for every object of the release with its exact bytes. The
  // string_view is valid only during the call.
  virtual Status ForEachObject(int64_t release_id,
                               const std::function<void(const ObjectVersion&, std::string_view raw)>& visit) = 0;

  // Every (release id, object version) for one STIX id, across all releases.
  virtual Result<std::vector<std::pair<int64_t, ObjectVersion>>> History(std::string_view stix_id) = 0;

  // Ranked full-text search over names, aliases and descriptions of one release.
  virtual Result<std::vector<SearchHit>> Search(int64_t release_id, std::string_view text, int limit) = 0;

  // Changes whenever a release is imported, replaced or removed (by any process).
  virtual Result<int64_t> Generation() = 0;

  // Removes a release and whatever content no other release shares.
  virtual Status RemoveRelease(int64_t release_id) = 0;

  // Bytes the store occupies on disk (for stats and benchmarks).
  virtual Result<int64_t> SizeBytes() = 0;
};

struct OpenOptions {
  bool read_only = false;
  bool create_if_missing = true;
};

// Opens (creating if allowed) a SQLite store at `path` in WAL mode.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const OpenOptions& options = {});

// Opens a store from a location: a file path for SQLite, or a
// postgresql://... URI once that backend exists.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const OpenOptions& options = {});

}  // namespace glexia::store
