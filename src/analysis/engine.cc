// Composes the analyst context from facts (facts.cc) and matched rules.
// Every statement is built with the facts or rules it came from; texts that
// would show a template artifact are dropped rather than shown.
#include <algorithm>
#include <cstdlib>
#include <map>

#include "analysis/analysis.h"
#include "analysis/facts.h"
#include "analysis/rules.h"
#include "analysis/scoring.h"
#include "analysis/text.h"

namespace glexia::analysis {
namespace {

using model::Object;
using Values = std::map<std::string, std::string, std::less<>>;

constexpr std::array<std::string_view, 6> kSectionTitles = {
    "Executive priority", "Technical view",        "Likely telemetry",
    "Detection direction", "Mitigation priorities", "Analyst notes and limits"};
enum SectionIdx { kExec = 0, kTech, kTelemetry, kDetection, kMitigation, kNotes };

constexpr size_t kMaxAnalyticStatements = 4;
constexpr size_t kMaxComponents = 8;
constexpr size_t kMaxMitigations = 6;
constexpr size_t kMaxNamed = 8;

struct MatchedRule {
  const Rule* rule;
  std::vector<Provenance> why;
};

Provenance RuleProvenance(const Rule& rule) { return Provenance{"rule", "rule:" + rule.id, rule.id}; }

void AddProvenance(std::vector<Provenance>& to, const std::vector<Provenance>& from) {
  for (const Provenance& p : from) {
    bool seen = std::any_of(to.begin(), to.end(), [&](const Provenance& q) { return q.kind == p.kind && q.id == p.id; });
    if (!seen) to.push_back(p);
  }
}

std::vector<std::string> Names(const std::vector<const Object*>& objects, size_t max = kMaxNamed) {
  std::vector<std::string> out;
  for (size_t i = 0; i < objects.size() && i < max; ++i) out.push_back(objects[i]->name);
  if (objects.size() > max) out.push_back(std::to_string(objects.size() - max) + " more");
  return out;
}

std::vector<std::string> NamesWithIds(const std::vector<const Object*>& objects, size_t max = kMaxNamed) {
  std::vector<std::string> out;
  for (size_t i = 0; i < objects.size() && i < max; ++i) {
    out.push_back(objects[i]->attack_id.empty() ? objects[i]->name
                                                : objects[i]->name + " (" + objects[i]->attack_id + ")");
  }
  if (objects.size() > max) out.push_back(std::to_string(objects.size() - max) + " more");
  return out;
}

std::vector<Provenance> ProvenanceOfAll(const std::vector<const Object*>& objects, size_t max = 1000) {
  std::vector<Provenance> out;
  for (size_t i = 0; i < objects.size() && i < max; ++i) out.push_back(ProvenanceOf(*objects[i]));
  return out;
}

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

class ContextBuilder {
 public:
  ContextBuilder(const Rules& rules, const Facts& facts) : rules_(rules), f_(facts), t_(*facts.technique) {
    values_["technique"] = t_.name;
    values_["id"] = t_.attack_id;
    std::vector<std::string> tactic_names = Names(f_.tactics);
    values_["tactics"] = JoinNames(tactic_names);
    values_["platforms"] = JoinNames(f_.platforms);
    values_["parent"] = f_.parent ? f_.parent->name : "";
    // Rule texts are checked at load; rendered with artifact-free values they stay clean.
    values_clean_ = std::all_of(values_.begin(), values_.end(),
                                [](const auto& kv) { return kv.second.empty() || !HasArtifact(kv.second); });
    self_ = Provenance{"technique", t_.attack_id.empty() ? t_.stix_id : t_.attack_id, t_.name};
    for (const Rule& rule : rules_.rules) {
      std::vector<Provenance> why = MatchRule(rule, f_, rules_);
      if (!why.empty()) matched_.push_back({&rule, std::move(why)});
    }
    // Most specific knowledge first: cue, component, link and asset rules, then tactic, then platform rules.
    auto rank = [](const Rule& r) {
      const Match& m = r.match;
      if (!m.description_cues.empty() || !m.detection_cues.empty() || !m.linked_techniques.empty() ||
          !m.assets.empty() || !m.data_components.empty()) {
        return 0;
      }
      if (!m.tactics.empty()) return 1;
      return 2;
    };
    std::stable_sort(matched_.begin(), matched_.end(),
                     [&](const MatchedRule& a, const MatchedRule& b) { return rank(*a.rule) < rank(*b.rule); });
  }

