// How an object's bytes are kept: split at its top-level members into pieces,
// each stored once by content, so an object that changed one field between
// releases costs one new piece, not a new copy. A recipe is the list of piece
// ids (LEB128 varints) whose concatenation is exactly the original bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glexia::store {

void AppendVarint(std::string& out, uint64_t value);
// Decodes every varint; false if the recipe is malformed.
bool DecodeRecipe(std::string_view recipe, std::vector<int64_t>* ids);

// Splits `raw` at `member_starts` (see stix::ObjectRecord) into contiguous pieces.
std::vector<std::string_view> SplitIntoPieces(std::string_view raw, const std::vector<uint32_t>& member_starts);

}  // namespace glexia::store
