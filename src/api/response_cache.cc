#include "api/response_cache.h"

#include <functional>

namespace glexia::api {

ResponseCache::ResponseCache(size_t max_entries, size_t max_bytes)
    : max_entries_per_shard_(std::max<size_t>(1, max_entries / kShards)),
      max_bytes_per_shard_(std::max<size_t>(1, max_bytes / kShards)),
      max_body_bytes_(max_bytes / 16),
      shards_(kShards) {}

ResponseCache::Shard& ResponseCache::ShardFor(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::shared_ptr<const server::Response> ResponseCache::Get(const std::string& key) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mu);
  auto it = shard.index.find(key);
  if (it == shard.index.end()) return nullptr;
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  return it->second->second;
}

void ResponseCache::Put(const std::string& key, std::shared_ptr<const server::Response> response) {
  size_t bytes = response->body.size() + key.size();
  if (bytes > max_body_bytes_) return;
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mu);
  if (auto it = shard.index.find(key); it != shard.index.end()) {
    shard.bytes -= it->second->second->body.size() + key.size();
    shard.lru.erase(it->second);
    shard.index.erase(it);
  }
  shard.lru.emplace_front(key, std::move(response));
  shard.index.emplace(key, shard.lru.begin());
  shard.bytes += bytes;
  while (shard.lru.size() > max_entries_per_shard_ || shard.bytes > max_bytes_per_shard_) {
    auto& victim = shard.lru.back();
    shard.bytes -= victim.second->body.size() + victim.first.size();
    shard.index.erase(victim.first);
    shard.lru.pop_back();
  }
}

void ResponseCache::Clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    shard.lru.clear();
    shard.index.clear();
    shard.bytes = 0;
  }
}

size_t ResponseCache::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.lru.size();
  }
  return n;
}

}  // namespace glexia::api