  AnalystContext Build() {
    AnalystContext ctx;
    ctx.technique_attack_id = t_.attack_id;
    ctx.release = f_.model->release().version;
    for (size_t i = 0; i < 6; ++i) {
      sections_[i].key = std::string(kSectionKeys[i]);
      sections_[i].title = std::string(kSectionTitles[i]);
      sections_[i].as_list = i == kTelemetry || i == kDetection || i == kMitigation;
    }
    ctx.summary = Summary();
    ctx.priority = PriorityOf();
    Executive(ctx.priority);
    Technical();
    Telemetry();
    Detection();
    Mitigation();
    Notes();
    for (size_t i = 0; i < 6; ++i) {
      if (sections_[i].statements.empty()) AddNotice(i, "empty_section");
      ctx.sections.push_back(std::move(sections_[i]));
    }
    return ctx;
  }

 private:
  // Adds a statement unless it would show an artifact; merges exact repeats.
  // `prechecked`: rule text validated at load, rendered with clean values.
  void Add(size_t section, std::string text, std::vector<Provenance> provenance, bool prechecked = false) {
    if (text.empty() || provenance.empty() || (!prechecked && HasArtifact(text))) return;
    for (Statement& s : sections_[section].statements) {
      if (s.text == text) {
        AddProvenance(s.provenance, provenance);
        return;
      }
    }
    Statement s;
    s.text = std::move(text);
    AddProvenance(s.provenance, provenance);
    sections_[section].statements.push_back(std::move(s));
  }

  std::string NoticeText(std::string_view key) const {
    auto it = rules_.notices.find(key);
    return it == rules_.notices.end() ? std::string() : Render(it->second, values_);
  }

  void AddNotice(size_t section, std::string_view key, std::vector<Provenance> extra = {}) {
    std::vector<Provenance> prov = {Provenance{"rule", "rule:notice." + std::string(key), "notice." + std::string(key)}};
    AddProvenance(prov, extra);
    Add(section, NoticeText(key), std::move(prov));
  }

  void AddRuleTexts(size_t section) {
    for (const MatchedRule& m : matched_) {
      for (const std::string& text : m.rule->sections[section]) {
        std::vector<Provenance> prov = {RuleProvenance(*m.rule)};
        AddProvenance(prov, m.why);
        Add(section, Render(text, values_), std::move(prov), values_clean_);
      }
    }
  }

  std::string Retirement() const {
    if (t_.revoked) {
      std::string text = NoticeText("revoked");
      if (f_.replacement) {
        text += " ATT&CK replaces it with " + f_.replacement->name + " (" + f_.replacement->attack_id + ").";
      }
      return text;
    }
    if (t_.deprecated) return NoticeText("deprecated");
    return {};
  }

  Statement Summary() {
    Statement s;
    std::string text = Retirement();
    if (!text.empty()) {
      s.provenance.push_back(Provenance{"rule", t_.revoked ? "rule:notice.revoked" : "rule:notice.deprecated",
                                        t_.revoked ? "notice.revoked" : "notice.deprecated"});
      if (f_.replacement) s.provenance.push_back(ProvenanceOf(*f_.replacement));
    }
    size_t framings = 0;
    for (const MatchedRule& m : matched_) {
      if (m.rule->framing.empty() || framings == 2) continue;
      std::string framing = Render(m.rule->framing, values_);
      if (framing.empty()) continue;
      if (!text.empty()) text += " ";
      text += framing;
      ++framings;
      s.provenance.push_back(RuleProvenance(*m.rule));
      AddProvenance(s.provenance, m.why);
    }
    if (framings == 0) {
      if (!text.empty()) text += " ";
      text += t_.name + " is an ATT&CK " + f_.model->release().domain + " technique" +
              (f_.tactics.empty() ? std::string(".") : " of the " + values_["tactics"] + " tactic.");
      AddProvenance(s.provenance, {self_});
      AddProvenance(s.provenance, ProvenanceOfAll(f_.tactics));
    }
    std::string first = FirstCleanSentence(t_.description);
    if (!first.empty()) {
      text += " ATT&CK describes it this way: " + first;
      AddProvenance(s.provenance, {Provenance{"technique", self_.id, t_.name + " description"}});
    }
    s.text = text;
    return s;
  }

