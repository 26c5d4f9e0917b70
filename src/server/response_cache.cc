#include "server/response_cache.h"

namespace glexia::server {

ResponseCache::ResponseCache(size_t max_entries, size_t max_bytes)
    : max_entries_per_shard_(std::max<size_t>(1, max_entries / kShards)),
      max_bytes_per_shard_(std::max<size_t>(1, max_bytes / kShards)),
      shards_(kShards) {}

ResponseCache::Shard& ResponseCache::ShardFor(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::shared_ptr<const server::Response> ResponseCache::Get(const std::string& key) {
  Shard& s = ShardFor(key);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.index.find(key);
  if (it == s.index.end()) return nullptr;
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  return it->second->second;
}

void ResponseCache::Put(const std::string& key, std::shared_ptr<const server::Response> response) {
  size_t size = response->body.size() + key.size();
  Shard& s = ShardFor(key);
  std::lock_guard<std::mutex> lock(s.mu);
  if (auto it = s.index.find(key); it != s.index.end()) {
    s.bytes -= it->second->second->body.size() + key.size();
    s.lru.erase(it->second);
    s.index.erase(it);
  }
  if (size > max_bytes_per_shard_) return;
  s.lru.emplace_front(key, std::move(response));
  s.index.emplace(key, s.lru.begin());
  s.bytes += size;
  while (s.lru.size() > max_entries_per_shard_ || s.bytes > max_bytes_per_shard_) {
    auto& last = s.lru.back();
    s.bytes -= last.second->body.size() + last.first.size();
    s.index.erase(last.first);
    s.lru.pop_back();
  }
}

void ResponseCache::Clear() {
  for (Shard& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    s.lru.clear();
    s.index.clear();
    s.bytes = 0;
  }
}

size_t ResponseCache::size() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.lru.size();
  }
  return n;
}

bool ResponseCache::CheckGeneration(const std::function<int64_t()>& current_generation,
                                std::chrono::milliseconds interval) {
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t due = next_check_ns_.load(std::memory_order_relaxed);
  if (now < due) return false;
  // One request per interval does the check; the others go on with the cache.
  if (!next_check_ns_.compare_exchange_strong(due, now + std::chrono::nanoseconds(interval).count())) return false;
  int64_t gen = current_generation();
  int64_t old = generation_.exchange(gen);
  if (old == gen) return false;
  Clear();
  return old != INT64_MIN;
}

}  // namespace glexia::server
