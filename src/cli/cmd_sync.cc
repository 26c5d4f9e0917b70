// glexia sync: fetch new ATT&CK releases from an index, a directory or a file.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "sync/sync.h"

namespace glexia::cli {
namespace {

struct SyncFlags {
  std::string source;
  std::vector<std::string> domains;
  bool all_versions = false;
  bool latest = false;
  int timeout_seconds = 600;
  int retries = 3;
  uint64_t max_bytes = uint64_t{512} << 20;
  std::string work_dir;
  bool quiet = false;
};

int RunSync(const Context& ctx, const SyncFlags& flags) {
  sync::SyncOptions options;
  options.source = flags.source;
  options.domains = flags.domains;
  if (flags.all_versions) options.versions = sync::VersionSelection::kAll;
  if (flags.latest) options.versions = sync::VersionSelection::kLatest;
  options.download.timeout = std::chrono::seconds(flags.timeout_seconds);
  options.download.connect_timeout = std::chrono::seconds(std::min(30, flags.timeout_seconds));
  options.download.retries = flags.retries;
  options.download.max_bytes = flags.max_bytes;
  options.download.progress = !flags.quiet;
  options.work_dir = flags.work_dir;
  options.on_message = [&](const std::string& line) {
    if (line.rfind("failed: ", 0) == 0) return;  // reported once, below
    bool warning = line.rfind("retrying ", 0) == 0 || line.rfind("skipping ", 0) == 0;
    if (warning) {
      std::fprintf(stderr, "glexia: %s\n", line.c_str());
    } else if (!flags.quiet) {
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }
  };

  auto store = ctx.OpenStore(false);
  if (!store.ok()) return ReportError(store.status());
  auto report = sync::SyncOnce(**store, options);
  if (!report.ok()) return ReportError(report.status());
  using Action = sync::ReleaseOutcome::Action;
  int failed = report->Count(Action::kFailed);
  if (failed == 0) return 0;
  int exit_code = 0;
  for (const auto& outcome : report->outcomes) {
    if (outcome.action != Action::kFailed) continue;
    int code = ReportError(outcome.error);
    if (exit_code == 0) exit_code = code;
  }
  if (report->outcomes.size() > 1)
    std::fprintf(stderr, "glexia: sync incomplete: %d imported, %d replaced, %d up to date, %d failed\n",
                 report->Count(Action::kImported), report->Count(Action::kReplaced), report->Count(Action::kUpToDate),
                 failed);
  return exit_code;
}

}  // namespace

void RegisterSyncCommand(CLI::App& app, Context& ctx) {
  auto flags = std::make_shared<SyncFlags>();
  CLI::App* cmd = app.add_subcommand(
      "sync", "Import new ATT&CK releases from MITRE's collection index, a local index, a directory or a bundle file");
  cmd->add_option("--source", flags->source,
                  "Index URL or path, directory of bundles, or one bundle file (default: MITRE's index at " +
                      std::string(sync::kDefaultIndexUrl) + ")");
  cmd->add_option("--domain", flags->domains, "Only these domains (enterprise-attack, mobile-attack, ics-attack)")
      ->take_all();
  auto* all = cmd->add_flag("--all-versions", flags->all_versions,
                            "Every version the source offers (default for a directory)");
  auto* latest = cmd->add_flag("--latest", flags->latest, "Only the newest version per domain (default for an index)");
  all->excludes(latest);
  cmd->add_option("--timeout", flags->timeout_seconds, "Seconds allowed per download attempt")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--retries", flags->retries, "Retries after a transient failure (5xx, timeout, reset)")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  cmd->add_option("--max-bytes", flags->max_bytes, "Largest download accepted, e.g. 512MB")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  cmd->add_option("--work-dir", flags->work_dir, "Where downloads are staged (default: $TMPDIR/glexia-sync)");
  cmd->add_flag("--quiet,-q", flags->quiet, "Print errors only");
  cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return RunSync(ctx, *flags); }; });
}

}  // namespace glexia::cli