  Priority PriorityOf() {
    PrioritySignals sig;
    sig.groups = static_cast<int>(f_.groups.size());
    sig.software = static_cast<int>(f_.software.size());
    sig.campaigns = static_cast<int>(f_.campaigns.size());
    const MatchedRule* stage_rule = nullptr;
    const MatchedRule* exposure_rule = nullptr;
    for (const MatchedRule& m : matched_) {
      if (!m.rule->stage.empty() && (!stage_rule || m.rule->stage_points > stage_rule->rule->stage_points)) {
        stage_rule = &m;
      }
      if (!m.rule->exposure.empty() &&
          (!exposure_rule || m.rule->exposure_points > exposure_rule->rule->exposure_points)) {
        exposure_rule = &m;
      }
    }
    if (stage_rule) sig.stage_points = stage_rule->rule->stage_points;
    if (exposure_rule) sig.exposure_points = exposure_rule->rule->exposure_points;
    sig.follow_on_initial_access = !f_.linked_initial_access.empty();
    sig.follow_on_impact = !f_.linked_impact.empty();
    sig.has_detection_guidance = f_.has_detection_guidance();
    sig.has_mitigation = !f_.mitigations.empty();
    sig.inactive = !t_.active();
    PriorityScore score = ScorePriority(sig, rules_.scoring);

    Priority p;
    p.level = score.level;
    p.score = score.score;
    for (const ScoredReason& r : score.reasons) {
      std::string pts = r.points > 0 ? " (+" + std::to_string(r.points) + ")" : "";
      Statement s;
      switch (r.signal) {
        case Signal::kInactive:
          s.text = t_.name + " is " + (t_.revoked ? "revoked" : "deprecated") +
                   " in this release, so it is not ranked as a current priority.";
          s.provenance = {self_};
          break;
        case Signal::kPrevalence:
          s.text = "Prevalence: ATT&CK links " + t_.name + " to " + Plural(f_.groups.size(), "group", "groups") + ", " +
                   Plural(f_.software.size(), "software entry", "software entries") + " and " +
                   Plural(f_.campaigns.size(), "campaign", "campaigns") + pts + ".";
          s.provenance = ProvenanceOfAll(f_.groups, 12);
          AddProvenance(s.provenance, ProvenanceOfAll(f_.software, 12));
          AddProvenance(s.provenance, ProvenanceOfAll(f_.campaigns, 12));
          break;
        case Signal::kStage:
          s.text = "Tactic stage: " + t_.name + " belongs to " + stage_rule->rule->stage + pts + ".";
          s.provenance = {RuleProvenance(*stage_rule->rule)};
          AddProvenance(s.provenance, stage_rule->why);
          break;
        case Signal::kExposure:
          s.text = "Platform exposure: " + t_.name + " reaches " + exposure_rule->rule->exposure + pts + ".";
          s.provenance = {RuleProvenance(*exposure_rule->rule)};
          AddProvenance(s.provenance, exposure_rule->why);
          break;
        case Signal::kInitialAccess:
          s.text = "Follow-on path to initial access named in the description: " +
                   JoinNames(NamesWithIds(f_.linked_initial_access)) + pts + ".";
          s.provenance = ProvenanceOfAll(f_.linked_initial_access);
          break;
        case Signal::kImpact:
          s.text = "Follow-on path to impact named in the description: " + JoinNames(NamesWithIds(f_.linked_impact)) +
                   pts + ".";
          s.provenance = ProvenanceOfAll(f_.linked_impact);
          break;
        case Signal::kNoDetection:
          s.text = f_.strategies.empty()
                       ? "Detection gap: ATT&CK offers no detection guidance for " + t_.name + pts + "."
                       : "Detection gap: the related ATT&CK detection strategy names no log sources for " + t_.name +
                             pts + ".";
          s.provenance = f_.strategies.empty() ? std::vector<Provenance>{self_} : ProvenanceOfAll(f_.strategies);
          break;
        case Signal::kNoMitigation:
          s.text = "Mitigation gap: ATT&CK maps no mitigation to " + t_.name + pts + ".";
          s.provenance = {self_};
          break;
      }
      if (!HasArtifact(s.text)) p.reasons.push_back(std::move(s));
    }
    return p;
  }

