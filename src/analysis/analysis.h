// Analyst context: deterministic guidance for executives and security teams,
// generated for every technique from ATT&CK facts and a rules file, with the
// provenance of every statement.
//
// An Engine is built once from a rules file and is immutable afterwards:
// Analyze() may be called from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/model.h"

namespace glexia::analysis {

// Where a statement comes from: an ATT&CK object (by ATT&CK ID or STIX id),
// a rule of the rules file, or a derived fact (e.g. "history:new-in-release").
struct Provenance {
  std::string kind;  // "tactic", "technique", "detection-strategy", "analytic", "data-component",
                     // "mitigation", "group", "software", "campaign", "platform", "rule", "history", ...
  std::string id;    // "TA0043", "DET0855", "rule:tactic.reconnaissance", "PRE"
  std::string label; // human name, e.g. "Reconnaissance"
};

struct Statement {
  std::string text;  // plain text (no markup); the web layer escapes it
  std::vector<Provenance> provenance;  // never empty
};

struct Section {
  std::string key;    // "executive_priority", "technical_view", "likely_telemetry",
                      // "detection_direction", "mitigation_priorities", "notes_and_limits"
  std::string title;  // "Executive priority", ...
  std::vector<Statement> statements;  // never empty
  bool as_list = false;  // render as bullet list (telemetry, detection, mitigations)
};

struct Priority {
  std::string level;  // "critical" | "high" | "elevated" | "moderate"
  int score = 0;
  std::vector<Statement> reasons;  // the signals that produced the level
};

struct AnalystContext {
  std::string technique_attack_id;
  std::string release;  // release version the context was built from
  Statement summary;
  Priority priority;
  std::vector<Section> sections;  // the six sections, in page order
};

class Engine {
 public:
  virtual ~Engine() = default;
  // Context for one technique or sub-technique of `model`. `previous` is the
  // previous imported release of the same domain (may be null) for history facts.
  virtual Result<AnalystContext> Analyze(const model::ReleaseModel& model, const model::Object& technique,
                                         const model::ReleaseModel* previous = nullptr) const = 0;
};

// Loads and validates the rules file (JSON). Errors name the file, the rule and the problem.
Result<std::unique_ptr<Engine>> LoadEngine(const std::string& rules_path);

// The rules file shipped in the repository (GLEXIA_SOURCE_DIR/rules/analyst-context.json at
// build time, overridable with $GLEXIA_RULES).
std::string DefaultRulesPath();

// JSON for the API: {"technique":..., "summary":{text,provenance}, "priority":{...}, "sections":[...]}.
std::string ToJson(const AnalystContext& context);

}  // namespace glexia::analysis
