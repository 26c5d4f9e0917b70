// Finding releases and objects for layer and export requests (API and CLI).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/model.h"

namespace glexia::interop {

// "enterprise", "Enterprise-ATT&CK"... are not guessed: `domain` is a full
// domain name or empty (enterprise-attack); `version` empty = newest.
Result<std::shared_ptr<const model::ReleaseModel>> SelectModel(model::ModelCache& models, std::string_view domain,
                                                               std::string_view version);

// `id` (ATT&CK ID or STIX id) must name an object of `kind`; NotFound otherwise.
Result<const model::Object*> FindOfKind(const model::ReleaseModel& model, std::string_view id, model::Kind kind);

// A tactic by ATT&CK ID, STIX id, shortname or name (case-insensitive).
Result<const model::Object*> FindTactic(const model::ReleaseModel& model, std::string_view id);

// Comma-separated group ids; InvalidArgument when empty, NotFound for an unknown one.
Result<std::vector<const model::Object*>> FindGroups(const model::ReleaseModel& model, std::string_view list);

}  // namespace glexia::interop
