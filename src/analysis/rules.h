// The analyst-context rules file, parsed and validated. Internal to the
// analysis layer (the engine and its tests); other layers use analysis.h.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace glexia::analysis {

// The six page sections, in page order; rule text is filed under these keys.
inline constexpr std::array<std::string_view, 6> kSectionKeys = {
    "executive_priority", "technical_view",        "likely_telemetry",
    "detection_direction", "mitigation_priorities", "notes_and_limits"};
int SectionIndex(std::string_view key);  // -1 when unknown

struct TacticRef {  // one entry of the vocabulary
  std::string id;         // "TA0043"
  std::string shortname;  // "reconnaissance"
  std::string domain;     // "enterprise-attack"
};

// What a rule applies to. Every non-empty list must match (AND); within a list
// any entry matches (OR). A rule with an empty `match` never applies.
struct Match {
  std::vector<std::string> domains;
  std::vector<std::string> tactics;           // "TA0043", "reconnaissance" or "enterprise-attack:reconnaissance"
  std::vector<std::string> platforms;         // exact platform names
  std::vector<std::string> data_components;   // "DC0032" or a component name
  std::vector<std::string> linked_techniques; // "T1195" (a sub-technique of it matches too)
  std::vector<std::string> description_cues;  // lower-case keywords in the description
  std::vector<std::string> detection_cues;    // keywords in detection strategy/analytic/detection text
  std::vector<std::string> assets;            // ICS asset names or "A0003"
};

struct Rule {
  std::string id;
  Match match;
  std::string stage;        // tactic stage label, e.g. "pre-compromise reconnaissance"
  int stage_points = 0;     // priority signal: tactic stage
  std::string exposure;     // platform exposure label, e.g. "identity provider"
  int exposure_points = 0;  // priority signal: platform exposure
  std::string framing;      // summary clause: "{technique} is a ... behavior"
  std::array<std::vector<std::string>, 6> sections;  // statement texts per section (kSectionKeys order)
  std::vector<std::string> false_positives;
  std::vector<std::string> local_data;  // local data needed when ATT&CK is silent
};

struct LevelThreshold {
  std::string level;
  int min_score = 0;
};

struct PrevalenceStep {
  int min_users = 0;
  int points = 0;
};

struct Scoring {
  std::vector<LevelThreshold> levels;        // highest first
  std::vector<PrevalenceStep> prevalence;    // highest first
  int follow_on_initial_access = 0;
  int follow_on_impact = 0;
  int no_detection_guidance = 0;
  int no_mitigation = 0;
  int max_stage_points = 0;     // caps, so one signal cannot dominate
  int max_exposure_points = 0;
};

// Fixed notices: the only texts shared by many techniques on purpose.
inline constexpr std::array<std::string_view, 7> kNoticeKeys = {
    "historical_use", "no_usage", "no_detection", "no_mitigation", "revoked", "deprecated", "empty_section"};

struct Rules {
  std::string path;
  std::map<std::string, std::string, std::less<>> notices;  // every kNoticeKeys entry
  std::vector<TacticRef> tactics;
  std::vector<std::string> platforms;
  Scoring scoring;
  std::vector<Rule> rules;
};

// Parses and validates `json`. `path` names the file in messages:
// "<path>: rule 'x' (rules[3]): unknown field 'telemtry'".
Result<Rules> ParseRules(std::string_view json, const std::string& path);
Result<Rules> LoadRulesFile(const std::string& path);

// Placeholders rule texts may use; anything else in braces is a load error.
inline constexpr std::array<std::string_view, 5> kPlaceholders = {"technique", "id", "tactics", "platforms",
                                                                   "parent"};

}  // namespace glexia::analysis
