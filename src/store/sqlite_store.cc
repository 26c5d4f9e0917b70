// SQLite store: schema, reads and search. Imports and garbage collection are
// in sqlite_import.cc.
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/paths.h"
#include "core/sha256.h"
#include "core/version.h"
#include "store/recipe.h"
#include "store/sqlite_store_impl.h"

namespace glexia::store {
namespace {

constexpr int kSchemaVersion = 4;

// Object ids are never reused (AUTOINCREMENT): a model built before a release
// was removed still names the right bytes. Piece ids are internal and may be
// reused after garbage collection, which bumps `gc_epoch` so piece caches
// start over; AUTOINCREMENT there would cost a quarter of every import.
constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS releases(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL, version TEXT NOT NULL, spec_version TEXT NOT NULL,
  source TEXT NOT NULL, bundle_sha256 TEXT NOT NULL, imported_at TEXT NOT NULL,
  collection_name TEXT NOT NULL DEFAULT '', index_modified TEXT NOT NULL DEFAULT '',
  downloaded_at TEXT NOT NULL DEFAULT '', object_count INTEGER NOT NULL, counts TEXT NOT NULL,
  UNIQUE(domain, version));
CREATE TABLE IF NOT EXISTS pieces(id INTEGER PRIMARY KEY, hash BLOB NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS objects(
  id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 BLOB NOT NULL, stix_key BLOB NOT NULL, type TEXT NOT NULL,
  attack_id TEXT, name TEXT, modified TEXT, version TEXT, flags INTEGER NOT NULL, recipe BLOB NOT NULL,
  search_doc INTEGER);
CREATE INDEX IF NOT EXISTS objects_by_search_doc ON objects(search_doc) WHERE search_doc IS NOT NULL;
CREATE TABLE IF NOT EXISTS search_docs(id INTEGER PRIMARY KEY AUTOINCREMENT, hash BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS objects_by_stix_key ON objects(stix_key);
CREATE INDEX IF NOT EXISTS objects_by_attack_id ON objects(attack_id) WHERE attack_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS members(
  release_id INTEGER NOT NULL, object_id INTEGER NOT NULL, PRIMARY KEY(release_id, object_id)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
  name, aliases, description, content='', tokenize='unicode61 remove_diacritics 2');
INSERT OR IGNORE INTO meta(key, value) VALUES('generation', 0);
INSERT OR IGNORE INTO meta(key, value) VALUES('gc_epoch', 0);
)SQL";

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

void ParseCounts(std::string_view json, std::map<std::string, int64_t>* counts) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(json.data(), json.size()).get_object().get(obj) != simdjson::SUCCESS) return;
  for (auto [key, value] : obj) {
    int64_t n = 0;
    if (value.get_int64().get(n) == simdjson::SUCCESS) (*counts)[std::string(key)] = n;
  }
}

constexpr const char* kReleaseColumns =
    "id, domain, version, spec_version, source, bundle_sha256, imported_at, collection_name, index_modified, "
    "downloaded_at, object_count, counts";

ReleaseInfo ReadRelease(const Stmt& s) {
  ReleaseInfo r;
  r.id = s.Int(0);
  r.domain = s.Text(1);
  r.version = s.Text(2);
  r.spec_version = s.Text(3);
  r.source = s.Text(4);
  r.bundle_sha256 = s.Text(5);
  r.imported_at = s.Text(6);
  r.collection_name = s.Text(7);
  r.index_modified = s.Text(8);
  r.downloaded_at = s.Text(9);
  r.object_count = s.Int(10);
  ParseCounts(s.Text(11), &r.counts_by_type);
  return r;
}

// Turns what a person typed into an FTS5 query: every word must match, the
// last one as a prefix; FTS operators typed by the user are not interpreted.
std::string ToFtsQuery(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      cur.push_back(static_cast<char>(c));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (words.size() > 16) words.resize(16);
  std::string q;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) q.push_back(' ');
    q += '"' + words[i] + '"';
    if (i + 1 == words.size()) q.push_back('*');
  }
  return q;
}

}  // namespace

