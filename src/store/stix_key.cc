#include <cctype>

#include "store/sqlite_store_impl.h"

namespace glexia::store {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is not canonical: keep such ids as text
}

// Ids of other shapes are kept as text; one that is exactly 16 bytes long
// gets a trailing space so it cannot be mistaken for UUID bytes.
std::string TextKey(std::string_view stix_id) {
  std::string key(stix_id);
  if (key.size() == 16) key.push_back(' ');
  return key;
}

}  // namespace

std::string StixKey(std::string_view stix_id) {
  size_t sep = stix_id.find("--");
  if (sep == std::string_view::npos) return TextKey(stix_id);
  std::string_view uuid = stix_id.substr(sep + 2);
  if (uuid.size() != 36) return TextKey(stix_id);
  std::string key;
  key.reserve(16);
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (uuid[i] != '-') return TextKey(stix_id);
      ++i;
      continue;
    }
    int hi = HexValue(uuid[i]), lo = HexValue(uuid[i + 1]);
    if (hi < 0 || lo < 0) return TextKey(stix_id);
    key.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return key;
}

std::string StixIdFromKey(std::string_view type, std::string_view key) {
  if (key.size() == 17 && key.back() == ' ') return std::string(key.substr(0, 16));
  if (key.size() != 16) return std::string(key);
  static const char* kHex = "0123456789abcdef";
  std::string id(type);
  id += "--";
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    unsigned char b = static_cast<unsigned char>(key[i]);
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 15]);
  }
  return id;
}

}  // namespace glexia::store
