// Test support: the model of one reference release for real-data tests and the
// benchmark. Built through the store and model::BuildReleaseModel when those
// layers are linked (GLEXIA_ANALYSIS_USE_STORE), else read from the bundle.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "model/model.h"

namespace glexia::analysis::test_support {

// `domain` e.g. "enterprise-attack", `version` e.g. "18.1"; from GLEXIA_ATTACK_DATA.
Result<std::shared_ptr<const model::ReleaseModel>> LoadRelease(const std::string& domain, const std::string& version);

// Every (domain, version) bundle in GLEXIA_ATTACK_DATA, oldest first per domain.
std::vector<std::pair<std::string, std::string>> AllReleases();

}  // namespace glexia::analysis::test_support
