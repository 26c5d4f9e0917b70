#include "cli/show_analysis.h"

#include <cstdio>

#include "analysis/analysis.h"
#include "cli/commands.h"
#include "core/version.h"

namespace glexia::cli {
namespace {

void PrintStatement(const analysis::Statement& s, const char* bullet) {
  std::printf("%s%s\n", bullet, s.text.c_str());
  std::string why;
  for (const auto& p : s.provenance) {
    if (!why.empty()) why += ", ";
    // Rule ids already say "rule:"; other ids get their kind ("tactic TA0043").
    why += p.id.rfind(p.kind + ":", 0) == 0 ? p.id : p.kind + " " + p.id;
  }
  if (!why.empty()) std::printf("    why: %s\n", why.c_str());
}

// The newest imported release of the same domain older than `current`.
std::shared_ptr<const model::ReleaseModel> PreviousRelease(model::ModelCache& models,
                                                           const store::ReleaseInfo& current) {
  const store::ReleaseInfo* best = nullptr;
  auto releases = models.Releases();
  for (const auto& r : releases) {
    if (r.domain != current.domain || CompareVersions(r.version, current.version) >= 0) continue;
    if (!best || CompareVersions(best->version, r.version) < 0) best = &r;
  }
  if (!best) return nullptr;
  auto m = models.Get(best->domain, best->version);
  return m.ok() ? *m : nullptr;
}

}  // namespace

int PrintAnalysis(model::ModelCache& models, const model::ReleaseModel& model, const model::Object& technique,
                  const std::string& rules, bool json) {
  if (technique.kind != model::Kind::kTechnique)
    return ReportError(Status::InvalidArgument(technique.attack_id + " is not a technique: analyst context is for "
                                               "techniques and sub-techniques"));
  auto engine = analysis::LoadEngine(rules.empty() ? analysis::DefaultRulesPath() : rules);
  if (!engine.ok()) return ReportError(engine.status());
  auto previous = PreviousRelease(models, model.release());
  auto context = (*engine)->Analyze(model, technique, previous.get());
  if (!context.ok()) return ReportError(context.status());
  if (json) {
    std::printf("%s\n", analysis::ToJson(*context).c_str());
    return 0;
  }
  std::printf("%s: %s — analyst context (%s %s)\n\n", technique.attack_id.c_str(), technique.name.c_str(),
              model.release().domain.c_str(), model.release().version.c_str());
  PrintStatement(context->summary, "");
  std::printf("\nExecutive priority: %s (score %d)\n", context->priority.level.c_str(), context->priority.score);
  for (const auto& r : context->priority.reasons) PrintStatement(r, "  - ");
  for (const auto& section : context->sections) {
    std::printf("\n%s\n", section.title.c_str());
    for (const auto& s : section.statements) PrintStatement(s, section.as_list ? "  - " : "  ");
  }
  return 0;
}

}  // namespace glexia::cli
