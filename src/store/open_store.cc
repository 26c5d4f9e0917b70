#include "store/store.h"

namespace glexia::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const OpenOptions& options) {
  if (location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0)
    return Status::Unavailable("the PostgreSQL backend is not built into this glexia yet; use a file path");
  return OpenSqliteStore(location, options);
}

}  // namespace glexia::store
