// `glexia show ID --analysis`: the analyst context of a technique on a terminal.
#pragma once

#include <string>

#include "model/model.h"

namespace glexia::cli {

// Prints the context (text with each statement's sources, or the API's JSON)
// and returns the exit code. `models` supplies the previous release of the
// same domain for history facts. `rules` empty = the shipped rules file.
int PrintAnalysis(model::ModelCache& models, const model::ReleaseModel& model, const model::Object& technique,
                  const std::string& rules, bool json);

}  // namespace glexia::cli
