#include <cstdio>

#include "cli/commands.h"
#include "core/paths.h"

namespace glexia::cli {

Result<std::unique_ptr<store::Store>> Context::OpenStore(bool read_only) const {
  std::string path = db_path.empty() ? DefaultDatabasePath() : db_path;
  store::OpenOptions options;
  options.read_only = read_only;
  options.create_if_missing = !read_only;
  return store::OpenStore(path, options);
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "glexia: %s\n", status.ToString().c_str());
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return 2;
    case StatusCode::kNotFound: return 3;
    case StatusCode::kCorruption: return 4;
    case StatusCode::kAlreadyExists: return 5;
    case StatusCode::kUnavailable: return 6;
    default: return 1;
  }
}

}  // namespace glexia::cli
