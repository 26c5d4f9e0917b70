// JSON views of model objects, shared by the HTTP API and `glexia show --json`
// so both state the same facts in the same shape. Every function appends to a
// JsonWriter the caller owns; nothing here touches the store.
#pragma once

#include <string>

#include "core/json_writer.h"
#include "model/model.h"
#include "store/store.h"

namespace glexia::api {

// {"id","domain","version"}: which release an answer comes from.
void WriteReleaseRef(JsonWriter& w, const store::ReleaseInfo& release);
// Every field of store::ReleaseInfo, including sync metadata and counts.
void WriteReleaseInfo(JsonWriter& w, const store::ReleaseInfo& release);

// The identifying fields of an object, without braces, so callers can add
// their own fields (e.g. "procedure") to the same JSON object:
// "attack_id","stix_id","type","name","status".
void WriteRefFields(JsonWriter& w, const model::Object& object);
// {ref fields}.
void WriteRef(JsonWriter& w, const model::Object& object);

// One list row: ref fields plus platforms (and, for techniques, whether it is a
// sub-technique). Used by list and search endpoints.
void WriteListItem(JsonWriter& w, const model::Object& object);

// The full object with everything the model knows about it, relations both
// ways with their relationship text; shape depends on the kind (see README).
void WriteObject(JsonWriter& w, const model::ReleaseModel& model, const model::Object& object);

// {"release":{...},"object":{...}}: the document of GET /api/v1/objects/{id}.
std::string ObjectDocument(const model::ReleaseModel& model, const model::Object& object);

// One technique use of a group/software/campaign with how and the evidence:
// {"technique":{ref},"how":[...],"direct":[{procedure}],"via_software":[{ref,procedure}],
//  "via_campaigns":[{ref,procedure}]}.
void WriteTechniqueUse(JsonWriter& w, const model::ReleaseModel& model, const model::TechniqueUse& use);

// {"release","actor","total","techniques":[use...]}: GET /api/v1/groups/{id}/techniques.
std::string TechniquesOfDocument(const model::ReleaseModel& model, const model::Object& actor);

}  // namespace glexia::api
