// Serving ATT&CK objects as STIX 2.1, whatever spec version they were
// imported as, and the name-based UUIDs TAXII collections and exported
// bundles are named with. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace glexia::taxii {

// Rewrites one STIX 2.0 object (its exact bundle bytes) as STIX 2.1, compact:
//   - "spec_version": "2.1" is added right after "type" (2.1 requires it on
//     every object; 2.0 only had it on the bundle);
//   - malware: the value "malware" is removed from "labels" (the key goes when
//     nothing is left) and "is_family": true is added when absent, since 2.1
//     made is_family required and ATT&CK software entries are families;
//   - tool: the value "tool" is removed from "labels" the same way;
//   - every other member is kept with its value and in its order.
// An object that already carries "spec_version" is returned minified but
// otherwise unchanged. Corruption if `raw` is not one JSON object.
Result<std::string> ConvertToStix21(std::string_view raw);

// RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in the URL namespace,
// lower-case with dashes: UuidV5Url("enterprise-attack-18.1") equals Python's
// uuid.uuid5(uuid.NAMESPACE_URL, "enterprise-attack-18.1").
std::string UuidV5Url(std::string_view name);

// Parses an RFC 3339 UTC timestamp ("2024-04-03T12:00:00Z", with or without
// fractional seconds) into a string that sorts chronologically by plain
// comparison ("YYYY-MM-DDTHH:MM:SS.nnnnnnnnn"). False when malformed.
bool NormalizeTimestamp(std::string_view text, std::string* sortable);

}  // namespace glexia::taxii
