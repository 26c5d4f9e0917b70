// ATT&CK release and object versions ("18.1", "1.0", "2.3.1") compare by
// numeric components: 9.0 < 10.0 < 18.1.
#pragma once

#include <string_view>

namespace glexia {

// <0, 0, >0 like strcmp; non-numeric parts compare as strings after numbers.
int CompareVersions(std::string_view a, std::string_view b);

inline bool VersionLess(std::string_view a, std::string_view b) { return CompareVersions(a, b) < 0; }

// True for "X.Y" or "X" where X, Y are digits only.
bool IsReleaseVersion(std::string_view v);

}  // namespace glexia
