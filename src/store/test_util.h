// Helpers for store tests and other layers' tests that need scratch stores.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace glexia::store {

// GLEXIA_TEST_WORK/<area>/<name>, with the directory created and any old
// file of that name (and its -wal/-shm) removed.
std::string ScratchPath(const std::string& area, const std::string& name);

std::vector<std::string> SplitTabs(const std::string& line);

// The exact bytes of the object whose "id" is `stix_id` in a bundle's text,
// found by scanning braces from the id outward (independent of the stix reader).
std::string ObjectBytesInBundle(std::string_view bundle_text, std::string_view stix_id);

// The same for many ids in one pass over the text: id → exact bytes.
std::map<std::string, std::string> ObjectBytesInBundle(std::string_view bundle_text, const std::set<std::string>& ids);

}  // namespace glexia::store