  void Executive(const Priority& p) {
    std::vector<std::string> labels;
    std::vector<Provenance> prov;
    for (const Statement& r : p.reasons) {
      labels.push_back(Lower(r.text.substr(0, r.text.find(':'))));
      AddProvenance(prov, r.provenance);
    }
    if (prov.empty()) prov.push_back(self_);
    std::string text = "Executive priority for " + t_.name + " is " + p.level + " (score " + std::to_string(p.score) +
                       ")" + (labels.empty() || !t_.active() ? std::string(".")
                                                               : ", driven by " + JoinNames(labels) + ".");
    if (!t_.active()) text = t_.name + " is retired, so its executive priority is " + p.level + ".";
    Add(kExec, text, prov);
    AddRuleTexts(kExec);
  }

  void Technical() {
    std::vector<Provenance> prov = {self_};
    std::string where = "ATT&CK places " + t_.name + " (" + t_.attack_id + ")";
    if (f_.parent) {
      where += " under " + f_.parent->name + " (" + f_.parent->attack_id + ")";
      prov.push_back(ProvenanceOf(*f_.parent));
    }
    if (!f_.tactics.empty()) {
      where += " in the " + values_["tactics"] + (f_.tactics.size() == 1 ? " tactic" : " tactics");
      AddProvenance(prov, ProvenanceOfAll(f_.tactics));
    }
    if (!f_.platforms.empty()) {
      where += " on " + JoinNames(f_.platforms);
      for (const std::string& pl : f_.platforms) prov.push_back(Provenance{"platform", pl, pl});
    } else if (!f_.assets.empty()) {
      where += ", targeting " + JoinNames(Names(f_.assets, 4));
      AddProvenance(prov, ProvenanceOfAll(f_.assets, 4));
    }
    if (!f_.tactics.empty()) {
      std::string goal = FirstCleanSentence(f_.tactics.front()->description, 200);
      if (!goal.empty() && goal.size() > 1) {
        goal[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(goal[0])));
        where += "; in ATT&CK terms, " + goal;
      } else {
        where += ".";
      }
    } else {
      where += ".";
    }
    Add(kTech, where, prov);

