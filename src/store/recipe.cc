#include "store/recipe.h"

namespace glexia::store {

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

bool DecodeRecipe(std::string_view recipe, std::vector<int64_t>* ids) {
  ids->clear();
  uint64_t value = 0;
  int shift = 0;
  for (unsigned char c : recipe) {
    if (shift > 56) return false;
    value |= static_cast<uint64_t>(c & 0x7f) << shift;
    if (c & 0x80) {
      shift += 7;
    } else {
      ids->push_back(static_cast<int64_t>(value));
      value = 0;
      shift = 0;
    }
  }
  return shift == 0;
}

std::vector<std::string_view> SplitIntoPieces(std::string_view raw, const std::vector<uint32_t>& member_starts) {
  std::vector<std::string_view> pieces;
  if (member_starts.empty()) {
    pieces.push_back(raw);
    return pieces;
  }
  pieces.reserve(member_starts.size());
  for (size_t i = 0; i < member_starts.size(); ++i) {
    size_t begin = i == 0 ? 0 : member_starts[i];
    size_t end = i + 1 < member_starts.size() ? member_starts[i + 1] : raw.size();
    pieces.push_back(raw.substr(begin, end - begin));
  }
  return pieces;
}

}  // namespace glexia::store
