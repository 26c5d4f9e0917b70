// The ATT&CK facts about one technique that the analyst context is built from,
// gathered once from the release model. Internal to the analysis layer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/analysis.h"
#include "analysis/rules.h"
#include "model/model.h"

namespace glexia::analysis {

// A data component the technique's detection names, with where to collect it.
struct ComponentUse {
  const model::Object* component = nullptr;  // null for a pre-18 "Source: Component" string without object
  std::string name;
  std::vector<std::string> channels;  // "WinEventLog:Sysmon EventCode=1"
  std::vector<const model::Object*> analytics;
  std::vector<std::string> platforms;  // of those analytics
};

enum class HistoryState { kNoPrevious, kNew, kChanged, kUnchanged };

struct Facts {
  const model::ReleaseModel* model = nullptr;
  const model::Object* technique = nullptr;
  const model::Object* parent = nullptr;
  const model::Object* replacement = nullptr;  // when revoked
  std::vector<const model::Object*> tactics;
  std::vector<std::string> platforms;  // technique platforms, "None" left out
  std::vector<const model::Object*> strategies;
  std::vector<const model::Object*> analytics;
  bool analytics_have_log_sources = false;
  std::vector<ComponentUse> components;
  std::vector<std::pair<const model::Object*, const model::Relationship*>> component_detects;  // pre-18
  std::vector<std::pair<const model::Object*, const model::Relationship*>> mitigations;
  std::vector<const model::Object*> groups, software, campaigns;
  std::vector<const model::Object*> linked;
  std::vector<const model::Object*> linked_initial_access, linked_impact;
  std::vector<const model::Object*> assets;
  std::string description_lower;  // name + description, plain, lower case
  std::string detection_lower;    // detection text, strategy names, analytic descriptions
  HistoryState history = HistoryState::kNoPrevious;
  const model::Object* previous_version = nullptr;
  std::string previous_release;

  bool has_detection_guidance() const {
    return !technique->detection_text.empty() || analytics_have_log_sources || !component_detects.empty() ||
           !technique->data_sources.empty();
  }
};

Facts GatherFacts(const model::ReleaseModel& model, const model::Object& technique,
                  const model::ReleaseModel* previous);

// Provenance of an ATT&CK object: its ATT&CK ID (STIX id when it has none) and name.
Provenance ProvenanceOf(const model::Object& object);

// When `rule` applies to these facts, the facts that triggered it (never empty); else empty.
std::vector<Provenance> MatchRule(const Rule& rule, const Facts& facts, const Rules& rules);

}  // namespace glexia::analysis
