// Thin RAII helpers over the SQLite C API, private to the store layer.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace glexia::store {

// A prepared statement; reset on every Bind cycle by the caller via Reset().
class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(Stmt&& o) noexcept : stmt_(o.stmt_), error_(std::move(o.error_)) { o.stmt_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  const std::string& error() const { return error_; }

  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, std::string_view text);  // TEXT, copied by SQLite
  Stmt& BindBlob(int index, const void* data, size_t size);
  // Binds without a copy: the bytes must stay valid until Reset()/Run() returns.
  Stmt& BindBlobNoCopy(int index, const void* data, size_t size);
  Stmt& BindTextNoCopy(int index, std::string_view text);
  Stmt& BindNull(int index);
  // SQLITE_ROW → true; SQLITE_DONE → false; errors → false with *status set.
  bool Step(Status* status);
  // Runs to completion (for INSERT/UPDATE/DELETE).
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  std::string_view Blob(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
};

Status Exec(sqlite3* db, const char* sql);
Status SqliteError(sqlite3* db, std::string_view what);

}  // namespace glexia::store
