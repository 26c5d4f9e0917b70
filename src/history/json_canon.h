// Canonical JSON for comparing ATT&CK objects by value, not by bytes.
//
// Two objects that differ only in formatting — key order, whitespace, STIX
// 2.0 vs 2.1 framing (spec_version, labels/is_family on malware and tool,
// revoked/x_mitre_deprecated written as false) — canonicalize identically.
// Thread-safety: each function uses a thread-local simdjson parser.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace glexia::history {

// Top-level members of one STIX object, each as canonical JSON text (object
// keys sorted; arrays sorted where order carries no meaning), framing removed.
using CanonicalObject = std::map<std::string, std::string, std::less<>>;

// Parses `raw` (one STIX object) and canonicalizes it.
Result<CanonicalObject> Canonicalize(std::string_view raw);

// Names of the top-level fields whose values differ between two versions of
// an object (formatting ignored), sorted. Also hands back both descriptions
// (*both_have_description false when either lacks one). Cheaper than
// canonicalizing both: only members whose bytes differ are canonicalized.
Status ChangedFields(std::string_view raw_a, std::string_view raw_b, std::vector<std::string>* fields,
                     std::string* description_a, std::string* description_b, bool* both_have_description);

// True for top-level list fields whose order carries meaning (kept in order).
bool IsOrderedList(std::string_view field);

// Reads a canonical JSON string value back to text ("\"a\\nb\"" → "a\nb");
// empty for non-strings.
std::string CanonicalStringValue(std::string_view canonical);

}  // namespace glexia::history
