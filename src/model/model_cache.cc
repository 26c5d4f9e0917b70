// ModelCache: one build per release however many requests ask at once. The
// first Get of a release inserts a shared_future and builds outside the lock;
// concurrent Gets of the same release wait on that future.
#include <algorithm>
#include <future>
#include <map>
#include <mutex>

#include "core/version.h"
#include "model/model.h"

namespace glexia::model {
namespace {

using ModelResult = Result<std::shared_ptr<const ReleaseModel>>;
constexpr std::string_view kDefaultDomain = "enterprise-attack";

}  // namespace

struct ModelCache::Impl {
  store::Store& store;
  size_t max_models;
  std::mutex mu;
  bool loaded = false;  // guarded by mu
  std::vector<store::ReleaseInfo> releases;

  struct Entry {
    store::ReleaseInfo release;
    std::shared_future<ModelResult> model;
    uint64_t last_used = 0;
    uint64_t build = 0;  // tells this build's entry from a later one for the same release
  };
  std::map<int64_t, Entry> entries;  // by release id
  uint64_t clock = 0;

  Impl(store::Store& s, size_t max) : store(s), max_models(std::max<size_t>(max, 1)) {}

  // Requires mu. Drops models of releases that vanished or whose bundle changed.
  void ApplyReleases(std::vector<store::ReleaseInfo> fresh) {
    for (auto it = entries.begin(); it != entries.end();) {
      auto same = std::find_if(fresh.begin(), fresh.end(), [&](const store::ReleaseInfo& r) {
        return r.id == it->second.release.id && r.bundle_sha256 == it->second.release.bundle_sha256;
      });
      it = same == fresh.end() ? entries.erase(it) : std::next(it);
    }
    releases = std::move(fresh);
    loaded = true;
  }

  // Requires mu.
  const store::ReleaseInfo* Find(std::string_view domain, std::string_view version) const {
    const store::ReleaseInfo* best = nullptr;
    for (const store::ReleaseInfo& r : releases) {
      if (r.domain != domain) continue;
      if (!version.empty()) {
        if (r.version == version) return &r;
        continue;
      }
      if (best == nullptr || CompareVersions(best->version, r.version) < 0) best = &r;
    }
    return best;
  }

  // Requires mu. Least recently used out, never the entry just touched.
  void Evict(int64_t keep) {
    while (entries.size() > max_models) {
      auto victim = entries.end();
      for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (it->first == keep) continue;
        if (victim == entries.end() || it->second.last_used < victim->second.last_used) victim = it;
      }
      if (victim == entries.end()) return;
      entries.erase(victim);
    }
  }
};

ModelCache::ModelCache(store::Store& store, size_t max_models)
    : impl_(std::make_unique<Impl>(store, max_models)) {}

ModelCache::~ModelCache() = default;

Status ModelCache::Refresh() {
  // Read outside the lock: the store may be slow, and Gets of cached models
  // need not wait for it.
  auto fresh = impl_->store.ListReleases();
  if (!fresh.ok()) return fresh.status();
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->ApplyReleases(std::move(fresh).value());
  return Status::Ok();
}

std::vector<store::ReleaseInfo> ModelCache::Releases() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->loaded) return impl_->releases;
  }
  (void)Refresh();  // on failure the list stays empty; Get reports the error
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->releases;
}

ModelResult ModelCache::Get(std::string_view domain_in, std::string_view version) {
  const std::string domain(domain_in.empty() ? kDefaultDomain : domain_in);
  Impl& s = *impl_;
  std::promise<ModelResult> promise;
  std::shared_future<ModelResult> future;
  store::ReleaseInfo release;
  bool builder = false;
  uint64_t build = 0;
  for (int attempt = 0;; ++attempt) {
    {
      std::lock_guard<std::mutex> lock(s.mu);
      const store::ReleaseInfo* found = s.loaded ? s.Find(domain, version) : nullptr;
      if (found != nullptr) {
        release = *found;
        auto it = s.entries.find(release.id);
        if (it == s.entries.end()) {
          future = promise.get_future().share();
          build = ++s.clock;
          it = s.entries.emplace(release.id, Impl::Entry{release, future, 0, build}).first;
          builder = true;
        }
        it->second.last_used = ++s.clock;
        future = it->second.model;
        s.Evict(release.id);
        break;
      }
    }
    // Unknown release: maybe imported since the last look. One re-read only,
    // so a request for a release that does not exist stays cheap.
    if (attempt > 0) {
      return Status::NotFound(version.empty() ? "no release of " + domain + " is imported"
                                              : domain + " " + std::string(version) + " is not imported");
    }
    GLEXIA_RETURN_IF_ERROR(Refresh());
  }
  if (builder) {
    ModelResult built = BuildReleaseModel(s.store, release);
    if (!built.ok()) {
      // Do not cache the failure: the next Get tries again.
      std::lock_guard<std::mutex> lock(s.mu);
      auto it = s.entries.find(release.id);
      if (it != s.entries.end() && it->second.build == build) s.entries.erase(it);
    }
    promise.set_value(std::move(built));
  }
  return future.get();
}

}  // namespace glexia::model
