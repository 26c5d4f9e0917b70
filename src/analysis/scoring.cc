#include "analysis/scoring.h"

#include <algorithm>

namespace glexia::analysis {

int PrevalencePoints(int users, const Scoring& scoring) {
  for (const PrevalenceStep& step : scoring.prevalence) {
    if (users >= step.min_users) return step.points;
  }
  return 0;
}

PriorityScore ScorePriority(const PrioritySignals& s, const Scoring& scoring) {
  PriorityScore out;
  auto add = [&](Signal signal, int points) {
    if (points <= 0) return;
    out.score += points;
    out.reasons.push_back({signal, points});
  };
  if (s.inactive) {
    // A retired technique is history, not a current priority.
    out.level = scoring.levels.empty() ? "moderate" : scoring.levels.back().level;
    out.reasons.push_back({Signal::kInactive, 0});
    return out;
  }
  add(Signal::kPrevalence, PrevalencePoints(s.groups + s.software + s.campaigns, scoring));
  add(Signal::kStage, scoring.max_stage_points > 0 ? std::min(s.stage_points, scoring.max_stage_points)
                                                   : s.stage_points);
  add(Signal::kExposure, scoring.max_exposure_points > 0 ? std::min(s.exposure_points, scoring.max_exposure_points)
                                                         : s.exposure_points);
  if (s.follow_on_initial_access) add(Signal::kInitialAccess, scoring.follow_on_initial_access);
  if (s.follow_on_impact) add(Signal::kImpact, scoring.follow_on_impact);
  if (!s.has_detection_guidance) add(Signal::kNoDetection, scoring.no_detection_guidance);
  if (!s.has_mitigation) add(Signal::kNoMitigation, scoring.no_mitigation);
  out.level = scoring.levels.empty() ? "moderate" : scoring.levels.back().level;
  for (const LevelThreshold& level : scoring.levels) {
    if (out.score >= level.min_score) {
      out.level = level.level;
      break;
    }
  }
  return out;
}

}  // namespace glexia::analysis
