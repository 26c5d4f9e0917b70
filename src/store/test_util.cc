#include "store/test_util.h"

#include <filesystem>

namespace glexia::store {

std::string ScratchPath(const std::string& area, const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(GLEXIA_TEST_WORK) / area;
  std::filesystem::create_directories(dir);
  std::filesystem::path p = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return cells;
}

namespace {

// The object enclosing position `at` (its own "id" member).
std::string EnclosingObject(std::string_view text, size_t at) {
  // Walk back to the '{' that opens the enclosing object, skipping strings.
  int depth = 0;
  size_t begin = std::string_view::npos;
  bool in_string = false;
  for (size_t i = at; i-- > 0;) {
    char c = text[i];
    if (c == '"') {
      size_t bs = 0;
      for (size_t j = i; j-- > 0 && text[j] == '\\';) ++bs;
      if (bs % 2 == 0) in_string = !in_string;
      continue;
    }
    if (in_string) continue;
    if (c == '}' || c == ']') ++depth;
    if (c == '{' || c == '[') {
      if (depth == 0) {
        begin = i;
        break;
      }
      --depth;
    }
  }
  if (begin == std::string_view::npos) return {};
  depth = 0;
  in_string = false;
  for (size_t i = begin; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (--depth == 0) return std::string(text.substr(begin, i + 1 - begin));
    }
  }
  return {};
}

}  // namespace

std::string ObjectBytesInBundle(std::string_view text, std::string_view stix_id) {
  // The object's own "id" member is the first occurrence as a value of "id".
  size_t at = text.find("\"id\": \"" + std::string(stix_id) + "\"");
  return at == std::string_view::npos ? std::string() : EnclosingObject(text, at);
}

std::map<std::string, std::string> ObjectBytesInBundle(std::string_view text, const std::set<std::string>& ids) {
  std::map<std::string, std::string> out;
  constexpr std::string_view kNeedle = "\"id\": \"";
  for (size_t at = text.find(kNeedle); at != std::string_view::npos; at = text.find(kNeedle, at + 1)) {
    size_t start = at + kNeedle.size();
    size_t end = text.find('"', start);
    if (end == std::string_view::npos) break;
    std::string id(text.substr(start, end - start));
    if (ids.count(id) && !out.count(id)) out[id] = EnclosingObject(text, at);
  }
  return out;
}

}  // namespace glexia::store
