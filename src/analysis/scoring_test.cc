// Priority scoring: each documented signal moves the score as
// docs/analyst-context.md says, and levels follow the thresholds.
#include <gtest/gtest.h>

#include "analysis/scoring.h"

namespace glexia::analysis {
namespace {

Scoring TestScoring() {
  Scoring s;
  s.levels = {{"critical", 9}, {"high", 6}, {"elevated", 4}, {"moderate", 0}};
  s.prevalence = {{20, 4}, {8, 3}, {3, 2}, {1, 1}};
  s.follow_on_initial_access = 1;
  s.follow_on_impact = 2;
  s.no_detection_guidance = 1;
  s.no_mitigation = 1;
  s.max_stage_points = 4;
  s.max_exposure_points = 4;
  return s;
}

PrioritySignals Quiet() {
  PrioritySignals s;
  s.has_detection_guidance = true;
  s.has_mitigation = true;
  return s;
}

bool HasReason(const PriorityScore& p, Signal signal) {
  for (const ScoredReason& r : p.reasons) {
    if (r.signal == signal) return true;
  }
  return false;
}

TEST(ScoringTest, PrevalenceSteps) {
  Scoring s = TestScoring();
  EXPECT_EQ(PrevalencePoints(0, s), 0);
  EXPECT_EQ(PrevalencePoints(1, s), 1);
  EXPECT_EQ(PrevalencePoints(2, s), 1);
  EXPECT_EQ(PrevalencePoints(3, s), 2);
  EXPECT_EQ(PrevalencePoints(8, s), 3);
  EXPECT_EQ(PrevalencePoints(19, s), 3);
  EXPECT_EQ(PrevalencePoints(20, s), 4);
  EXPECT_EQ(PrevalencePoints(500, s), 4);
}

TEST(ScoringTest, NoSignalsIsModerateWithNoReasons) {
  PriorityScore p = ScorePriority(Quiet(), TestScoring());
  EXPECT_EQ(p.level, "moderate");
  EXPECT_EQ(p.score, 0);
  EXPECT_TRUE(p.reasons.empty());
}

TEST(ScoringTest, EachSignalAddsItsPoints) {
  Scoring s = TestScoring();
  PrioritySignals sig = Quiet();
  sig.groups = 2;
  sig.software = 1;  // 3 users → 2 points
  EXPECT_EQ(ScorePriority(sig, s).score, 2);
  sig.stage_points = 3;
  EXPECT_EQ(ScorePriority(sig, s).score, 5);
  sig.exposure_points = 3;
  EXPECT_EQ(ScorePriority(sig, s).score, 8);
  sig.follow_on_initial_access = true;
  EXPECT_EQ(ScorePriority(sig, s).score, 9);
  sig.follow_on_impact = true;
  EXPECT_EQ(ScorePriority(sig, s).score, 11);
  sig.has_detection_guidance = false;
  EXPECT_EQ(ScorePriority(sig, s).score, 12);
  sig.has_mitigation = false;
  PriorityScore p = ScorePriority(sig, s);
  EXPECT_EQ(p.score, 13);
  EXPECT_EQ(p.level, "critical");
  for (Signal signal : {Signal::kPrevalence, Signal::kStage, Signal::kExposure, Signal::kInitialAccess, Signal::kImpact,
                        Signal::kNoDetection, Signal::kNoMitigation}) {
    EXPECT_TRUE(HasReason(p, signal));
  }
}

TEST(ScoringTest, LevelThresholds) {
  Scoring s = TestScoring();
  PrioritySignals sig = Quiet();
  const std::pair<int, const char*> cases[] = {{0, "moderate"}, {3, "moderate"}, {4, "elevated"}, {5, "elevated"},
                                               {6, "high"},     {8, "high"},     {9, "critical"}};
  for (auto [stage, level] : cases) {
    sig.stage_points = stage;
    s.max_stage_points = 100;
    EXPECT_EQ(ScorePriority(sig, s).level, level) << "score " << stage;
  }
}

TEST(ScoringTest, CapsKeepOneSignalFromDominating) {
  Scoring s = TestScoring();
  PrioritySignals sig = Quiet();
  sig.stage_points = 10;
  sig.exposure_points = 10;
  EXPECT_EQ(ScorePriority(sig, s).score, 8);
}

TEST(ScoringTest, RetiredTechniqueIsLowestLevelWhateverTheSignals) {
  PrioritySignals sig = Quiet();
  sig.groups = 50;
  sig.stage_points = 4;
  sig.inactive = true;
  PriorityScore p = ScorePriority(sig, TestScoring());
  EXPECT_EQ(p.level, "moderate");
  EXPECT_EQ(p.score, 0);
  ASSERT_EQ(p.reasons.size(), 1u);
  EXPECT_EQ(p.reasons[0].signal, Signal::kInactive);
}

TEST(ScoringTest, MissingGuidanceRaisesPriority) {
  Scoring s = TestScoring();
  PrioritySignals sig = Quiet();
  sig.stage_points = 3;
  int with = ScorePriority(sig, s).score;
  sig.has_detection_guidance = false;
  sig.has_mitigation = false;
  EXPECT_EQ(ScorePriority(sig, s).score, with + 2);
}

}  // namespace
}  // namespace glexia::analysis
