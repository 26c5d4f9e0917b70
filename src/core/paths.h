// Conventional per-user locations (XDG Base Directory).
#pragma once

#include <string>

namespace glexia {

// The store path when none is given: $GLEXIA_DB, else
// $XDG_DATA_HOME/glexia/glexia.db, else ~/.local/share/glexia/glexia.db.
std::string DefaultDatabasePath();

// Creates the parent directory of `file_path` if missing. Returns false on failure.
bool EnsureParentDirectory(const std::string& file_path);

}  // namespace glexia
