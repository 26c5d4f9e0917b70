// A bounded, thread-safe cache of rendered API responses.
//
// ATT&CK data only changes when a release is imported, so rendered JSON is
// reusable until the store generation moves; callers put the generation in
// the key, and Clear() drops everything when it changes. Sharded LRU: each
// shard has its own mutex so concurrent server threads rarely contend.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http.h"

namespace glexia::api {

class ResponseCache {
 public:
  // At most `max_entries` responses and about `max_bytes` of bodies in total;
  // a body larger than max_bytes / 16 is never cached.
  ResponseCache(size_t max_entries, size_t max_bytes);

  std::shared_ptr<const server::Response> Get(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const server::Response> response);
  void Clear();
  size_t size() const;

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
  size_t max_body_bytes_;
  std::vector<Shard> shards_;
};

}  // namespace glexia::api
