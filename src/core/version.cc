#include "core/version.h"

#include <cctype>
#include <cstdint>

namespace glexia {

int CompareVersions(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    uint64_t x = 0, y = 0;
    size_t si = i, sj = j;
    while (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i]))) x = x * 10 + (a[i++] - '0');
    while (j < b.size() && std::isdigit(static_cast<unsigned char>(b[j]))) y = y * 10 + (b[j++] - '0');
    if (x != y) return x < y ? -1 : 1;
    // A non-numeric part: compare the run up to the next dot as text.
    size_t ei = i, ej = j;
    while (ei < a.size() && a[ei] != '.') ++ei;
    while (ej < b.size() && b[ej] != '.') ++ej;
    std::string_view ra = a.substr(i, ei - i), rb = b.substr(j, ej - j);
    if (int c = ra.compare(rb); c != 0) return c < 0 ? -1 : 1;
    i = ei < a.size() ? ei + 1 : ei;
    j = ej < b.size() ? ej + 1 : ej;
    if (i == si && j == sj) break;
  }
  return 0;
}

bool IsReleaseVersion(std::string_view v) {
  if (v.empty()) return false;
  int dots = 0;
  bool digit_before = false;
  for (char c : v) {
    if (c == '.') {
      if (!digit_before || ++dots > 1) return false;
      digit_before = false;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      digit_before = true;
    } else {
      return false;
    }
  }
  return digit_before;
}

}  // namespace glexia
