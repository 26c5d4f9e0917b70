#include "analysis/facts.h"

#include <algorithm>

#include "analysis/text.h"

namespace glexia::analysis {
namespace {

using model::Kind;
using model::Object;

template <typename T>
void AddUnique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

bool HasTactic(const model::ReleaseModel& model, const Object& technique, std::string_view shortname) {
  for (const Object* tactic : model.TacticsOf(technique)) {
    if (tactic->shortname == shortname) return true;
  }
  return std::find(technique.tactic_shortnames.begin(), technique.tactic_shortnames.end(), shortname) !=
         technique.tactic_shortnames.end();
}

ComponentUse& ComponentEntry(Facts& f, const Object* component, const std::string& name) {
  for (ComponentUse& use : f.components) {
    if ((component && use.component == component) || (!component && !use.component && use.name == name)) return use;
  }
  f.components.push_back(ComponentUse{component, name, {}, {}, {}});
  return f.components.back();
}

}  // namespace

Provenance ProvenanceOf(const Object& o) {
  std::string kind;
  switch (o.kind) {
    case Kind::kTechnique: kind = "technique"; break;
    case Kind::kTactic: kind = "tactic"; break;
    case Kind::kGroup: kind = "group"; break;
    case Kind::kSoftware: kind = "software"; break;
    case Kind::kCampaign: kind = "campaign"; break;
    case Kind::kMitigation: kind = "mitigation"; break;
    case Kind::kDataSource: kind = "data-source"; break;
    case Kind::kDataComponent: kind = "data-component"; break;
    case Kind::kDetectionStrategy: kind = "detection-strategy"; break;
    case Kind::kAnalytic: kind = "analytic"; break;
    case Kind::kAsset: kind = "asset"; break;
    default: kind = o.type; break;
  }
  return Provenance{kind, o.attack_id.empty() ? o.stix_id : o.attack_id, o.name};
}

Facts GatherFacts(const model::ReleaseModel& model, const Object& t, const model::ReleaseModel* previous) {
  Facts f;
  f.model = &model;
  f.technique = &t;
  if (t.is_subtechnique) f.parent = model.ParentOf(t);
  if (t.revoked) f.replacement = model.Replacement(t);
  f.tactics = model.TacticsOf(t);
  for (const std::string& p : t.platforms) {
    if (p != "None") f.platforms.push_back(p);
  }
  const bool all = !t.active();  // a retired technique's own relationships are retired too

  std::string detection = t.detection_text;
  for (const model::Relationship* r : model.Incoming(t, "detects", all)) {
    const Object* source = model.SourceOf(*r);
    if (!source) continue;
    if (source->kind == Kind::kDetectionStrategy) {
      AddUnique(f.strategies, source);
      detection += " " + source->name;
      for (const Object* analytic : model.AnalyticsOf(*source)) {
        AddUnique(f.analytics, analytic);
        detection += " " + analytic->description;
        for (const model::LogSourceReference& ls : analytic->log_sources) {
          const Object* component = model.ByStixId(ls.data_component_ref);
          if (!component) continue;
          f.analytics_have_log_sources = true;
          ComponentUse& use = ComponentEntry(f, component, component->name);
          std::string channel = ls.name;
          if (!ls.channel.empty() && ls.channel != "None") channel += " " + ls.channel;
          if (!channel.empty() && channel != "None") AddUnique(use.channels, channel);
          AddUnique(use.analytics, analytic);
          for (const std::string& p : analytic->platforms) {
            if (p != "None") AddUnique(use.platforms, p);
          }
        }
      }
    } else if (source->kind == Kind::kDataComponent) {
      f.component_detects.emplace_back(source, r);
      detection += " " + r->description;
      ComponentEntry(f, source, source->name);
    }
  }
  // Pre-18 "Source: Component" strings not already covered by a relationship.
  for (const std::string& ds : t.data_sources) {
    size_t colon = ds.find(": ");
    std::string name = colon == std::string::npos ? ds : ds.substr(colon + 2);
    bool covered = std::any_of(f.components.begin(), f.components.end(),
                               [&](const ComponentUse& u) { return u.name == name; });
    if (!covered) ComponentEntry(f, nullptr, name);
  }
  // Cues are matched against the raw Markdown: link texts and prose are both in it.
  f.detection_lower = Lower(detection);

  for (const model::Relationship* r : model.Incoming(t, "mitigates", all)) {
    const Object* m = model.SourceOf(*r);
    if (m && m->kind == Kind::kMitigation) f.mitigations.emplace_back(m, r);
  }
  std::sort(f.mitigations.begin(), f.mitigations.end(),
            [](const auto& a, const auto& b) { return a.first->attack_id < b.first->attack_id; });
  for (const model::Relationship* r : model.Incoming(t, "uses", all)) {
    const Object* user = model.SourceOf(*r);
    if (!user) continue;
    if (user->kind == Kind::kGroup) AddUnique(f.groups, user);
    if (user->kind == Kind::kSoftware) AddUnique(f.software, user);
    if (user->kind == Kind::kCampaign) AddUnique(f.campaigns, user);
  }
  auto by_id = [](const Object* a, const Object* b) { return a->attack_id < b->attack_id; };
  std::sort(f.groups.begin(), f.groups.end(), by_id);
  std::sort(f.software.begin(), f.software.end(), by_id);
  std::sort(f.campaigns.begin(), f.campaigns.end(), by_id);

  for (const Object* linked : model.LinkedTechniques(t)) {
    if (linked == &t || linked == f.parent || linked->kind != Kind::kTechnique) continue;
    AddUnique(f.linked, linked);
    if (HasTactic(model, *linked, "initial-access")) AddUnique(f.linked_initial_access, linked);
    if (HasTactic(model, *linked, "impact")) AddUnique(f.linked_impact, linked);
  }
  for (const model::Relationship* r : model.Outgoing(t, "targets", all)) {
    const Object* asset = model.TargetOf(*r);
    if (asset && asset->kind == Kind::kAsset) AddUnique(f.assets, asset);
  }
  std::sort(f.assets.begin(), f.assets.end(), by_id);
  f.description_lower = Lower(t.name + " " + t.description);

  if (previous) {
    f.previous_release = previous->release().version;
    const Object* before = previous->ByStixId(t.stix_id);
    f.previous_version = before;
    if (!before) {
      f.history = HistoryState::kNew;
    } else if ((!before->sha256.empty() && before->sha256 != t.sha256) || before->modified != t.modified) {
      f.history = HistoryState::kChanged;
    } else {
      f.history = HistoryState::kUnchanged;
    }
  }
  return f;
}

std::vector<Provenance> MatchRule(const Rule& rule, const Facts& f, const Rules& rules) {
  const Match& m = rule.match;
  const Object& t = *f.technique;
  std::vector<Provenance> why;
  bool any_condition = false;
  auto fail = [&]() { return std::vector<Provenance>{}; };

  if (!m.domains.empty()) {
    any_condition = true;
    bool hit = std::any_of(t.domains.begin(), t.domains.end(), [&](const std::string& d) {
      return std::find(m.domains.begin(), m.domains.end(), d) != m.domains.end();
    });
    if (!hit && !(t.domains.empty() && std::find(m.domains.begin(), m.domains.end(), f.model->release().domain) !=
                                           m.domains.end())) {
      return fail();
    }
  }
  if (!m.tactics.empty()) {
    any_condition = true;
    bool hit = false;
    const std::string& domain = f.model->release().domain;
    for (const Object* tactic : f.tactics) {
      for (const std::string& want : m.tactics) {
        bool same = want == tactic->attack_id || want == tactic->shortname || want == domain + ":" + tactic->shortname;
        // A TA id names one domain's tactic; a shortname alone spans domains, so
        // check it is a tactic of this domain in the vocabulary.
        if (same && want.find(':') == std::string::npos && want != tactic->attack_id) {
          same = std::any_of(rules.tactics.begin(), rules.tactics.end(), [&](const TacticRef& r) {
            return r.shortname == want && r.domain == domain;
          });
        }
        if (same) {
          hit = true;
          why.push_back(ProvenanceOf(*tactic));
          break;
        }
      }
    }
    if (!hit) return fail();
  }
  if (!m.platforms.empty()) {
    any_condition = true;
    bool hit = false;
    for (const std::string& p : t.platforms) {
      if (std::find(m.platforms.begin(), m.platforms.end(), p) != m.platforms.end()) {
        hit = true;
        why.push_back(Provenance{"platform", p, p});
      }
    }
    if (!hit) return fail();
  }
  if (!m.data_components.empty()) {
    any_condition = true;
    bool hit = false;
    for (const ComponentUse& use : f.components) {
      for (const std::string& want : m.data_components) {
        if (want == use.name || (use.component && want == use.component->attack_id)) {
          hit = true;
          why.push_back(use.component ? ProvenanceOf(*use.component)
                                      : Provenance{"technique", t.attack_id, "x_mitre_data_sources: " + use.name});
          break;
        }
      }
    }
    if (!hit) return fail();
  }
  if (!m.linked_techniques.empty()) {
    any_condition = true;
    bool hit = false;
    for (const Object* linked : f.linked) {
      for (const std::string& want : m.linked_techniques) {
        if (linked->attack_id == want || linked->attack_id.rfind(want + ".", 0) == 0) {
          hit = true;
          why.push_back(ProvenanceOf(*linked));
          break;
        }
      }
    }
    if (!hit) return fail();
  }
  if (!m.description_cues.empty()) {
    any_condition = true;
    std::vector<std::string> found;
    for (const std::string& cue : m.description_cues) {
      if (ContainsCue(f.description_lower, cue)) found.push_back(cue);
    }
    if (found.empty()) return fail();
    why.push_back(Provenance{"technique", t.attack_id, "description mentions " + JoinNames(found)});
  }
  if (!m.detection_cues.empty()) {
    any_condition = true;
    std::vector<std::string> found;
    for (const std::string& cue : m.detection_cues) {
      if (ContainsCue(f.detection_lower, cue)) found.push_back(cue);
    }
    if (found.empty()) return fail();
    // The cue came from the technique's own detection text or its strategies.
    if (!f.strategies.empty()) {
      why.push_back(ProvenanceOf(*f.strategies.front()));
    } else {
      why.push_back(Provenance{"technique", t.attack_id, "detection text mentions " + JoinNames(found)});
    }
  }
  if (!m.assets.empty()) {
    any_condition = true;
    bool hit = false;
    for (const Object* asset : f.assets) {
      for (const std::string& want : m.assets) {
        if (want == asset->attack_id || want == asset->name) {
          hit = true;
          why.push_back(ProvenanceOf(*asset));
          break;
        }
      }
    }
    if (!hit) return fail();
  }
  if (!any_condition) return fail();
  if (why.empty()) why.push_back(Provenance{"technique", t.attack_id, t.name});  // domain-only rule
  return why;
}

}  // namespace glexia::analysis
