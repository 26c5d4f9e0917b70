#include "core/paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace glexia {

std::string DefaultDatabasePath() {
  if (const char* db = std::getenv("GLEXIA_DB"); db && *db) return db;
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".local" / "share";
  } else {
    base = ".";
  }
  return (base / "glexia" / "glexia.db").string();
}

bool EnsureParentDirectory(const std::string& file_path) {
  std::filesystem::path parent = std::filesystem::path(file_path).parent_path();
  if (parent.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  return !ec;
}

}  // namespace glexia
