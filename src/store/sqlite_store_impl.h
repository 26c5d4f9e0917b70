// The SQLite store's class, shared by its .cc files only (not a public header).
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "store/sqlite_util.h"
#include "store/store.h"

namespace glexia::store {

using PieceKey = std::array<uint8_t, 16>;  // first 128 bits of the piece's SHA-256
using ObjectKey = std::array<uint8_t, 32>;  // SHA-256 of the object's bytes

struct KeyHash {
  template <size_t N>
  size_t operator()(const std::array<uint8_t, N>& k) const {
    size_t h;
    static_assert(N >= sizeof h);
    std::memcpy(&h, k.data(), sizeof h);
    return h;
  }
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, bool read_only) : db_(db), read_only_(read_only) {}
  ~SqliteStore() override;

  Status Init();

  Result<ImportResult> Import(const stix::Bundle& bundle, const ImportOptions& options) override;
  Result<std::vector<ReleaseInfo>> ListReleases() override;
  Result<ReleaseInfo> GetRelease(std::string_view domain, std::string_view version) override;
  Result<std::vector<ObjectVersion>> FindObjects(int64_t release_id, std::string_view id) override;
  Result<std::string> RawBytes(int64_t object_id) override;
  Status ForEachObject(int64_t release_id,
                       const std::function<void(const ObjectVersion&, std::string_view raw)>& visit) override;
  Result<std::vector<std::pair<int64_t, ObjectVersion>>> History(std::string_view stix_id) override;
  Result<std::vector<SearchHit>> Search(int64_t release_id, std::string_view text, int limit) override;
  Result<int64_t> Generation() override;
  Status RemoveRelease(int64_t release_id) override;
  Result<int64_t> SizeBytes() override;

 private:
  // All below run with mu_ held.
  Result<std::vector<ReleaseInfo>> ListReleasesLocked();
  Result<int64_t> GenerationLocked();
  Status BumpGeneration();
  Status LoadDedupMaps();
  Status LoadPieceCache();
  Status AssembleFromCache(std::string_view recipe, std::string* out);
  Status AssembleByLookup(std::string_view recipe, std::string* out);
  Status CollectGarbage();
  Result<ImportResult> ImportLocked(const stix::Bundle& bundle, const ImportOptions& options);

  sqlite3* db_;
  bool read_only_;
  std::mutex mu_;

  // Dedup maps for imports; valid while the store generation equals dedup_generation_.
  std::unordered_map<PieceKey, int64_t, KeyHash> piece_ids_;
  std::unordered_map<ObjectKey, int64_t, KeyHash> object_ids_;
  std::unordered_map<PieceKey, int64_t, KeyHash> search_doc_ids_;  // by hash of name, aliases, description
  int64_t dedup_generation_ = -1;

  // Piece bytes for bulk reads, append-only until the store's gc_epoch moves
  // (garbage collection may free ids that later name other bytes).
  std::string piece_arena_;
  std::vector<std::pair<uint64_t, uint32_t>> piece_slots_;  // by id: (offset, length+1); 0 = absent
  int64_t piece_cache_max_ = 0;
  int64_t piece_cache_epoch_ = -1;
};

// Columns selected for an ObjectVersion, in this order, prefixed by the alias "o.".
inline constexpr const char* kObjectColumns =
    "o.id, o.sha256, o.stix_key, o.type, o.attack_id, o.name, o.modified, o.version, o.flags";
inline constexpr int kObjectColumnCount = 9;
ObjectVersion ReadObjectVersion(const Stmt& stmt, int first_column);

// STIX ids are "<type>--<uuid>"; the store keeps the 16 UUID bytes (the type
// is its own column) and falls back to the whole text for ids of other shapes.
std::string StixKey(std::string_view stix_id);
std::string StixIdFromKey(std::string_view type, std::string_view key);

inline constexpr int64_t kFlagRevoked = 1;
inline constexpr int64_t kFlagDeprecated = 2;

}  // namespace glexia::store
