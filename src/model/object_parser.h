// Internal to the model layer: copies the facts of one parsed STIX object
// into an Object or Relationship. Tolerant by design: ATT&CK adds fields and
// older releases lack some, so a missing or mistyped field is left empty
// rather than rejected (the store already validated the JSON).
#pragma once

#include <simdjson.h>

#include <string_view>

#include "model/model.h"

namespace glexia::model {

// Fills every field of `out` that the JSON carries (not index, store ids).
void ParseObjectFields(simdjson::dom::object json, Object* out);
void ParseRelationshipFields(simdjson::dom::object json, Relationship* out);

// The ATT&CK IDs ("T1591", "T1591.002") named by attack.mitre.org technique
// links in Markdown text, in order of first appearance, without duplicates.
std::vector<std::string> TechniqueIdsLinkedIn(std::string_view text);

}  // namespace glexia::model
