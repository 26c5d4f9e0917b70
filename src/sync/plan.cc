#include "sync/plan.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/file_io.h"
#include "core/version.h"
#include "sync/index.h"

namespace glexia::sync {
namespace fs = std::filesystem;
namespace {

bool IsBundleFileName(const std::string& file) {
  auto ends_with = [&](std::string_view suffix) {
    return file.size() >= suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return (ends_with(".json") || ends_with(".json.gz")) && file != "index.json" && file != "index.json.gz";
}

// A candidate for one bundle file: the name's claim when it follows
// <domain>-<X.Y>.json, else what the content says (read now).
Result<Candidate> CandidateForFile(const std::string& path, std::shared_ptr<stix::Bundle> parsed) {
  Candidate c;
  c.location = path;
  stix::DomainAndReleaseFromFileName(path, &c.domain, &c.version);
  if (!c.domain.empty()) {
    c.claimed_by = "its file name";
    return c;
  }
  if (!parsed) {
    GLEXIA_ASSIGN_OR_RETURN(stix::Bundle bundle, stix::ReadBundle(path));
    parsed = std::make_shared<stix::Bundle>(std::move(bundle));
  }
  c.domain = parsed->domain;
  c.version = parsed->release;
  c.claimed_by = "its content";
  c.bundle = std::move(parsed);
  return c;
}

Status ScanDirectory(const std::string& dir, const SyncOptions& options, std::vector<Candidate>* out) {
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && IsBundleFileName(it->path().filename().string())) files.push_back(it->path().string());
  }
  if (ec) return Status::IOError("cannot read directory " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    auto c = CandidateForFile(file, nullptr);
    if (!c.ok()) {
      if (options.on_message) options.on_message("skipping " + file + ": " + c.status().message());
      continue;
    }
    c->bundle.reset();  // re-read at import time; keeps memory flat for big directories
    out->push_back(std::move(c).value());
  }
  return Status::Ok();
}

Result<std::string> FetchRemote(const std::string& url, const SyncOptions& options, const std::string& work_dir) {
  std::string dest = (fs::path(work_dir) / ("source." + std::to_string(::getpid()) + ".download")).string();
  DownloadOptions download = options.download;
  if (download.label.empty()) download.label = "index";
  GLEXIA_ASSIGN_OR_RETURN(DownloadResult fetched, DownloadFile(url, dest, download));
  (void)fetched;
  auto data = ReadInputFile(dest);
  std::error_code ec;
  fs::remove(dest, ec);
  return data;
}

Status AddFromData(std::string data, const std::string& source, bool remote, Plan* plan) {
  if (LooksLikeCollectionIndex(data)) {
    GLEXIA_ASSIGN_OR_RETURN(CollectionIndex index, ParseCollectionIndex(data, source));
    plan->from_index = true;
    for (IndexEntry& e : index.entries) {
      Candidate c;
      c.domain = std::move(e.domain);
      c.version = std::move(e.version);
      c.remote = IsRemoteUrl(e.url);
      c.location = std::move(e.url);
      c.index_modified = std::move(e.modified);
      c.collection_id = std::move(e.collection_id);
      c.claimed_by = "the index";
      plan->candidates.push_back(std::move(c));
    }
    return Status::Ok();
  }
  auto bundle = stix::ParseBundle(std::move(data), source);
  if (!bundle.ok())
    return bundle.status().WithContext(source + " is neither a collection index nor a readable bundle");
  auto shared = std::make_shared<stix::Bundle>(std::move(bundle).value());
  if (remote) {
    Candidate c;
    c.domain = shared->domain;
    c.version = shared->release;
    c.location = source;
    c.remote = true;
    c.claimed_by = "its content";
    c.bundle = std::move(shared);
    plan->candidates.push_back(std::move(c));
    return Status::Ok();
  }
  GLEXIA_ASSIGN_OR_RETURN(Candidate c, CandidateForFile(source, shared));
  c.bundle = shared;
  plan->candidates.push_back(std::move(c));
  return Status::Ok();
}

}  // namespace