ObjectVersion ReadObjectVersion(const Stmt& s, int c) {
  ObjectVersion o;
  o.object_id = s.Int(c);
  std::string_view hash = s.Blob(c + 1);
  if (hash.size() == 32) {
    Digest d;
    std::memcpy(d.data(), hash.data(), 32);
    o.sha256 = ToHex(d);
  }
  o.type = s.Text(c + 3);
  o.stix_id = StixIdFromKey(o.type, s.Blob(c + 2));
  o.attack_id = s.Text(c + 4);
  o.name = s.Text(c + 5);
  o.modified = s.Text(c + 6);
  o.version = s.Text(c + 7);
  int64_t flags = s.Int(c + 8);
  o.revoked = flags & kFlagRevoked;
  o.deprecated = flags & kFlagDeprecated;
  return o;
}

SqliteStore::~SqliteStore() { sqlite3_close_v2(db_); }

Status SqliteStore::Init() {
  sqlite3_busy_timeout(db_, 15000);
  GLEXIA_RETURN_IF_ERROR(Exec(db_, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  if (read_only_) return Status::Ok();
  // WAL lets `glexia serve` read while another process imports; NORMAL sync
  // keeps every commit atomic and durable against process crashes.
  GLEXIA_RETURN_IF_ERROR(Exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
  GLEXIA_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Status st = Exec(db_, kSchema);
  if (st.ok()) {
    Stmt s(db_, "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', ?1)");
    st = s.Bind(1, int64_t{kSchemaVersion}).Run();
  }
  if (st.ok()) {
    Stmt s(db_, "SELECT value FROM meta WHERE key='schema_version'");
    if (s.Step(&st) && s.Int(0) != kSchemaVersion)
      st = Status::InvalidArgument("store schema version " + std::to_string(s.Int(0)) + " is not supported by this glexia (" +
                                   std::to_string(kSchemaVersion) + ")");
  }
  if (!st.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return st;
  }
  return Exec(db_, "COMMIT");
}

Result<std::vector<ReleaseInfo>> SqliteStore::ListReleasesLocked() {
  Stmt s(db_, std::string("SELECT ") + kReleaseColumns + " FROM releases");
  if (!s.ok()) return Status::IOError("store: " + s.error());
  std::vector<ReleaseInfo> out;
  Status st;
  while (s.Step(&st)) out.push_back(ReadRelease(s));
  if (!st.ok()) return st;
  std::sort(out.begin(), out.end(), [](const ReleaseInfo& a, const ReleaseInfo& b) {
    if (a.domain != b.domain) return a.domain < b.domain;
    return CompareVersions(a.version, b.version) < 0;
  });
  return out;
}

Result<std::vector<ReleaseInfo>> SqliteStore::ListReleases() {
  std::lock_guard lock(mu_);
  return ListReleasesLocked();
}

Result<ReleaseInfo> SqliteStore::GetRelease(std::string_view domain, std::string_view version) {
  std::lock_guard lock(mu_);
  GLEXIA_ASSIGN_OR_RETURN(auto releases, ListReleasesLocked());
  const ReleaseInfo* best = nullptr;
  for (const auto& r : releases) {
    if (r.domain != domain) continue;
    if (version.empty() ? (!best || CompareVersions(best->version, r.version) < 0) : r.version == version) best = &r;
  }
  if (!best)
    return Status::NotFound(version.empty() ? "no release of " + std::string(domain) + " is imported"
                                            : std::string(domain) + " " + std::string(version) + " is not imported");
  return *best;
}

Result<std::vector<ObjectVersion>> SqliteStore::FindObjects(int64_t release_id, std::string_view id) {
  std::lock_guard lock(mu_);
  bool is_stix = id.find("--") != std::string_view::npos;
  // Driven by the id index: a release has tens of thousands of members, an
  // id only a handful of versions.
  std::string sql = std::string("SELECT ") + kObjectColumns + " FROM objects o WHERE " +
                    (is_stix ? "o.stix_key = ?2" : "o.attack_id = ?2") +
                    " AND EXISTS (SELECT 1 FROM members m WHERE m.release_id = ?1 AND m.object_id = o.id)"
                    " ORDER BY (o.flags != 0), o.id";
  Stmt s(db_, sql);
  if (!s.ok()) return Status::IOError("store: " + s.error());
  s.Bind(1, release_id);
  if (is_stix) {
    std::string key = StixKey(id);
    s.BindBlob(2, key.data(), key.size());
  } else {
    s.Bind(2, Upper(id));
  }
  std::vector<ObjectVersion> out;
  Status st;
  while (s.Step(&st)) {
    ObjectVersion o = ReadObjectVersion(s, 0);
    if (!is_stix || o.stix_id == id) out.push_back(std::move(o));
  }
  if (!st.ok()) return st;
  return out;
}

Status SqliteStore::LoadPieceCache() {
  {
    Stmt e(db_, "SELECT value FROM meta WHERE key = 'gc_epoch'");
    Status est;
    int64_t epoch = e.Step(&est) ? e.Int(0) : 0;
    GLEXIA_RETURN_IF_ERROR(est);
    if (epoch != piece_cache_epoch_) {  // pieces were collected: ids may name new bytes
      piece_arena_.clear();
      piece_slots_.clear();
      piece_cache_max_ = 0;
      piece_cache_epoch_ = epoch;
    }
  }
  Stmt s(db_, "SELECT id, bytes FROM pieces WHERE id > ?1 ORDER BY id");
  if (!s.ok()) return Status::IOError("store: " + s.error());
  s.Bind(1, piece_cache_max_);
  Status st;
  while (s.Step(&st)) {
    int64_t id = s.Int(0);
    std::string_view bytes = s.Blob(1);
    if (static_cast<size_t>(id) >= piece_slots_.size()) piece_slots_.resize(static_cast<size_t>(id) + 1 + id / 4);
    piece_slots_[static_cast<size_t>(id)] = {piece_arena_.size(), static_cast<uint32_t>(bytes.size() + 1)};
    piece_arena_.append(bytes);
    piece_cache_max_ = id;
  }
  return st;
}

Status SqliteStore::AssembleFromCache(std::string_view recipe, std::string* out) {
  out->clear();
  int64_t value = 0;
  int shift = 0;
  for (unsigned char c : recipe) {
    value |= static_cast<int64_t>(c & 0x7f) << shift;
    if (c & 0x80) {
      shift += 7;
      continue;
    }
    if (value <= 0 || static_cast<size_t>(value) >= piece_slots_.size() || piece_slots_[value].second == 0)
      return Status::Corruption("store: object refers to missing piece " + std::to_string(value));
    const auto& slot = piece_slots_[value];
    out->append(piece_arena_, slot.first, slot.second - 1);
    value = 0;
    shift = 0;
  }
  return Status::Ok();
}

Status SqliteStore::AssembleByLookup(std::string_view recipe, std::string* out) {
  std::vector<int64_t> ids;
  if (!DecodeRecipe(recipe, &ids)) return Status::Corruption("store: malformed object recipe");
  Stmt s(db_, "SELECT bytes FROM pieces WHERE id = ?1");
  out->clear();
  for (int64_t id : ids) {
    s.Bind(1, id);
    Status st;
    if (!s.Step(&st)) return st.ok() ? Status::Corruption("store: missing piece " + std::to_string(id)) : st;
    out->append(s.Blob(0));
    s.Reset();
  }
  return Status::Ok();
}

Result<std::string> SqliteStore::RawBytes(int64_t object_id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT recipe FROM objects WHERE id = ?1");
  s.Bind(1, object_id);
  Status st;
  if (!s.Step(&st)) return st.ok() ? Status::NotFound("no stored object with id " + std::to_string(object_id)) : st;
  std::string out;
  GLEXIA_RETURN_IF_ERROR(AssembleByLookup(s.Blob(0), &out));
  return out;
}

Status SqliteStore::ForEachObject(int64_t release_id,
                                  const std::function<void(const ObjectVersion&, std::string_view raw)>& visit) {
  std::lock_guard lock(mu_);
  // A release touches most pieces, so one sequential read of the new pieces
  // beats tens of thousands of point lookups.
  GLEXIA_RETURN_IF_ERROR(LoadPieceCache());
  Stmt s(db_, std::string("SELECT ") + kObjectColumns +
                  ", o.recipe FROM members m JOIN objects o ON o.id = m.object_id WHERE m.release_id = ?1");
  if (!s.ok()) return Status::IOError("store: " + s.error());
  s.Bind(1, release_id);
  std::string raw;
  Status st;
  while (s.Step(&st)) {
    ObjectVersion ov = ReadObjectVersion(s, 0);
    GLEXIA_RETURN_IF_ERROR(AssembleFromCache(s.Blob(kObjectColumnCount), &raw));
    visit(ov, raw);
  }
  return st;
}

Result<std::vector<std::pair<int64_t, ObjectVersion>>> SqliteStore::History(std::string_view stix_id) {
  std::lock_guard lock(mu_);
  // An id has a handful of versions and a store a handful of releases, so
  // membership is probed per (release, version) on the primary key rather
  // than kept in a second index that would grow with every release.
  Stmt s(db_, std::string("SELECT r.id, ") + kObjectColumns +
                  " FROM objects o JOIN releases r"
                  " WHERE o.stix_key = ?1 AND EXISTS (SELECT 1 FROM members m WHERE m.release_id = r.id AND"
                  " m.object_id = o.id)");
  if (!s.ok()) return Status::IOError("store: " + s.error());
  std::string key = StixKey(stix_id);
  s.BindBlob(1, key.data(), key.size());
  std::vector<std::pair<int64_t, ObjectVersion>> out;
  Status st;
  while (s.Step(&st)) {
    ObjectVersion o = ReadObjectVersion(s, 1);
    if (o.stix_id == stix_id) out.emplace_back(s.Int(0), std::move(o));
  }
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<SearchHit>> SqliteStore::Search(int64_t release_id, std::string_view text, int limit) {
  std::string query = ToFtsQuery(text);
  std::vector<SearchHit> out;
  if (query.empty() || limit <= 0) return out;
  std::lock_guard lock(mu_);
  // Names weigh most, then aliases, then descriptions.
  Stmt s(db_, std::string("SELECT ") + kObjectColumns +
                  ", bm25(search, 10.0, 6.0, 1.0) AS rank FROM search"
                  // CROSS JOIN fixes the loop order: matches first, then their versions.
                  " CROSS JOIN objects o ON o.search_doc = search.rowid"
                  " CROSS JOIN members m ON m.object_id = o.id AND m.release_id = ?2"
                  " WHERE search MATCH ?1 ORDER BY rank LIMIT ?3");
  if (!s.ok()) return Status::IOError("store: " + s.error());
  s.Bind(1, query).Bind(2, release_id).Bind(3, int64_t{limit});
  Status st;
  while (s.Step(&st)) out.push_back({ReadObjectVersion(s, 0), s.Double(kObjectColumnCount)});
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> SqliteStore::GenerationLocked() {
  Stmt s(db_, "SELECT value FROM meta WHERE key = 'generation'");
  Status st;
  if (!s.Step(&st)) return st.ok() ? Result<int64_t>(int64_t{0}) : Result<int64_t>(st);
  return s.Int(0);
}

Result<int64_t> SqliteStore::Generation() {
  std::lock_guard lock(mu_);
  return GenerationLocked();
}

Status SqliteStore::BumpGeneration() {
  return Exec(db_, "UPDATE meta SET value = value + 1 WHERE key = 'generation'");
}

Result<int64_t> SqliteStore::SizeBytes() {
  std::lock_guard lock(mu_);
  if (!read_only_) (void)Exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
  Stmt a(db_, "PRAGMA page_count"), b(db_, "PRAGMA page_size"), c(db_, "PRAGMA freelist_count");
  Status st;
  if (!a.Step(&st) || !b.Step(&st) || !c.Step(&st)) return st.ok() ? Status::IOError("store: no page count") : st;
  return (a.Int(0) - c.Int(0)) * b.Int(0);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const OpenOptions& options) {
  if (!options.read_only && options.create_if_missing && !EnsureParentDirectory(path))
    return Status::IOError(path + ": cannot create the store's directory");
  if (!options.create_if_missing && !std::filesystem::exists(path))
    return Status::NotFound(path + ": no store here (import or sync a release first)");
  int flags = SQLITE_OPEN_NOMUTEX | (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  if (!options.read_only && options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::IOError(path + ": cannot open store: " + msg);
  }
  auto store = std::make_unique<SqliteStore>(db, options.read_only);
  GLEXIA_RETURN_IF_ERROR(store->Init().WithContext(path));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace glexia::store
