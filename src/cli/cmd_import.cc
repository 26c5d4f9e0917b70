// import, releases, stats, raw, remove: the commands that fill and inspect the store.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/progress.h"
#include "core/sha256.h"
#include "core/version.h"
#include "stix/bundle.h"

namespace glexia::cli {
namespace {

bool IsBundleFileName(const std::filesystem::path& p) {
  std::string name = p.filename().string();
  auto ends_with = [&](std::string_view s) { return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0; };
  return ends_with(".json") || ends_with(".json.gz");
}

// Expands directories into the bundle files inside them (recursively, sorted
// so releases import oldest first); files are taken as given.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (auto it = std::filesystem::recursive_directory_iterator(in, ec); !ec && it != std::filesystem::end(it);
           it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        std::string name = it->path().filename().string();
        if (!IsBundleFileName(it->path()) || name == "index.json") continue;
        found.push_back(it->path().string());
      }
      if (ec) return Status::IOError(in + ": cannot list directory: " + ec.message());
      std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
        std::string da, ra, db, rb;
        stix::DomainAndReleaseFromFileName(a, &da, &ra);
        stix::DomainAndReleaseFromFileName(b, &db, &rb);
        if (da != db) return da < db;
        if (int c = CompareVersions(ra, rb); c != 0) return c < 0;
        return a < b;
      });
      if (found.empty()) return Status::NotFound(in + ": no .json or .json.gz bundles in this directory");
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(in, ec)) {
      files.push_back(in);
    } else {
      return Status::NotFound(in + ": no such file or directory");
    }
  }
  return files;
}

std::string CountsLine(const store::ReleaseInfo& r) {
  auto count = [&](const char* t) {
    auto it = r.counts_by_type.find(t);
    return it == r.counts_by_type.end() ? int64_t{0} : it->second;
  };
  char buf[256];
  std::snprintf(buf, sizeof buf, "%lld objects: %lld techniques, %lld groups, %lld software, %lld mitigations, %lld relationships",
                static_cast<long long>(r.object_count), static_cast<long long>(count("attack-pattern")),
                static_cast<long long>(count("intrusion-set")),
                static_cast<long long>(count("malware") + count("tool")),
                static_cast<long long>(count("course-of-action")), static_cast<long long>(count("relationship")));
  return buf;
}

int RunImport(const Context& ctx, const std::vector<std::string>& inputs, const stix::ReadOptions& read_options,
              bool replace) {
  auto files = ExpandInputs(inputs);
  if (!files.ok()) return ReportError(files.status());
  if (files->size() > 1 && (!read_options.domain.empty() || !read_options.release.empty()))
    return ReportError(Status::InvalidArgument("--domain/--release apply to a single bundle, but " +
                                               std::to_string(files->size()) + " were given"));
  auto store = ctx.OpenStore(false);
  if (!store.ok()) return ReportError(store.status());
  int failures = 0;
  for (const auto& file : *files) {
    Progress progress("reading " + std::filesystem::path(file).filename().string(), 0);
    auto bundle = stix::ReadBundle(file, read_options);
    if (!bundle.ok()) {
      progress.Finish();
      ReportError(bundle.status());
      ++failures;
      continue;
    }
    progress.SetLabel("importing " + bundle->domain + " " + bundle->release);
    store::ImportOptions options;
    options.replace = replace;
    options.source = std::filesystem::absolute(file).string();
    options.on_progress = [&](size_t done, size_t total) {
      (void)total;
      progress.Set(done);
    };
    auto result = (*store)->Import(*bundle, options);
    progress.Finish();
    if (!result.ok()) {
      ReportError(result.status());
      ++failures;
      continue;
    }
    const auto& r = result->release;
    if (result->unchanged) {
      std::printf("%s %s: already imported with the same bundle (sha256 %s); nothing to do\n", r.domain.c_str(),
                  r.version.c_str(), r.bundle_sha256.substr(0, 12).c_str());
    } else {
      std::printf("%s %s (STIX %s): %s%s; %lld new object versions, %lld shared with other releases\n",
                  r.domain.c_str(), r.version.c_str(), r.spec_version.c_str(), result->replaced ? "replaced, " : "",
                  CountsLine(r).c_str(), static_cast<long long>(result->new_objects),
                  static_cast<long long>(result->reused_objects));
    }
  }
  return failures == 0 ? 0 : 4;
}

