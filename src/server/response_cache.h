// A bounded, thread-safe cache of rendered responses (pages, API documents)
// keyed by request target (path + query). Rendering a technique page walks much of the model, while
// the same few thousand pages are asked for again and again; the cache is
// emptied whenever the store's generation changes (a release imported,
// replaced or removed by any process).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http.h"

namespace glexia::server {

class ResponseCache {
 public:
  // Least recently used pages go first once either bound is exceeded.
  ResponseCache(size_t max_entries, size_t max_bytes);

  std::shared_ptr<const server::Response> Get(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const server::Response> response);
  void Clear();
  size_t size() const;
  // The store generation seen by the last check (part of cache keys, so a
  // page rendered from an older generation is never served after a change).
  int64_t generation() const { return generation_.load(std::memory_order_relaxed); }

  // Calls `current_generation` at most once per `interval`, from whichever
  // request gets there first; when the value changed, empties the cache and
  // returns true (the caller then refreshes what else depends on the store).
  bool CheckGeneration(const std::function<int64_t()>& current_generation,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(1000));

 private:
  struct Shard {
    mutable std::mutex mu;
    std::list<std::pair<std::string, std::shared_ptr<const server::Response>>> lru;  // front = newest
    std::unordered_map<std::string, decltype(lru)::iterator> index;
    size_t bytes = 0;
  };
  static constexpr size_t kShards = 16;
  Shard& ShardFor(const std::string& key);

  size_t max_entries_per_shard_;
  size_t max_bytes_per_shard_;
  std::vector<Shard> shards_;
  std::atomic<int64_t> generation_{INT64_MIN};
  std::atomic<int64_t> next_check_ns_{0};
};

}  // namespace glexia::server
