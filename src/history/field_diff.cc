#include "history/field_diff.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace glexia::history {
namespace {

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

void Push(std::vector<WordPiece>& out, WordPiece::Op op, std::string_view word) {
  if (!out.empty() && out.back().op == op) {
    out.back().text.push_back(' ');
    out.back().text.append(word);
  } else {
    out.push_back({op, std::string(word)});
  }
}

// Items of a canonical JSON array, each as canonical text.
std::vector<std::string> ArrayItems(const std::string& canonical) {
  std::vector<std::string> items;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::array arr;
  if (parser.parse(canonical).get_array().get(arr) != simdjson::SUCCESS) return items;
  for (auto item : arr) items.push_back(simdjson::minify(item));
  return items;
}

bool IsArray(const std::string& v) { return !v.empty() && v.front() == '['; }
bool IsString(const std::string& v) { return !v.empty() && v.front() == '"'; }

// Cells of the LCS table we are willing to fill; longer texts fall back to
// "all removed, all added" after trimming the common ends.
constexpr size_t kMaxCells = 16u << 20;

}  // namespace

std::string_view FieldChangeKindName(FieldChange::Kind kind) {
  switch (kind) {
    case FieldChange::Kind::kAdded: return "added";
    case FieldChange::Kind::kRemoved: return "removed";
    case FieldChange::Kind::kChanged: return "changed";
  }
  return "changed";
}

std::vector<WordPiece> DiffWords(std::string_view before, std::string_view after) {
  auto a = Words(before), b = Words(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  std::vector<WordPiece> out;
  for (size_t i = 0; i < prefix; ++i) Push(out, WordPiece::Op::kSame, a[i]);
  size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  auto A = [&](size_t i) { return a[prefix + i]; };
  auto B = [&](size_t j) { return b[prefix + j]; };
  if (n && m && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j] = LCS length of A[i..] and B[j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;) at(i, j) = A(i) == B(j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (A(i) == B(j)) {
        Push(out, WordPiece::Op::kSame, A(i));
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        Push(out, WordPiece::Op::kRemoved, A(i++));
      } else {
        Push(out, WordPiece::Op::kAdded, B(j++));
      }
    }
    while (i < n) Push(out, WordPiece::Op::kRemoved, A(i++));
    while (j < m) Push(out, WordPiece::Op::kAdded, B(j++));
  } else {
    for (size_t i = 0; i < n; ++i) Push(out, WordPiece::Op::kRemoved, A(i));
    for (size_t j = 0; j < m; ++j) Push(out, WordPiece::Op::kAdded, B(j));
  }
  for (size_t i = a.size() - suffix; i < a.size(); ++i) Push(out, WordPiece::Op::kSame, a[i]);
  return out;
}

std::vector<FieldChange> DiffObjects(const CanonicalObject& before, const CanonicalObject& after) {
  std::vector<FieldChange> out;
  std::map<std::string_view, std::pair<const std::string*, const std::string*>> fields;
  for (const auto& [k, v] : before) fields[k].first = &v;
  for (const auto& [k, v] : after) fields[k].second = &v;
  for (const auto& [key, values] : fields) {
    const auto [old_value, new_value] = values;
    if (old_value && new_value && *old_value == *new_value) continue;
    FieldChange change;
    change.field = std::string(key);
    change.kind = !old_value ? FieldChange::Kind::kAdded
                             : (!new_value ? FieldChange::Kind::kRemoved : FieldChange::Kind::kChanged);
    if (old_value) change.old_value = *old_value;
    if (new_value) change.new_value = *new_value;
    const std::string& a = old_value ? *old_value : std::string();
    const std::string& b = new_value ? *new_value : std::string();
    bool arrays = (a.empty() || IsArray(a)) && (b.empty() || IsArray(b));
    if (arrays && !IsOrderedList(key)) {
      change.is_set = true;
      auto ia = a.empty() ? std::vector<std::string>() : ArrayItems(a);
      auto ib = b.empty() ? std::vector<std::string>() : ArrayItems(b);
      std::multiset<std::string> sa(ia.begin(), ia.end()), sb(ib.begin(), ib.end());
      for (const auto& item : ib)
        if (auto it = sa.find(item); it != sa.end()) sa.erase(it); else change.items_added.push_back(item);
      for (const auto& item : ia)
        if (auto it = sb.find(item); it != sb.end()) sb.erase(it); else change.items_removed.push_back(item);
    } else if ((a.empty() || IsString(a)) && (b.empty() || IsString(b))) {
      change.words = DiffWords(CanonicalStringValue(a), CanonicalStringValue(b));
    }
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace glexia::history
