// Helpers shared by object_json.cc and object_json_kinds.cc; not for other layers.
#pragma once

#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "model/model.h"

namespace glexia::api::internal {

// An object reached through a relationship (whose text we may show).
struct Related {
  const model::Object* object = nullptr;
  const model::Relationship* relationship = nullptr;
};

// Active relationships of `type` entering / leaving `o` whose other end is of `kind`.
std::vector<Related> Sources(const model::ReleaseModel& m, const model::Object& o, std::string_view type,
                             model::Kind kind);
std::vector<Related> Targets(const model::ReleaseModel& m, const model::Object& o, std::string_view type,
                             model::Kind kind);

// "key":[{ref fields, "<text_key>": relationship text}]; no text when text_key is empty.
void WriteRelated(JsonWriter& w, std::string_view key, const std::vector<Related>& items, std::string_view text_key);
void WriteRefs(JsonWriter& w, std::string_view key, const std::vector<const model::Object*>& objects);
// platforms, description, log_sources, mutable_elements of an analytic (inside an open object).
void WriteAnalyticFields(JsonWriter& w, const model::ReleaseModel& m, const model::Object& analytic);
// The kind-specific fields of every kind but techniques (inside an open object).
void WriteKindFields(JsonWriter& w, const model::ReleaseModel& m, const model::Object& o);

}  // namespace glexia::api::internal