int RunReleases(const Context& ctx, bool verbose) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return ReportError(store.status());
  auto releases = (*store)->ListReleases();
  if (!releases.ok()) return ReportError(releases.status());
  if (releases->empty()) {
    std::printf("no releases imported yet: run `glexia import PATH` or `glexia sync`\n");
    return 0;
  }
  std::printf("%-18s %-8s %-5s %-8s %-12s %-24s %s\n", "DOMAIN", "RELEASE", "STIX", "OBJECTS", "SHA256", "IMPORTED",
              "SOURCE");
  for (const auto& r : *releases) {
    std::printf("%-18s %-8s %-5s %-8lld %-12s %-24s %s\n", r.domain.c_str(), r.version.c_str(), r.spec_version.c_str(),
                static_cast<long long>(r.object_count), r.bundle_sha256.substr(0, 12).c_str(), r.imported_at.c_str(),
                r.source.c_str());
    if (verbose && (!r.index_modified.empty() || !r.downloaded_at.empty()))
      std::printf("%-18s index modified %s, downloaded %s\n", "", r.index_modified.c_str(), r.downloaded_at.c_str());
  }
  return 0;
}

int RunStats(const Context& ctx, const std::string& domain, const std::string& release) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return ReportError(store.status());
  auto releases = (*store)->ListReleases();
  if (!releases.ok()) return ReportError(releases.status());
  int shown = 0;
  for (const auto& r : *releases) {
    if (!domain.empty() && r.domain != domain) continue;
    if (!release.empty() && r.version != release) continue;
    std::printf("%s %s (STIX %s, %lld objects, bundle sha256 %s)\n", r.domain.c_str(), r.version.c_str(),
                r.spec_version.c_str(), static_cast<long long>(r.object_count), r.bundle_sha256.c_str());
    for (const auto& [type, n] : r.counts_by_type) std::printf("  %-28s %lld\n", type.c_str(), static_cast<long long>(n));
    ++shown;
  }
  if (shown == 0)
    return ReportError(Status::NotFound("no imported release matches" + (domain.empty() ? "" : " domain " + domain) +
                                        (release.empty() ? "" : " release " + release)));
  auto size = (*store)->SizeBytes();
  if (size.ok()) std::printf("store size: %.1f MB\n", static_cast<double>(*size) / 1e6);
  return 0;
}

// Finds the object in the given (or newest) release of the given domain, or
// of any domain when none is given and the ID is not in enterprise.
Result<std::pair<store::ReleaseInfo, store::ObjectVersion>> LocateObject(store::Store& store, const std::string& id,
                                                                       const std::string& domain,
                                                                       const std::string& release) {
  std::vector<std::string> domains = domain.empty()
                                         ? std::vector<std::string>{"enterprise-attack", "mobile-attack", "ics-attack"}
                                         : std::vector<std::string>{domain};
  for (const auto& d : domains) {
    auto rel = store.GetRelease(d, release);
    if (!rel.ok()) continue;
    GLEXIA_ASSIGN_OR_RETURN(auto found, store.FindObjects(rel->id, id));
    if (!found.empty()) return std::make_pair(*rel, found.front());
  }
  return Status::NotFound(id + " is not in " + (domain.empty() ? std::string("any domain") : domain) +
                          (release.empty() ? " (newest release)" : " release " + release));
}

int RunRaw(const Context& ctx, const std::string& id, const std::string& domain, const std::string& release,
           bool hash_only) {
  auto store = ctx.OpenStore(true);
  if (!store.ok()) return ReportError(store.status());
  auto located = LocateObject(**store, id, domain, release);
  if (!located.ok()) return ReportError(located.status());
  const auto& [rel, obj] = *located;
  if (hash_only) {
    std::printf("%s  %s %s %s\n", obj.sha256.c_str(), obj.stix_id.c_str(), rel.domain.c_str(), rel.version.c_str());
    return 0;
  }
  auto raw = (*store)->RawBytes(obj.object_id);
  if (!raw.ok()) return ReportError(raw.status());
  std::fwrite(raw->data(), 1, raw->size(), stdout);
  return 0;
}

}  // namespace

