// Choosing a release and finding an object in it, shared by the API handlers
// and the CLI (`glexia show`, `glexia query`) so both answer the same way.
//
// An ATT&CK ID's prefix does not tell its domain (T-ids exist in all three),
// so an id is resolved in the requested (or default enterprise) release first
// and, only when no domain was given, in the other domains' releases.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "model/model.h"

namespace glexia::api {

// The three ATT&CK domains in the order fallbacks try them.
inline constexpr std::string_view kDomains[] = {"enterprise-attack", "mobile-attack", "ics-attack"};

// "enterprise", "enterprise-attack", "Enterprise" → "enterprise-attack"; empty
// stays empty; false for anything else.
bool NormalizeDomain(std::string_view in, std::string* domain);

struct ReleaseSelector {
  std::string domain;   // normalized; empty = enterprise-attack
  std::string version;  // empty = newest of the domain
};

struct Found {
  std::shared_ptr<const model::ReleaseModel> model;
  const model::Object* object = nullptr;  // lives as long as `model`
};

// The model of the selected release. NotFound names the missing release.
Result<std::shared_ptr<const model::ReleaseModel>> SelectModel(model::ModelCache& models,
                                                               const ReleaseSelector& selector);

// Resolves a STIX id or ATT&CK ID as described above. When a version but no
// domain is given, the other domains are tried at that version.
Result<Found> FindObject(model::ModelCache& models, const ReleaseSelector& selector, std::string_view id);

// "active" | "deprecated" | "revoked".
std::string_view StatusName(const model::Object& object);

}  // namespace glexia::api