    // What ATT&CK offers for detection, stated plainly.
    if (!f_.strategies.empty()) {
      std::vector<std::string> dets;
      for (const Object* s : f_.strategies) dets.push_back(s->attack_id + " " + s->name);
      std::string text = t_.detection_text.empty() ? "The ATT&CK object has no official detection text of its own, but "
                                                   : "Beyond its detection text, ";
      text += t_.name + " is related to detection " + std::string(f_.strategies.size() == 1 ? "strategy " : "strategies ") +
              JoinNames(dets) + " with " + Plural(f_.analytics.size(), "analytic", "analytics") +
              (f_.analytics.size() == 1 ? (f_.analytics_have_log_sources ? " that names log sources." : " that names no log sources.")
                                         : (f_.analytics_have_log_sources ? " that name log sources." : " that name no log sources."));
      std::vector<Provenance> p2 = ProvenanceOfAll(f_.strategies);
      AddProvenance(p2, ProvenanceOfAll(f_.analytics, 6));
      Add(kTech, Capitalized(text), p2);
    } else if (!t_.detection_text.empty() || !f_.component_detects.empty()) {
      Add(kTech,
          "ATT&CK gives " + t_.name + " detection guidance as text" +
              (f_.component_detects.empty() ? std::string(".")
                                            : " and through " + Plural(f_.component_detects.size(), "data component",
                                                                       "data components") + "."),
          {Provenance{"technique", self_.id, t_.name + " x_mitre_detection"}});
    }
    auto list_fact = [&](const std::vector<std::string>& values, const std::string& what) {
      if (values.empty()) return;
      Add(kTech, "ATT&CK lists " + what + " for " + t_.name + ": " + JoinNames(values) + ".",
          {Provenance{"technique", self_.id, t_.name + " " + what}});
    };
    list_fact(t_.permissions_required, "required permissions");
    list_fact(t_.effective_permissions, "effective permissions");
    list_fact(t_.system_requirements, "system requirements");
    list_fact(t_.defense_bypassed, "defenses bypassed");
    list_fact(t_.impact_type, "impact type");
    AddRuleTexts(kTech);
    History();
  }

  void History() {
    switch (f_.history) {
      case HistoryState::kNoPrevious:
        return;
      case HistoryState::kNew:
        Add(kTech, t_.name + " is new in ATT&CK " + f_.model->release().version + ": it was not in release " +
                       f_.previous_release + ".",
            {Provenance{"history", "history:new-in-release", "new in " + f_.model->release().version}});
        return;
      case HistoryState::kChanged:
        Add(kTech, t_.name + " changed since release " + f_.previous_release + " (modified " +
                       f_.previous_version->modified.substr(0, 10) + " then, " + t_.modified.substr(0, 10) +
                       " now); review the changes before reusing older analysis.",
            {Provenance{"history", "history:changed-since-previous", "changed since " + f_.previous_release}});
        return;
      case HistoryState::kUnchanged:
        Add(kTech, t_.name + " is unchanged since release " + f_.previous_release + ".",
            {Provenance{"history", "history:unchanged-since-previous", "unchanged since " + f_.previous_release}});
        return;
    }
  }

  void Telemetry() {
    size_t shown = 0;
    for (const ComponentUse& use : f_.components) {
      if (shown++ == kMaxComponents) break;
      std::vector<Provenance> prov;
      std::string text = use.name;
      if (use.component) {
        prov.push_back(ProvenanceOf(*use.component));
        if (!use.component->attack_id.empty()) text += " (" + use.component->attack_id + ")";
      } else {
        prov.push_back(Provenance{"technique", self_.id, t_.name + " x_mitre_data_sources"});
      }
      if (!use.channels.empty()) {
        std::vector<std::string> channels(use.channels.begin(),
                                          use.channels.begin() + std::min<size_t>(use.channels.size(), 4));
        text += ": " + JoinNames(channels);
      }
      if (!use.analytics.empty()) {
        std::vector<std::string> ids;
        for (const Object* a : use.analytics) ids.push_back(a->attack_id);
        text += std::string(use.channels.empty() ? "" : ",") + " as used by " +
                (ids.size() == 1 ? "analytic " : "analytics ") + JoinNames(ids);
        AddProvenance(prov, ProvenanceOfAll(use.analytics));
      } else {
        text += ", named by ATT&CK as a data source for " + t_.name;
      }
      if (!use.platforms.empty()) text += " on " + JoinNames(use.platforms);
      Add(kTelemetry, text + ".", prov);
    }
    if (!f_.assets.empty()) {
      Add(kTelemetry,
          "Asset records, configuration baselines and change logs for the assets ATT&CK names for " + t_.name + ": " +
              JoinNames(NamesWithIds(f_.assets, 6)) + ".",
          ProvenanceOfAll(f_.assets, 6));
    }
    AddRuleTexts(kTelemetry);
  }