void RegisterImportCommands(CLI::App& app, Context& ctx) {
  {
    auto* cmd = app.add_subcommand("import", "Import ATT&CK STIX bundles (.json, .json.gz, or directories of them)");
    auto inputs = std::make_shared<std::vector<std::string>>();
    auto opts = std::make_shared<stix::ReadOptions>();
    auto replace = std::make_shared<bool>(false);
    cmd->add_option("paths", *inputs, "Bundle files or directories")->required();
    cmd->add_option("--domain", opts->domain, "Override the detected domain (single bundle)")
        ->check(CLI::IsMember({"enterprise-attack", "mobile-attack", "ics-attack"}));
    cmd->add_option("--release", opts->release, "Override the detected release version, e.g. 18.1 (single bundle)");
    cmd->add_flag("--replace", *replace, "Replace an imported release whose bundle differs");
    cmd->callback([&ctx, inputs, opts, replace] {
      ctx.action = [&ctx, inputs, opts, replace] { return RunImport(ctx, *inputs, *opts, *replace); };
    });
  }
  {
    auto* cmd = app.add_subcommand("releases", "List imported releases with their source and sync metadata");
    auto verbose = std::make_shared<bool>(false);
    cmd->add_flag("-v,--verbose", *verbose, "Also show sync metadata");
    cmd->callback([&ctx, verbose] { ctx.action = [&ctx, verbose] { return RunReleases(ctx, *verbose); }; });
  }
  {
    auto* cmd = app.add_subcommand("stats", "Object counts by type for imported releases");
    auto domain = std::make_shared<std::string>();
    auto release = std::make_shared<std::string>();
    cmd->add_option("--domain", *domain, "Only this domain");
    cmd->add_option("--release", *release, "Only this release version");
    cmd->callback([&ctx, domain, release] {
      ctx.action = [&ctx, domain, release] { return RunStats(ctx, *domain, *release); };
    });
  }
  {
    auto* cmd = app.add_subcommand("raw", "Print an object's exact bytes as they stood in its bundle");
    auto id = std::make_shared<std::string>();
    auto domain = std::make_shared<std::string>();
    auto release = std::make_shared<std::string>();
    auto hash = std::make_shared<bool>(false);
    cmd->add_option("id", *id, "ATT&CK ID (T1591.002) or STIX id")->required();
    cmd->add_option("--domain", *domain, "Domain (default: enterprise, then mobile, then ICS)");
    cmd->add_option("--release", *release, "Release version (default: newest)");
    cmd->add_flag("--hash", *hash, "Print the raw hash (SHA-256 of the bytes) instead of the bytes");
    cmd->callback([&ctx, id, domain, release, hash] {
      ctx.action = [&ctx, id, domain, release, hash] { return RunRaw(ctx, *id, *domain, *release, *hash); };
    });
  }
  {
    auto* cmd = app.add_subcommand("remove", "Remove an imported release (content other releases share stays)");
    auto domain = std::make_shared<std::string>();
    auto release = std::make_shared<std::string>();
    cmd->add_option("domain", *domain, "Domain")->required();
    cmd->add_option("release", *release, "Release version")->required();
    cmd->callback([&ctx, domain, release] {
      ctx.action = [&ctx, domain, release] {
        auto store = ctx.OpenStore(false);
        if (!store.ok()) return ReportError(store.status());
        auto rel = (*store)->GetRelease(*domain, *release);
        if (!rel.ok()) return ReportError(rel.status());
        Status st = (*store)->RemoveRelease(rel->id);
        if (!st.ok()) return ReportError(st);
        std::printf("removed %s %s\n", domain->c_str(), release->c_str());
        return 0;
      };
    });
  }
}

}  // namespace glexia::cli
