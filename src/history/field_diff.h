// Field-level comparison of two versions of one STIX object, by value.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "history/json_canon.h"

namespace glexia::history {

struct WordPiece {
  enum class Op { kSame, kAdded, kRemoved };
  Op op = Op::kSame;
  std::string text;  // one or more words joined by single spaces
};

struct FieldChange {
  enum class Kind { kAdded, kRemoved, kChanged };
  std::string field;
  Kind kind = Kind::kChanged;
  std::string old_value, new_value;  // canonical JSON; empty on the missing side
  // Lists whose order carries no meaning: the items gained and lost.
  bool is_set = false;
  std::vector<std::string> items_added, items_removed;  // canonical JSON of each item
  // Text fields (description and other strings): a word-level diff.
  std::vector<WordPiece> words;
};

std::string_view FieldChangeKindName(FieldChange::Kind kind);  // "added", "removed", "changed"

// Every top-level field that differs, sorted by field name.
std::vector<FieldChange> DiffObjects(const CanonicalObject& before, const CanonicalObject& after);

// Word-level diff (longest common subsequence over whitespace-separated words).
// Adjacent pieces of one kind are merged.
std::vector<WordPiece> DiffWords(std::string_view before, std::string_view after);

}  // namespace glexia::history
