// Executive priority scoring: documented signals in, a level and the reasons out.
// Pure functions over plain values so they are unit-testable without a model.
#pragma once

#include <string>
#include <vector>

#include "analysis/rules.h"

namespace glexia::analysis {

struct PrioritySignals {
  int groups = 0;
  int software = 0;
  int campaigns = 0;
  int stage_points = 0;       // max over the matched tactic rules
  std::string stage;          // label of that rule
  int exposure_points = 0;    // max over the matched platform/asset rules
  std::string exposure;       // label of that rule
  bool follow_on_initial_access = false;
  bool follow_on_impact = false;
  bool has_detection_guidance = false;
  bool has_mitigation = false;
  bool inactive = false;  // revoked or deprecated: always the lowest level
};

enum class Signal { kPrevalence, kStage, kExposure, kInitialAccess, kImpact, kNoDetection, kNoMitigation, kInactive };

struct ScoredReason {
  Signal signal;
  int points = 0;
};

struct PriorityScore {
  std::string level;
  int score = 0;
  std::vector<ScoredReason> reasons;  // every signal that added points (or the inactive notice)
};

int PrevalencePoints(int users, const Scoring& scoring);
PriorityScore ScorePriority(const PrioritySignals& signals, const Scoring& scoring);

}  // namespace glexia::analysis
