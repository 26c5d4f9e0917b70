#include "store/store.h"
namespace glexia::store {
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string&, const OpenOptions&) {
  return Status::Unavailable("the SQLite store is being written (20:45 UTC)");
}
}  // namespace glexia::store
