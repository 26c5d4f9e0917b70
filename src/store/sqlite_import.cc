// SQLite store: atomic imports, release removal and garbage collection.
#include <chrono>
#include <cstring>
#include <ctime>

#include "core/json_writer.h"
#include "core/sha256.h"
#include "store/recipe.h"
#include "store/sqlite_store_impl.h"

namespace glexia::store {
namespace {

std::string NowIso8601() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

// Rolls back unless committed: every early return leaves the store as it was.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (open_) (void)Exec(db_, "ROLLBACK");
  }
  Status Begin() {
    GLEXIA_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    GLEXIA_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
    open_ = false;
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace

Status SqliteStore::LoadDedupMaps() {
  GLEXIA_ASSIGN_OR_RETURN(int64_t generation, GenerationLocked());
  if (generation == dedup_generation_) return Status::Ok();
  piece_ids_.clear();
  object_ids_.clear();
  Status st;
  Stmt p(db_, "SELECT id, hash FROM pieces");
  while (p.Step(&st)) {
    PieceKey k;
    std::string_view h = p.Blob(1);
    if (h.size() != k.size()) return Status::Corruption("store: piece " + std::to_string(p.Int(0)) + " has a bad hash");
    std::memcpy(k.data(), h.data(), k.size());
    piece_ids_.emplace(k, p.Int(0));
  }
  GLEXIA_RETURN_IF_ERROR(st);
  Stmt o(db_, "SELECT id, sha256 FROM objects");
  while (o.Step(&st)) {
    ObjectKey k;
    std::string_view h = o.Blob(1);
    if (h.size() != k.size()) return Status::Corruption("store: object " + std::to_string(o.Int(0)) + " has a bad hash");
    std::memcpy(k.data(), h.data(), k.size());
    object_ids_.emplace(k, o.Int(0));
  }
  GLEXIA_RETURN_IF_ERROR(st);
  search_doc_ids_.clear();
  Stmt d(db_, "SELECT id, hash FROM search_docs");
  while (d.Step(&st)) {
    PieceKey k;
    std::string_view h = d.Blob(1);
    if (h.size() != k.size()) return Status::Corruption("store: search doc " + std::to_string(d.Int(0)) + " has a bad hash");
    std::memcpy(k.data(), h.data(), k.size());
    search_doc_ids_.emplace(k, d.Int(0));
  }
  GLEXIA_RETURN_IF_ERROR(st);
  dedup_generation_ = generation;
  return Status::Ok();
}

Result<ImportResult> SqliteStore::Import(const stix::Bundle& bundle, const ImportOptions& options) {
  if (read_only_) return Status::InvalidArgument("the store was opened read-only");
  std::lock_guard lock(mu_);
  auto result = ImportLocked(bundle, options);
  if (!result.ok()) dedup_generation_ = -1;  // maps may hold ids of rolled-back rows
  return result;
}

Result<ImportResult> SqliteStore::ImportLocked(const stix::Bundle& bundle, const ImportOptions& options) {
  Transaction txn(db_);
  GLEXIA_RETURN_IF_ERROR(txn.Begin());
  ImportResult result;

  Status st;
  Stmt existing(db_, "SELECT id, bundle_sha256 FROM releases WHERE domain = ?1 AND version = ?2");
  existing.Bind(1, bundle.domain).Bind(2, bundle.release);
  if (existing.Step(&st)) {
    int64_t old_id = existing.Int(0);
    std::string old_sha = existing.Text(1);
    existing.Reset();
    if (old_sha == bundle.sha256) {
      // Same bytes: nothing to import, but a sync that found the release
      // re-published records when, so the next sync does not fetch it again.
      if (!options.index_modified.empty()) {
        Stmt meta(db_, "UPDATE releases SET index_modified = ?2, downloaded_at = ?3, source = ?4 WHERE id = ?1"
                       " AND index_modified != ?2");
        meta.Bind(1, old_id).Bind(2, options.index_modified).Bind(3, options.downloaded_at);
        meta.Bind(4, options.source.empty() ? bundle.source : options.source);
        GLEXIA_RETURN_IF_ERROR(meta.Run());
        if (sqlite3_changes(db_) > 0) {
          GLEXIA_RETURN_IF_ERROR(BumpGeneration());
          GLEXIA_RETURN_IF_ERROR(txn.Commit());
        }
      }
      GLEXIA_ASSIGN_OR_RETURN(auto releases, ListReleasesLocked());
      for (auto& r : releases)
        if (r.id == old_id) result.release = r;
      result.unchanged = true;
      return result;
    }
    if (!options.replace)
      return Status::AlreadyExists(bundle.source + ": " + bundle.domain + " " + bundle.release +
                                   " is already imported from a different bundle (sha256 " + old_sha.substr(0, 12) +
                                   "…); pass --replace to replace it");
    GLEXIA_RETURN_IF_ERROR(Stmt(db_, "DELETE FROM members WHERE release_id = ?1").Bind(1, old_id).Run());
    GLEXIA_RETURN_IF_ERROR(Stmt(db_, "DELETE FROM releases WHERE id = ?1").Bind(1, old_id).Run());
    result.replaced = true;
  }
  GLEXIA_RETURN_IF_ERROR(st);
  GLEXIA_RETURN_IF_ERROR(LoadDedupMaps());

  std::map<std::string, int64_t> counts;
  for (const auto& o : bundle.objects) ++counts[std::string(o.type)];
  JsonWriter cw;
  cw.BeginObject();
  for (const auto& [type, n] : counts) cw.Field(type, n);
  cw.EndObject();

  ReleaseInfo& rel = result.release;
  rel.domain = bundle.domain;
  rel.version = bundle.release;
  rel.spec_version = bundle.spec_version;
  rel.source = options.source.empty() ? bundle.source : options.source;
  rel.bundle_sha256 = bundle.sha256;
  rel.imported_at = NowIso8601();
  rel.collection_name = bundle.collection_name;
  rel.index_modified = options.index_modified;
  rel.downloaded_at = options.downloaded_at;
  rel.object_count = static_cast<int64_t>(bundle.objects.size());
  rel.counts_by_type = counts;
  {
    Stmt ins(db_,
             "INSERT INTO releases(domain, version, spec_version, source, bundle_sha256, imported_at, collection_name,"
             " index_modified, downloaded_at, object_count, counts) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    ins.Bind(1, rel.domain).Bind(2, rel.version).Bind(3, rel.spec_version).Bind(4, rel.source);
    ins.Bind(5, rel.bundle_sha256).Bind(6, rel.imported_at).Bind(7, rel.collection_name);
    ins.Bind(8, rel.index_modified).Bind(9, rel.downloaded_at).Bind(10, rel.object_count).Bind(11, cw.str());
    GLEXIA_RETURN_IF_ERROR(ins.Run());
    rel.id = sqlite3_last_insert_rowid(db_);
  }

  Stmt ins_piece(db_, "INSERT INTO pieces(hash, bytes) VALUES(?1, ?2)");
  Stmt ins_object(db_,
                  "INSERT INTO objects(sha256, stix_key, type, attack_id, name, modified, version, flags, recipe,"
                  " search_doc) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
  Stmt ins_search(db_, "INSERT INTO search(rowid, name, aliases, description) VALUES(?1, ?2, ?3, ?4)");
  Stmt ins_search_doc(db_, "INSERT INTO search_docs(hash) VALUES(?1)");
  Stmt ins_member(db_, "INSERT INTO members(release_id, object_id) VALUES(?1, ?2)");
  if (!ins_piece.ok() || !ins_object.ok() || !ins_search.ok() || !ins_search_doc.ok() || !ins_member.ok())
    return Status::IOError("store: cannot prepare import statements");

  std::string recipe, search_text;
  size_t done = 0;
  for (const auto& rec : bundle.objects) {
    Digest digest = Sha256(rec.raw);
    ObjectKey okey;
    std::memcpy(okey.data(), digest.data(), okey.size());
    int64_t object_id;
    if (auto it = object_ids_.find(okey); it != object_ids_.end()) {
      object_id = it->second;
      ++result.reused_objects;
    } else {
      recipe.clear();
      for (std::string_view piece : SplitIntoPieces(rec.raw, rec.member_starts)) {
        Digest pd = Sha256(piece);
        PieceKey pkey;
        std::memcpy(pkey.data(), pd.data(), pkey.size());
        auto [pit, inserted] = piece_ids_.try_emplace(pkey, 0);
        if (inserted) {
          ins_piece.BindBlobNoCopy(1, pkey.data(), pkey.size()).BindBlobNoCopy(2, piece.data(), piece.size());
          GLEXIA_RETURN_IF_ERROR(ins_piece.Run());
          pit->second = sqlite3_last_insert_rowid(db_);
        }
        AppendVarint(recipe, static_cast<uint64_t>(pit->second));
      }
      // Searchable text is indexed once per distinct text, not per version:
      // most new versions change dates and references, not words.
      int64_t search_doc = 0;
      if (rec.type != "relationship" && (!rec.name.empty() || !rec.description.empty())) {
        search_text.clear();
        search_text.append(rec.name).push_back('\0');
        search_text.append(rec.aliases).push_back('\0');
        search_text.append(rec.description);
        Digest td = Sha256(search_text);
        PieceKey tkey;
        std::memcpy(tkey.data(), td.data(), tkey.size());
        auto [tit, inserted] = search_doc_ids_.try_emplace(tkey, 0);
        if (inserted) {
          GLEXIA_RETURN_IF_ERROR(ins_search_doc.BindBlob(1, tkey.data(), tkey.size()).Run());
          tit->second = sqlite3_last_insert_rowid(db_);
          ins_search.Bind(1, tit->second).BindTextNoCopy(2, rec.name).BindTextNoCopy(3, rec.aliases);
          ins_search.BindTextNoCopy(4, rec.description);
          GLEXIA_RETURN_IF_ERROR(ins_search.Run());
        }
        search_doc = tit->second;
      }
      int64_t flags = (rec.revoked ? kFlagRevoked : 0) | (rec.deprecated ? kFlagDeprecated : 0);
      std::string stix_key = StixKey(rec.id);
      ins_object.BindBlobNoCopy(1, digest.data(), digest.size()).BindBlobNoCopy(2, stix_key.data(), stix_key.size());
      ins_object.Bind(3, rec.type);
      if (rec.attack_id.empty()) ins_object.BindNull(4); else ins_object.Bind(4, rec.attack_id);
      ins_object.Bind(5, rec.name).Bind(6, rec.modified).Bind(7, rec.version).Bind(8, flags);
      ins_object.BindBlobNoCopy(9, recipe.data(), recipe.size());
      if (search_doc) ins_object.Bind(10, search_doc); else ins_object.BindNull(10);
      GLEXIA_RETURN_IF_ERROR(ins_object.Run());
      object_id = sqlite3_last_insert_rowid(db_);
      object_ids_.emplace(okey, object_id);
      ++result.new_objects;
    }
    GLEXIA_RETURN_IF_ERROR(ins_member.Bind(1, rel.id).Bind(2, object_id).Run());
    if (options.on_progress && (++done % 2048 == 0 || done == bundle.objects.size()))
      options.on_progress(done, bundle.objects.size());
  }
  if (result.replaced) GLEXIA_RETURN_IF_ERROR(CollectGarbage());
  GLEXIA_RETURN_IF_ERROR(BumpGeneration());
  GLEXIA_RETURN_IF_ERROR(txn.Commit());
  GLEXIA_ASSIGN_OR_RETURN(dedup_generation_, GenerationLocked());
  return result;
}

// Deletes object versions no release holds any more, then pieces no object
// uses. Search rows stay behind (contentless FTS5 cannot delete without the
// original text) but never match once no object version points at them.
Status SqliteStore::CollectGarbage() {
  GLEXIA_RETURN_IF_ERROR(Exec(db_, "DELETE FROM objects WHERE id NOT IN (SELECT object_id FROM members)"));
  std::vector<bool> used;
  Stmt recipes(db_, "SELECT recipe FROM objects");
  Status st;
  std::vector<int64_t> ids;
  while (recipes.Step(&st)) {
    if (!DecodeRecipe(recipes.Blob(0), &ids)) return Status::Corruption("store: malformed object recipe");
    for (int64_t id : ids) {
      if (static_cast<size_t>(id) >= used.size()) used.resize(static_cast<size_t>(id) + 1);
      used[static_cast<size_t>(id)] = true;
    }
  }
  GLEXIA_RETURN_IF_ERROR(st);
  Stmt all(db_, "SELECT id FROM pieces");
  std::vector<int64_t> dead;
  while (all.Step(&st)) {
    int64_t id = all.Int(0);
    if (static_cast<size_t>(id) >= used.size() || !used[static_cast<size_t>(id)]) dead.push_back(id);
  }
  GLEXIA_RETURN_IF_ERROR(st);
  Stmt del(db_, "DELETE FROM pieces WHERE id = ?1");
  for (int64_t id : dead) GLEXIA_RETURN_IF_ERROR(del.Bind(1, id).Run());
  if (!dead.empty()) GLEXIA_RETURN_IF_ERROR(Exec(db_, "UPDATE meta SET value = value + 1 WHERE key = 'gc_epoch'"));
  dedup_generation_ = -1;
  return Status::Ok();
}

Status SqliteStore::RemoveRelease(int64_t release_id) {
  if (read_only_) return Status::InvalidArgument("the store was opened read-only");
  std::lock_guard lock(mu_);
  Transaction txn(db_);
  GLEXIA_RETURN_IF_ERROR(txn.Begin());
  GLEXIA_RETURN_IF_ERROR(Stmt(db_, "DELETE FROM members WHERE release_id = ?1").Bind(1, release_id).Run());
  GLEXIA_RETURN_IF_ERROR(Stmt(db_, "DELETE FROM releases WHERE id = ?1").Bind(1, release_id).Run());
  if (sqlite3_changes(db_) == 0) return Status::NotFound("no release with id " + std::to_string(release_id));
  GLEXIA_RETURN_IF_ERROR(CollectGarbage());
  GLEXIA_RETURN_IF_ERROR(BumpGeneration());
  return txn.Commit();
}

}  // namespace glexia::store