Result<Plan> MakePlan(const SyncOptions& options, const std::string& work_dir) {
  Plan plan;
  plan.source = options.source.empty() ? std::string(kDefaultIndexUrl) : options.source;
  std::set<std::string> domains;
  for (const std::string& d : options.domains) {
    std::string normalized = NormalizeDomain(d);
    if (normalized.empty())
      return Status::InvalidArgument("unknown domain \"" + d + "\" (use enterprise-attack, mobile-attack or ics-attack)");
    domains.insert(normalized);
  }

  bool directory = false;
  if (IsRemoteUrl(plan.source)) {
    GLEXIA_ASSIGN_OR_RETURN(std::string data, FetchRemote(plan.source, options, work_dir));
    GLEXIA_RETURN_IF_ERROR(AddFromData(std::move(data), plan.source, true, &plan));
  } else {
    GLEXIA_ASSIGN_OR_RETURN(std::string path, ResolveReference("/", plan.source));
    if (plan.source.find("://") == std::string::npos) path = plan.source;
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return Status::NotFound("sync source " + path + " does not exist");
    if (fs::is_directory(status)) {
      directory = true;
      GLEXIA_RETURN_IF_ERROR(ScanDirectory(path, options, &plan.candidates));
    } else {
      GLEXIA_ASSIGN_OR_RETURN(std::string data, ReadInputFile(path));
      GLEXIA_RETURN_IF_ERROR(AddFromData(std::move(data), path, false, &plan));
    }
  }

  // Filter, then order by domain and version, dropping repeats (first wins).
  std::vector<Candidate> kept;
  std::set<std::pair<std::string, std::string>> seen;
  for (Candidate& c : plan.candidates) {
    if (!domains.empty() && !domains.count(c.domain)) continue;
    if (!seen.insert({c.domain, c.version}).second) continue;
    kept.push_back(std::move(c));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) {
    if (a.domain != b.domain) return a.domain < b.domain;
    return CompareVersions(a.version, b.version) < 0;
  });
  bool latest_only = options.versions == VersionSelection::kLatest ||
                     (options.versions == VersionSelection::kDefault && plan.from_index && !directory);
  if (latest_only) {
    std::vector<Candidate> latest;
    for (size_t i = 0; i < kept.size(); ++i)
      if (i + 1 == kept.size() || kept[i + 1].domain != kept[i].domain) latest.push_back(std::move(kept[i]));
    kept = std::move(latest);
  }
  plan.candidates = std::move(kept);
  return plan;
}

Status VerifyBundle(const stix::Bundle& bundle, const Candidate& c) {
  const std::string what = c.domain + " " + c.version;
  if (bundle.domain != c.domain)
    return Status::Corruption(c.location + ": content is " + bundle.domain + ", but " + c.claimed_by + " says " + what +
                              "; not imported");
  for (const stix::ObjectRecord& rec : bundle.objects) {
    if (rec.type != "x-mitre-collection") continue;
    if (!rec.version.empty() && rec.version != c.version)
      return Status::Corruption(c.location + ": content is release " + rec.version +
                                " (x-mitre-collection x_mitre_version), but " + c.claimed_by + " says " + what +
                                "; not imported");
    if (!c.collection_id.empty() && rec.id != c.collection_id)
      return Status::Corruption(c.location + ": content is collection " + std::string(rec.id) + ", but " +
                                c.claimed_by + " says " + c.collection_id + "; not imported");
    break;
  }
  return Status::Ok();
}

Result<stix::Bundle> ReadCandidateBundle(const std::string& path, const Candidate& c) {
  auto data = ReadInputFile(path);
  if (!data.ok()) return data.status().WithContext("rejected " + c.location + " (nothing imported)");
  stix::ReadOptions read;
  read.release = c.version;  // 2.0 bundles carry no release; the claim is checked below where they do
  auto bundle = stix::ParseBundle(std::move(data).value(), c.location, read);
  if (!bundle.ok()) return bundle.status().WithContext("rejected (nothing imported)");
  GLEXIA_RETURN_IF_ERROR(VerifyBundle(*bundle, c));
  return bundle;
}

}  // namespace glexia::sync
