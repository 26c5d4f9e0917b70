#include "sync/sync.h"

#include <unistd.h>

#include <cctype>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>

#include "core/progress.h"
#include "sync/plan.h"

namespace glexia::sync {
namespace fs = std::filesystem;
namespace {

using Action = ReleaseOutcome::Action;

std::string ShortHash(const std::string& sha) { return sha.substr(0, 12); }

void Say(const SyncOptions& options, const std::string& line) {
  if (options.on_message) options.on_message(line);
}

std::string WorkDir(const SyncOptions& options) {
  if (!options.work_dir.empty()) return options.work_dir;
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (ec) tmp = "/tmp";
  return (tmp / "glexia-sync").string();
}

// Whether the store's copy of a release is current. Releases imported by
// hand (no index_modified) are trusted; an index that announces a newer
// modified time than the one recorded means MITRE re-published the release.
bool NeedsReplace(const store::ReleaseInfo& have, const Candidate& c) {
  return !c.index_modified.empty() && !have.index_modified.empty() && c.index_modified > have.index_modified;
}

// Fetches (if remote), verifies and imports one candidate.
ReleaseOutcome SyncRelease(store::Store& store, Candidate& c, bool replace, const SyncOptions& options,
                           const std::string& work_dir) {
  ReleaseOutcome out;
  out.domain = c.domain;
  out.version = c.version;
  out.location = c.location;
  auto fail = [&](const Status& s) {
    out.action = Action::kFailed;
    out.error = s.WithContext(c.domain + " " + c.version);
    Say(options, "failed: " + out.error.message());
    return out;
  };

  std::shared_ptr<stix::Bundle> bundle = c.bundle;
  std::string downloaded_at;
  if (!bundle) {
    std::string path = c.location;
    std::string temp;
    if (c.remote) {
      temp = (fs::path(work_dir) / (c.domain + "-" + c.version + "." + std::to_string(::getpid()) + ".download")).string();
      DownloadOptions download = options.download;
      download.label = c.domain + " " + c.version;
      if (!download.on_retry)
        download.on_retry = [&](int attempt, const std::string& why) {
          Say(options, "retrying " + c.domain + " " + c.version + " (attempt " + std::to_string(attempt) + "): " + why);
        };
      auto fetched = DownloadFile(c.location, temp, download);
      if (!fetched.ok()) return fail(fetched.status());
      path = temp;
    }
    downloaded_at = NowIso8601();
    auto parsed = ReadCandidateBundle(path, c);
    if (!temp.empty()) {
      std::error_code ec;
      fs::remove(temp, ec);
    }
    if (!parsed.ok()) return fail(parsed.status());
    bundle = std::make_shared<stix::Bundle>(std::move(parsed).value());
  } else {
    downloaded_at = NowIso8601();
    Status verified = VerifyBundle(*bundle, c);
    if (!verified.ok()) return fail(verified);
  }

  store::ImportOptions import;
  import.replace = replace;
  import.source = c.location;
  import.index_modified = c.index_modified;
  import.downloaded_at = downloaded_at;
  Progress progress("importing " + c.domain + " " + c.version, bundle->objects.size());
  if (options.download.progress) import.on_progress = [&](size_t done, size_t) { progress.Set(done); };
  auto imported = store.Import(*bundle, import);
  progress.Finish();
  if (!imported.ok()) return fail(imported.status());
  out.release = imported->release;
  if (imported->unchanged) {
    // Re-published with identical bytes: nothing to do. (The store does not
    // rewrite metadata for an unchanged bundle, so its index time stays old.)
    out.action = Action::kUpToDate;
    Say(options, "unchanged: " + c.domain + " " + c.version + " was re-published with identical content");
    return out;
  }
  out.action = replace ? Action::kReplaced : Action::kImported;
  Say(options, std::string(replace ? "replaced " : "imported ") + c.domain + " " + c.version + ": " +
                   std::to_string(out.release.object_count) + " objects, sha256 " +
                   ShortHash(out.release.bundle_sha256) + ", from " + c.location);
  return out;
}

}  // namespace

int SyncReport::Count(ReleaseOutcome::Action action) const {
  int n = 0;
  for (const auto& o : outcomes) n += o.action == action;
  return n;
}

Status SyncReport::FirstError() const {
  int failed = Count(Action::kFailed);
  for (const auto& o : outcomes) {
    if (o.action != Action::kFailed) continue;
    if (failed == 1) return o.error;
    return o.error.WithContext(std::to_string(failed) + " releases failed; first");
  }
  return Status::Ok();
}

Result<SyncReport> SyncOnce(store::Store& store, const SyncOptions& options) {
  static std::mutex one_at_a_time;
  std::lock_guard<std::mutex> lock(one_at_a_time);

  std::string work_dir = WorkDir(options);
  std::error_code ec;
  fs::create_directories(work_dir, ec);
  if (ec) return Status::IOError("cannot create the download directory " + work_dir + ": " + ec.message());

  GLEXIA_ASSIGN_OR_RETURN(Plan plan, MakePlan(options, work_dir));
  SyncReport report;
  report.source = plan.source;
  if (plan.candidates.empty()) {
    Say(options, "nothing to sync: " + plan.source + " offers no release" +
                     (options.domains.empty() ? "" : " of the requested domains"));
    return report;
  }
  GLEXIA_ASSIGN_OR_RETURN(std::vector<store::ReleaseInfo> releases, store.ListReleases());
  std::map<std::pair<std::string, std::string>, store::ReleaseInfo> have;
  for (auto& r : releases) have[{r.domain, r.version}] = std::move(r);

  for (Candidate& c : plan.candidates) {
    auto it = have.find({c.domain, c.version});
    bool replace = false;
    if (it != have.end()) {
      if (!NeedsReplace(it->second, c)) {
        ReleaseOutcome up;
        up.domain = c.domain;
        up.version = c.version;
        up.location = c.location;
        up.release = it->second;
        report.outcomes.push_back(std::move(up));
        continue;
      }
      replace = true;
    }
    report.outcomes.push_back(SyncRelease(store, c, replace, options, work_dir));
    c.bundle.reset();  // free memory early
  }

  std::string current;
  for (const auto& o : report.outcomes)
    if (o.action == Action::kUpToDate) current += (current.empty() ? "" : ", ") + o.domain + " " + o.version;
  bool no_work = report.Count(Action::kUpToDate) == static_cast<int>(report.outcomes.size());
  if (no_work) {
    Say(options, "up to date: " + current + " (nothing new at " + plan.source + ")");
  } else if (!current.empty()) {
    Say(options, "up to date: " + current);
  }
  return report;
}

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("empty duration (use e.g. 24h, 30m, 90s)");
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    int64_t n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i] - '0');
      if (n > 100'000'000) return Status::InvalidArgument("duration too long: " + std::string(text));
      ++i;
    }
    if (i == start || i == text.size())
      return Status::InvalidArgument("bad duration \"" + std::string(text) + "\" (use e.g. 24h, 30m, 90s, 1h30m)");
    switch (text[i++]) {
      case 'd': total += n * 86400; break;
      case 'h': total += n * 3600; break;
      case 'm': total += n * 60; break;
      case 's': total += n; break;
      default:
        return Status::InvalidArgument("bad duration \"" + std::string(text) + "\" (units: d, h, m, s)");
    }
  }
  if (total <= 0) return Status::InvalidArgument("duration must be positive: " + std::string(text));
  return std::chrono::seconds(total);
}

std::string NormalizeDomain(std::string_view name) {
  std::string s(name);
  if (s == "enterprise" || s == "enterprise-attack") return "enterprise-attack";
  if (s == "mobile" || s == "mobile-attack") return "mobile-attack";
  if (s == "ics" || s == "ics-attack") return "ics-attack";
  return {};
}

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace glexia::sync
