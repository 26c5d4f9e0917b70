// Keeping the store current from MITRE's collection index, a local index, a
// directory of bundles or one bundle file. Every release is fetched to a
// temporary file, verified against what the index claims, and only then
// imported (atomically, by the store). See docs/sync.md.
//
// Thread-safety: SyncOnce may be called from any thread; concurrent calls in
// one process are serialized (a scheduled sync and an admin-triggered one
// never interleave).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"
#include "sync/download.h"

namespace glexia::sync {

inline constexpr char kDefaultIndexUrl[] =
    "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/index.json";

enum class VersionSelection {
  kDefault,  // the latest per domain from an index; every file from a directory
  kLatest,
  kAll,
};

struct SyncOptions {
  // An http(s) URL or local path of a collection index, a directory of
  // bundles (searched recursively) or one bundle file. Empty: kDefaultIndexUrl.
  std::string source;
  std::vector<std::string> domains;  // "enterprise-attack" or "enterprise"; empty: all
  VersionSelection versions = VersionSelection::kDefault;
  DownloadOptions download;
  std::string work_dir;  // where downloads are staged; empty: $TMPDIR/glexia-sync
  // One line per event ("imported ...", "up to date: ...", retries); may be empty.
  std::function<void(const std::string&)> on_message;
};

struct ReleaseOutcome {
  enum class Action { kImported, kReplaced, kUpToDate, kFailed };
  Action action = Action::kUpToDate;
  std::string domain;
  std::string version;
  std::string location;   // URL or path it was (or would be) fetched from
  Status error;           // kFailed only: one line naming the release and the problem
  store::ReleaseInfo release;  // kImported / kReplaced: as the store recorded it
};

struct SyncReport {
  std::string source;
  std::vector<ReleaseOutcome> outcomes;  // by domain, oldest version first

  int Count(ReleaseOutcome::Action action) const;
  // Ok, or the first failure (with a count when there are several).
  Status FirstError() const;
};

// Plans and runs one sync. A non-ok Result means nothing could be planned
// (source unreachable or malformed, store error); per-release failures are in
// the report and leave the store without that release.
Result<SyncReport> SyncOnce(store::Store& store, const SyncOptions& options);

// "24h", "30m", "90s", "2d", "1h30m" → seconds. Positive durations only.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// "enterprise" / "enterprise-attack" → "enterprise-attack"; empty when unknown.
std::string NormalizeDomain(std::string_view name);

// The current time as ISO 8601 UTC ("2026-12-04T20:45:00Z").
std::string NowIso8601();

}  // namespace glexia::sync