  void Detection() {
    size_t shown = 0;
    for (const Object* s : f_.strategies) {
      for (const Object* a : f_.model->AnalyticsOf(*s)) {
        if (shown == kMaxAnalyticStatements) break;
        std::string what = FirstCleanSentence(a->description, 240);
        if (what.empty()) continue;
        std::string on = a->platforms.empty() || a->platforms.front() == "None" ? "" : " (" + JoinNames(a->platforms) + ")";
        Add(kDetection, "Start from " + s->attack_id + " " + s->name + ", analytic " + a->attack_id + on + ": " + what,
            {ProvenanceOf(*s), ProvenanceOf(*a)});
        ++shown;
      }
    }
    std::string detection_note;
    if (!t_.detection_text.empty()) {
      std::string first = FirstCleanSentence(t_.detection_text, 240);
      detection_note = first;
      if (!first.empty()) {
        Add(kDetection, "ATT&CK's detection note for " + t_.name + ": " + first,
            {Provenance{"technique", self_.id, t_.name + " x_mitre_detection"}});
      }
    }
    shown = 0;
    for (const auto& [component, rel] : f_.component_detects) {
      if (shown == 3) break;
      std::string first = FirstCleanSentence(rel->description, 240);
      if (first.empty() || first == detection_note) continue;  // already quoted as the detection note
      Add(kDetection, "Via " + component->name + ": " + first, {ProvenanceOf(*component)});
      ++shown;
    }
    if (!f_.has_detection_guidance()) {
      std::vector<Provenance> prov = {self_};
      AddProvenance(prov, ProvenanceOfAll(f_.strategies));
      AddNotice(kDetection, "no_detection", prov);
      if (!f_.strategies.empty()) {
        Add(kDetection,
            "Use the " + f_.strategies.front()->attack_id + " relationship as a prompt to define a local detection "
            "strategy for " + t_.name + " from the telemetry listed here.",
            {ProvenanceOf(*f_.strategies.front())});
      }
    }
    AddRuleTexts(kDetection);
    std::vector<std::string> fps;
    std::vector<Provenance> prov;
    for (const MatchedRule& m : matched_) {
      for (const std::string& fp : m.rule->false_positives) {
        std::string text = Render(fp, values_);
        if (text.empty() || std::find(fps.begin(), fps.end(), text) != fps.end() || fps.size() == 3) continue;
        fps.push_back(text);
        AddProvenance(prov, {RuleProvenance(*m.rule)});
      }
    }
    if (!fps.empty()) {
      std::string text = "Tune for false positives around " + t_.name + ": " + fps.front();
      for (size_t i = 1; i < fps.size(); ++i) text += "; " + fps[i];
      Add(kDetection, text + ".", prov);
    }
    if (!f_.linked.empty()) {
      Add(kDetection,
          "Correlate findings with the follow-on paths the description of " + t_.name + " names: " +
              JoinNames(NamesWithIds(f_.linked, 10)) + ".",
          ProvenanceOfAll(f_.linked, 10));
    }
  }

  void Mitigation() {
    size_t shown = 0;
    for (const auto& [m, rel] : f_.mitigations) {
      if (shown++ == kMaxMitigations) break;
      std::string how = FirstCleanSentence(rel->description, 240);
      std::string text = how.empty() ? "Apply " + m->attack_id + " " + m->name + ", which ATT&CK maps to " + t_.name + "."
                                     : m->attack_id + " " + m->name + ": " + how;
      Add(kMitigation, text, {ProvenanceOf(*m)});
    }
    if (f_.mitigations.size() > kMaxMitigations) {
      std::vector<const Object*> rest;
      for (size_t i = kMaxMitigations; i < f_.mitigations.size(); ++i) rest.push_back(f_.mitigations[i].first);
      Add(kMitigation, "ATT&CK also maps " + JoinNames(NamesWithIds(rest)) + " to " + t_.name + ".",
          ProvenanceOfAll(rest));
    }
    if (f_.mitigations.empty()) AddNotice(kMitigation, "no_mitigation", {self_});
    AddRuleTexts(kMitigation);
  }

