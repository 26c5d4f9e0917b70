#include "analysis/testing_model.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <regex>
#include <unordered_map>

#include "core/file_io.h"
#include "stix/bundle.h"

namespace glexia::analysis::testing {
namespace {

using model::Kind;
using model::Object;
using model::Relationship;

Kind KindOf(std::string_view type) {
  if (type == "attack-pattern") return Kind::kTechnique;
  if (type == "x-mitre-tactic") return Kind::kTactic;
  if (type == "intrusion-set") return Kind::kGroup;
  if (type == "malware" || type == "tool") return Kind::kSoftware;
  if (type == "campaign") return Kind::kCampaign;
  if (type == "course-of-action") return Kind::kMitigation;
  if (type == "x-mitre-data-source") return Kind::kDataSource;
  if (type == "x-mitre-data-component") return Kind::kDataComponent;
  if (type == "x-mitre-detection-strategy") return Kind::kDetectionStrategy;
  if (type == "x-mitre-analytic") return Kind::kAnalytic;
  if (type == "x-mitre-asset") return Kind::kAsset;
  if (type == "x-mitre-matrix") return Kind::kMatrix;
  return Kind::kOther;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

class InMemoryModel final : public model::ReleaseModel {
 public:
  InMemoryModel(store::ReleaseInfo release, std::vector<Object> objects, std::vector<Relationship> rels)
      : release_(std::move(release)), objects_(std::move(objects)), rels_(std::move(rels)) {
    for (uint32_t i = 0; i < objects_.size(); ++i) {
      objects_[i].index = i;
      by_stix_[objects_[i].stix_id] = i;
      if (!objects_[i].attack_id.empty()) {
        auto [it, inserted] = by_attack_.emplace(Upper(objects_[i].attack_id), i);
        if (!inserted && !objects_[it->second].active() && objects_[i].active()) it->second = i;
      }
    }
    for (uint32_t i = 0; i < rels_.size(); ++i) {
      Relationship& r = rels_[i];
      r.index = i;
      auto s = by_stix_.find(r.source_ref), t = by_stix_.find(r.target_ref);
      r.source = s == by_stix_.end() ? model::kNoObject : s->second;
      r.target = t == by_stix_.end() ? model::kNoObject : t->second;
      r.active = !r.revoked && !r.deprecated && r.source != model::kNoObject && r.target != model::kNoObject &&
                 objects_[r.source].active() && objects_[r.target].active();
      if (r.source != model::kNoObject) out_[r.source].push_back(i);
      if (r.target != model::kNoObject) in_[r.target].push_back(i);
    }
  }

  const store::ReleaseInfo& release() const override { return release_; }
  const std::vector<Object>& objects() const override { return objects_; }
  const std::vector<Relationship>& relationships() const override { return rels_; }
  const Object* ByStixId(std::string_view id) const override {
    auto it = by_stix_.find(std::string(id));
    return it == by_stix_.end() ? nullptr : &objects_[it->second];
  }
  const Object* ByAttackId(std::string_view id) const override {
    auto it = by_attack_.find(Upper(std::string(id)));
    return it == by_attack_.end() ? nullptr : &objects_[it->second];
  }
  const Object* Resolve(std::string_view id) const override {
    const Object* o = ByStixId(id);
    return o ? o : ByAttackId(id);
  }
  const Object* Replacement(const Object& revoked) const override {
    const Object* cur = &revoked;
    for (int hops = 0; hops < 10 && cur->revoked; ++hops) {
      auto out = Outgoing(*cur, "revoked-by", true);
      if (out.empty()) return nullptr;
      cur = TargetOf(*out.front());
      if (!cur) return nullptr;
    }
    return cur == &revoked ? nullptr : cur;
  }
  std::vector<const Object*> OfKind(Kind kind, bool include_inactive) const override {
    std::vector<const Object*> out;
    for (const Object& o : objects_) {
      if (o.kind == kind && (include_inactive || o.active())) out.push_back(&o);
    }
    std::sort(out.begin(), out.end(), [](const Object* a, const Object* b) {
      return a->attack_id != b->attack_id ? a->attack_id < b->attack_id : a->name < b->name;
    });
    return out;
  }
  std::vector<const Object*> TacticsInOrder() const override { return OfKind(Kind::kTactic, false); }
  std::vector<const Object*> TacticsOf(const Object& t) const override {
    std::vector<const Object*> out;
    for (const std::string& shortname : t.tactic_shortnames) {
      for (const Object& o : objects_) {
        if (o.kind == Kind::kTactic && o.shortname == shortname && o.active()) {
          out.push_back(&o);
          break;
        }
      }
    }
    return out;
  }
  std::vector<const Object*> TechniquesOfTactic(const Object& tactic, bool subs) const override {
    std::vector<const Object*> out;
    for (const Object* t : OfKind(Kind::kTechnique, false)) {
      if ((subs || !t->is_subtechnique) && std::count(t->tactic_shortnames.begin(), t->tactic_shortnames.end(),
                                                      tactic.shortname)) {
        out.push_back(t);
      }
    }
    return out;
  }
  const Object* ParentOf(const Object& sub) const override {
    for (const Relationship* r : Outgoing(sub, "subtechnique-of", true)) return TargetOf(*r);
    return nullptr;
  }
  std::vector<const Object*> SubtechniquesOf(const Object& t) const override {
    std::vector<const Object*> out;
    for (const Relationship* r : Incoming(t, "subtechnique-of", false)) out.push_back(SourceOf(*r));
    return out;
  }
  std::vector<const Relationship*> Outgoing(const Object& o, std::string_view type, bool all) const override {
    return Collect(out_, o, type, all);
  }
  std::vector<const Relationship*> Incoming(const Object& o, std::string_view type, bool all) const override {
    return Collect(in_, o, type, all);
  }
  std::vector<const Object*> AnalyticsOf(const Object& ds) const override {
    std::vector<const Object*> out;
    for (const std::string& ref : ds.analytic_refs) {
      if (const Object* a = ByStixId(ref)) out.push_back(a);
    }
    return out;
  }
  std::vector<const Object*> StrategiesOfAnalytic(const Object& a) const override {
    std::vector<const Object*> out;
    for (const Object& o : objects_) {
      if (std::count(o.analytic_refs.begin(), o.analytic_refs.end(), a.stix_id)) out.push_back(&o);
    }
    return out;
  }
  const Object* DataSourceOf(const Object& dc) const override { return ByStixId(dc.data_source_ref); }
  std::vector<const Object*> ComponentsOf(const Object& ds) const override {
    std::vector<const Object*> out;
    for (const Object& o : objects_) {
      if (o.data_source_ref == ds.stix_id) out.push_back(&o);
    }
    return out;
  }
  std::vector<const Object*> AnalyticsUsingComponent(const Object& dc) const override {
    std::vector<const Object*> out;
    for (const Object& o : objects_) {
      for (const auto& ls : o.log_sources) {
        if (ls.data_component_ref == dc.stix_id) {
          out.push_back(&o);
          break;
        }
      }
    }
    return out;
  }
  std::vector<model::TechniqueUse> TechniquesUsedBy(const Object&) const override { return {}; }
  std::vector<const Object*> LinkedTechniques(const Object& o) const override {
    static const std::regex link(R"(attack\.mitre\.org/techniques/(T\d{4})(?:/(\d{3}))?)");
    std::vector<const Object*> out;
    for (auto it = std::sregex_iterator(o.description.begin(), o.description.end(), link);
         it != std::sregex_iterator(); ++it) {
      std::string id = (*it)[1].str();
      if ((*it)[2].matched) {
        id += '.';
        id += (*it)[2].str();
      }
      const Object* t = ByAttackId(id);
      if (t && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
    return out;
  }

 private:
  std::vector<const Relationship*> Collect(const std::unordered_map<uint32_t, std::vector<uint32_t>>& index,
                                           const Object& o, std::string_view type, bool all) const {
    std::vector<const Relationship*> out;
    auto it = index.find(o.index);
    if (it == index.end()) return out;
    for (uint32_t i : it->second) {
      const Relationship& r = rels_[i];
      if ((type.empty() || r.type == type) && (all || r.active)) out.push_back(&r);
    }
    return out;
  }

  store::ReleaseInfo release_;
  std::vector<Object> objects_;
  std::vector<Relationship> rels_;
  std::unordered_map<std::string, uint32_t> by_stix_;
  std::unordered_map<std::string, uint32_t> by_attack_;
  std::unordered_map<uint32_t, std::vector<uint32_t>> out_, in_;
};

ModelBuilder::ModelBuilder(std::string domain, std::string version) {
  release_.domain = std::move(domain);
  release_.version = std::move(version);
}

std::string ModelBuilder::Add(Object o) {
  if (o.stix_id.empty()) o.stix_id = o.type + "--" + (o.attack_id.empty() ? o.name : o.attack_id);
  if (o.domains.empty()) o.domains.push_back(release_.domain);
  std::string id = o.stix_id;
  objects_.push_back(std::move(o));
  return id;
}

void ModelBuilder::Relate(const std::string& source, const std::string& type, const std::string& target,
                          std::string description) {
  Relationship r;
  r.stix_id = "relationship--" + std::to_string(relationships_.size());
  r.type = type;
  r.source_ref = source;
  r.target_ref = target;
  r.description = std::move(description);
  relationships_.push_back(std::move(r));
}

std::shared_ptr<const model::ReleaseModel> ModelBuilder::Build() {
  return std::make_shared<InMemoryModel>(release_, objects_, relationships_);
}

namespace {

std::string Str(simdjson::dom::element e, std::string_view key) {
  std::string_view s;
  return e[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}
bool Bool(simdjson::dom::element e, std::string_view key) {
  bool b = false;
  return e[key].get_bool().get(b) == simdjson::SUCCESS && b;
}
std::vector<std::string> Strs(simdjson::dom::element e, std::string_view key) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (e[key].get_array().get(a) != simdjson::SUCCESS) return out;
  for (auto v : a) {
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const model::ReleaseModel>> LoadBundleModel(const std::string& path) {
  GLEXIA_ASSIGN_OR_RETURN(std::string data, ReadInputFile(path));
  store::ReleaseInfo info;
  stix::DomainAndReleaseFromFileName(path, &info.domain, &info.version);
  std::vector<Object> objects;
  std::vector<Relationship> rels;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array items;
  if (parser.parse(data).get(root) != simdjson::SUCCESS || root["objects"].get_array().get(items) != simdjson::SUCCESS) {
    return Status::Corruption(path + ": not a STIX bundle");
  }
  for (simdjson::dom::element e : items) {
    const std::string type = Str(e, "type"), stix_id = Str(e, "id");
    const bool revoked = Bool(e, "revoked"), deprecated = Bool(e, "x_mitre_deprecated");
    if (type == "relationship") {
      Relationship r;
      r.stix_id = stix_id;
      r.type = Str(e, "relationship_type");
      r.source_ref = Str(e, "source_ref");
      r.target_ref = Str(e, "target_ref");
      r.description = Str(e, "description");
      r.revoked = revoked;
      r.deprecated = deprecated;
      rels.push_back(std::move(r));
      continue;
    }
    Object o;
    o.kind = KindOf(type);
    o.type = type;
    o.stix_id = stix_id;
    simdjson::dom::array refs;
    if (e["external_references"].get_array().get(refs) == simdjson::SUCCESS) {
      for (auto ref : refs) {
        if (stix::IsAttackSourceName(Str(ref, "source_name")) && o.attack_id.empty()) o.attack_id = Str(ref, "external_id");
      }
    }
    o.name = Str(e, "name");
    o.description = Str(e, "description");
    o.platforms = Strs(e, "x_mitre_platforms");
    o.domains = Strs(e, "x_mitre_domains");
    o.version = Str(e, "x_mitre_version");
    o.modified = Str(e, "modified");
    o.revoked = revoked;
    o.deprecated = deprecated;
    // Stand-in for the raw hash: equal content gives an equal value.
    o.sha256 = std::to_string(std::hash<std::string>{}(simdjson::minify(e)));
    o.is_subtechnique = Bool(e, "x_mitre_is_subtechnique");
    simdjson::dom::array phases;
    if (e["kill_chain_phases"].get_array().get(phases) == simdjson::SUCCESS) {
      for (auto p : phases) o.tactic_shortnames.push_back(Str(p, "phase_name"));
    }
    o.detection_text = Str(e, "x_mitre_detection");
    o.data_sources = Strs(e, "x_mitre_data_sources");
    o.permissions_required = Strs(e, "x_mitre_permissions_required");
    o.effective_permissions = Strs(e, "x_mitre_effective_permissions");
    o.system_requirements = Strs(e, "x_mitre_system_requirements");
    o.defense_bypassed = Strs(e, "x_mitre_defense_bypassed");
    o.impact_type = Strs(e, "x_mitre_impact_type");
    o.shortname = Str(e, "x_mitre_shortname");
    o.data_source_ref = Str(e, "x_mitre_data_source_ref");
    o.analytic_refs = Strs(e, "x_mitre_analytic_refs");
    simdjson::dom::array lsr;
    if (e["x_mitre_log_source_references"].get_array().get(lsr) == simdjson::SUCCESS) {
      for (auto l : lsr) {
        o.log_sources.push_back({Str(l, "x_mitre_data_component_ref"), Str(l, "name"), Str(l, "channel")});
      }
    }
    objects.push_back(std::move(o));
  }
  return std::shared_ptr<const model::ReleaseModel>(
      std::make_shared<InMemoryModel>(std::move(info), std::move(objects), std::move(rels)));
}

}  // namespace glexia::analysis::testing