  void Notes() {
    std::string retired = Retirement();
    if (!retired.empty()) {
      std::vector<Provenance> prov = {
          Provenance{"rule", t_.revoked ? "rule:notice.revoked" : "rule:notice.deprecated",
                     t_.revoked ? "notice.revoked" : "notice.deprecated"}};
      if (f_.replacement) prov.push_back(ProvenanceOf(*f_.replacement));
      Add(kNotes, retired, prov);
    }
    size_t users = f_.groups.size() + f_.software.size() + f_.campaigns.size();
    if (users > 0) {
      std::vector<std::string> parts;
      if (!f_.groups.empty()) parts.push_back(Plural(f_.groups.size(), "group", "groups") + " (" + JoinNames(Names(f_.groups)) + ")");
      if (!f_.software.empty()) parts.push_back(Plural(f_.software.size(), "software entry", "software entries") + " (" + JoinNames(Names(f_.software)) + ")");
      if (!f_.campaigns.empty()) parts.push_back(Plural(f_.campaigns.size(), "campaign", "campaigns") + " (" + JoinNames(Names(f_.campaigns)) + ")");
      std::vector<Provenance> prov = ProvenanceOfAll(f_.groups, kMaxNamed);
      AddProvenance(prov, ProvenanceOfAll(f_.software, kMaxNamed));
      AddProvenance(prov, ProvenanceOfAll(f_.campaigns, kMaxNamed));
      Add(kNotes, "ATT&CK relationships record use of " + t_.name + " by " + JoinNames(parts) + ".", prov);
      AddNotice(kNotes, "historical_use");
    } else {
      AddNotice(kNotes, "no_usage", {self_});
    }
    std::vector<std::string> gaps;
    if (!f_.has_detection_guidance()) gaps.push_back("no official detection procedure");
    if (f_.mitigations.empty()) gaps.push_back("no mitigation");
    if (users == 0) gaps.push_back("no recorded use");
    if (!gaps.empty()) {
      std::vector<std::string> needed;
      std::vector<Provenance> prov = {self_};
      for (const MatchedRule& m : matched_) {
        for (const std::string& d : m.rule->local_data) {
          std::string text = Render(d, values_);
          if (text.empty() || std::find(needed.begin(), needed.end(), text) != needed.end() || needed.size() == 4) continue;
          needed.push_back(text);
          AddProvenance(prov, {RuleProvenance(*m.rule)});
        }
      }
      std::string text = "For " + t_.name + " the ATT&CK data provides " + JoinNames(gaps) + ", so actual risk and coverage depend on local data";
      text += needed.empty() ? std::string(".") : ": " + JoinNames(needed) + ".";
      Add(kNotes, text, prov);
    }
    AddRuleTexts(kNotes);
  }

  const Rules& rules_;
  const Facts& f_;
  const Object& t_;
  Values values_;
  bool values_clean_ = false;
  Provenance self_;
  std::vector<MatchedRule> matched_;
  std::array<Section, 6> sections_;
};

class RulesEngine final : public Engine {
 public:
  explicit RulesEngine(Rules rules) : rules_(std::move(rules)) {}

  Result<AnalystContext> Analyze(const model::ReleaseModel& model, const Object& technique,
                                 const model::ReleaseModel* previous) const override {
    if (technique.kind != model::Kind::kTechnique) {
      return Status::InvalidArgument(technique.attack_id + " is not a technique");
    }
    Facts facts = GatherFacts(model, technique, previous);
    return ContextBuilder(rules_, facts).Build();
  }

 private:
  Rules rules_;
};

}  // namespace

Result<std::unique_ptr<Engine>> LoadEngine(const std::string& rules_path) {
  GLEXIA_ASSIGN_OR_RETURN(Rules rules, LoadRulesFile(rules_path));
  return std::unique_ptr<Engine>(std::make_unique<RulesEngine>(std::move(rules)));
}

std::string DefaultRulesPath() {
  if (const char* env = std::getenv("GLEXIA_RULES"); env && *env) return env;
#ifdef GLEXIA_RULES_DEFAULT
  return GLEXIA_RULES_DEFAULT;
#else
  return "rules/analyst-context.json";
#endif
}

}  // namespace glexia::analysis
