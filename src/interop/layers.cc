#include "interop/layers.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/json_writer.h"

namespace glexia::interop {
namespace {

using model::Kind;
using model::Object;

constexpr std::string_view kDefaultBase = "http://127.0.0.1:8080";
constexpr std::string_view kDirectColor = "#e6550d";
constexpr std::string_view kSoftwareColor = "#fdae6b";
constexpr std::string_view kCampaignColor = "#9ecae1";
constexpr std::string_view kPlainColor = "#66b1ff";

struct Link {
  std::string label;
  std::string url;
};

struct Meta {
  std::string name;
  std::string value;
};

struct Entry {
  const Object* technique = nullptr;
  std::string tactic;  // shortname; empty = every tactic of the technique
  int score = 1;
  std::string color;
  std::string comment;
  std::vector<Meta> metadata;
  std::vector<Link> links;
  bool show_subtechniques = false;
};

struct LegendItem {
  std::string label;
  std::string color;
};

struct LayerSpec {
  std::string name;
  std::string description;
  std::vector<std::string> platforms;  // filter; empty = every platform of the release
  std::vector<Entry> entries;
  int max_score = 1;
  std::vector<LegendItem> legend;
  std::vector<Meta> metadata;
  std::vector<Link> links;
};

std::string Base(const LayerOptions& options) {
  std::string base = options.base_url.empty() ? std::string(kDefaultBase) : options.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string PageUrl(const LayerOptions& options, const model::ReleaseModel& model, const Object& object) {
  std::string path = object.attack_id.empty()
                         ? "/objects/" + object.stix_id
                         : "/" + std::string(model::KindPathSegment(object.kind)) + "/" + object.attack_id;
  const auto& rel = model.release();
  return Base(options) + path + "?release=" + rel.version + "&domain=" + rel.domain;
}

std::string Label(const Object& o) { return o.attack_id.empty() ? o.name : o.attack_id + " " + o.name; }

// Every platform of the release's active techniques, sorted.
std::vector<std::string> ReleasePlatforms(const model::ReleaseModel& model) {
  std::set<std::string> all;
  for (const Object* t : model.OfKind(Kind::kTechnique)) all.insert(t->platforms.begin(), t->platforms.end());
  return {all.begin(), all.end()};
}

// Parents in the layer whose sub-techniques are too start expanded.
void MarkParents(const model::ReleaseModel& model, std::vector<Entry>& entries) {
  std::set<const Object*> parents_with_children;
  for (const Entry& e : entries) {
    if (!e.technique->is_subtechnique) continue;
    if (const Object* parent = model.ParentOf(*e.technique)) parents_with_children.insert(parent);
  }
  for (Entry& e : entries) e.show_subtechniques = parents_with_children.count(e.technique) > 0;
}

std::string Serialize(const model::ReleaseModel& model, const LayerSpec& spec) {
  const auto& rel = model.release();
  JsonWriter w;
  auto write_meta = [&](const std::vector<Meta>& metadata) {
    w.Key("metadata").BeginArray();
    for (const Meta& m : metadata) w.BeginObject().Field("name", m.name).Field("value", m.value).EndObject();
    w.EndArray();
  };
  auto write_links = [&](const std::vector<Link>& links) {
    w.Key("links").BeginArray();
    for (const Link& l : links) w.BeginObject().Field("label", l.label).Field("url", l.url).EndObject();
    w.EndArray();
  };
  w.BeginObject();
  w.Field("name", spec.name);
  w.Key("versions").BeginObject()
      .Field("attack", rel.version)
      .Field("navigator", kNavigatorVersion)
      .Field("layer", kLayerFormatVersion)
      .EndObject();
  w.Field("domain", rel.domain);
  w.Field("description", spec.description);
  w.Key("filters").BeginObject();
  w.StringArray("platforms", spec.platforms.empty() ? ReleasePlatforms(model) : spec.platforms);
  w.EndObject();
  w.Key("sorting").Int(3);  // descending score
  w.Key("layout").BeginObject()
      .Field("layout", "side")
      .Field("aggregateFunction", "average")
      .Field("showID", true)
      .Field("showName", true)
      .Field("showAggregateScores", false)
      .Field("countUnscored", false)
      .Field("expandedSubtechniques", "annotated")
      .EndObject();
  w.Field("hideDisabled", false);
  w.Key("techniques").BeginArray();
  for (const Entry& e : spec.entries) {
    w.BeginObject().Field("techniqueID", e.technique->attack_id);
    if (!e.tactic.empty()) w.Field("tactic", e.tactic);
    w.Key("score").Int(e.score);
    if (!e.color.empty()) w.Field("color", e.color);
    w.Field("comment", e.comment).Field("enabled", true);
    write_meta(e.metadata);
    write_links(e.links);
    w.Field("showSubtechniques", e.show_subtechniques);
    w.EndObject();
  }
  w.EndArray();
  w.Key("gradient").BeginObject();
  w.Key("colors").BeginArray().String("#ffffff").String("#ff6666").EndArray();
  w.Key("minValue").Int(0).Key("maxValue").Int(std::max(spec.max_score, 1));
  w.EndObject();
  w.Key("legendItems").BeginArray();
  for (const LegendItem& item : spec.legend) w.BeginObject().Field("label", item.label).Field("color", item.color).EndObject();
  w.EndArray();
  write_meta(spec.metadata);
  write_links(spec.links);
  w.Field("showTacticRowBackground", false);
  w.Field("tacticRowBackground", "#dddddd");
  w.Field("selectTechniquesAcrossTactics", true);
  w.Field("selectSubtechniquesWithParent", false);
  w.Field("selectVisibleTechniques", false);
  w.EndObject();
  return w.Take();
}

std::vector<Meta> ReleaseMetadata(const model::ReleaseModel& model) {
  const auto& rel = model.release();
  return {{"generated by", "Glexia"}, {"release", rel.domain + " " + rel.version}};
}

Layer Finish(const model::ReleaseModel& model, LayerSpec spec, const std::string& file_stem) {
  MarkParents(model, spec.entries);
  const auto& rel = model.release();
  return Layer{file_stem + "-" + rel.domain + "-" + rel.version + ".json", Serialize(model, spec)};
}

std::string JoinLabels(const std::vector<const Object*>& objects) {
  std::string out;
  for (const Object* o : objects) out += (out.empty() ? "" : ", ") + Label(*o);
  return out;
}

}  // namespace

Result<Layer> ActorLayer(const model::ReleaseModel& model, const Object& actor, const LayerOptions& options) {
  if (actor.kind != Kind::kGroup && actor.kind != Kind::kSoftware && actor.kind != Kind::kCampaign) {
    return Status::InvalidArgument(Label(actor) + " is a " + std::string(model::KindLabel(actor.kind)) +
                                   ", not a group, software or campaign");
  }
  LayerSpec spec;
  spec.name = Label(actor) + " (" + std::string(model::KindLabel(actor.kind)) + ")";
  spec.description = "Techniques used by " + Label(actor) + " in " + model.release().domain + " " +
                     model.release().version + "; colour shows how: directly, through its software, or through "
                     "campaigns attributed to it. Score = the number of ways.";
  spec.max_score = 3;
  spec.legend = {{"used directly", std::string(kDirectColor)}};
  if (actor.kind != Kind::kSoftware) spec.legend.push_back({"used via software", std::string(kSoftwareColor)});
  if (actor.kind == Kind::kGroup) spec.legend.push_back({"used via a campaign", std::string(kCampaignColor)});
  spec.metadata = ReleaseMetadata(model);
  spec.metadata.push_back({std::string(model::KindLabel(actor.kind)), Label(actor)});
  spec.links = {{"Glexia: " + Label(actor), PageUrl(options, model, actor)}};

  for (const model::TechniqueUse& use : model.TechniquesUsedBy(actor)) {
    if (use.technique == nullptr || use.technique->attack_id.empty()) continue;
    Entry e;
    e.technique = use.technique;
    e.score = static_cast<int>(use.how.size());
    e.color = std::string(use.direct.empty() ? (use.via_software.empty() ? kCampaignColor : kSoftwareColor)
                                             : kDirectColor);
    std::string how;
    for (model::UseHow h : use.how) how += (how.empty() ? "" : ", ") + std::string(model::UseHowName(h));
    e.metadata.push_back({"how", how});
    for (const model::Relationship* r : use.direct) {
      if (r->description.empty()) continue;
      e.comment += (e.comment.empty() ? "" : "\n\n") + r->description;
    }
    if (!use.via_software.empty()) {
      e.metadata.push_back({"via software", JoinLabels(use.via_software)});
      e.comment += (e.comment.empty() ? "" : "\n\n") + std::string("Via software: ") + JoinLabels(use.via_software);
    }
    if (!use.via_campaigns.empty()) {
      e.metadata.push_back({"via campaigns", JoinLabels(use.via_campaigns)});
      e.comment += (e.comment.empty() ? "" : "\n\n") + std::string("Via campaigns: ") + JoinLabels(use.via_campaigns);
    }
    e.links.push_back({"Glexia: " + Label(*use.technique), PageUrl(options, model, *use.technique)});
    for (const Object* s : use.via_software) e.links.push_back({"Glexia: " + Label(*s), PageUrl(options, model, *s)});
    for (const Object* c : use.via_campaigns) e.links.push_back({"Glexia: " + Label(*c), PageUrl(options, model, *c)});
    spec.entries.push_back(std::move(e));
  }
  return Finish(model, std::move(spec), actor.attack_id.empty() ? actor.stix_id : actor.attack_id);
}

Result<Layer> PlatformLayer(const model::ReleaseModel& model, std::string_view platform, const LayerOptions& options) {
  auto same = [&](const std::string& p) {
    return p.size() == platform.size() &&
           std::equal(p.begin(), p.end(), platform.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  };
  LayerSpec spec;
  std::string canonical;
  for (const Object* t : model.OfKind(Kind::kTechnique)) {
    auto it = std::find_if(t->platforms.begin(), t->platforms.end(), same);
    if (it == t->platforms.end() || t->attack_id.empty()) continue;
    canonical = *it;
    Entry e;
    e.technique = t;
    e.color = std::string(kPlainColor);
    e.links.push_back({"Glexia: " + Label(*t), PageUrl(options, model, *t)});
    spec.entries.push_back(std::move(e));
  }
  if (spec.entries.empty()) {
    return Status::NotFound("no technique of " + model.release().domain + " " + model.release().version +
                            " is for platform '" + std::string(platform) + "'");
  }
  spec.name = canonical + " techniques";
  spec.description = "Techniques of " + model.release().domain + " " + model.release().version + " for " + canonical + ".";
  spec.platforms = {canonical};
  spec.legend = {{canonical, std::string(kPlainColor)}};
  spec.metadata = ReleaseMetadata(model);
  spec.metadata.push_back({"platform", canonical});
  std::string stem = canonical;
  for (char& c : stem) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return Finish(model, std::move(spec), "platform-" + stem);
}

Result<Layer> TacticLayer(const model::ReleaseModel& model, const Object& tactic, const LayerOptions& options) {
  if (tactic.kind != Kind::kTactic) {
    return Status::InvalidArgument(Label(tactic) + " is not a tactic");
  }
  LayerSpec spec;
  spec.name = Label(tactic) + " (Tactic)";
  spec.description = "Techniques of the tactic " + Label(tactic) + " in " + model.release().domain + " " +
                     model.release().version + ".";
  spec.legend = {{tactic.name, std::string(kPlainColor)}};
  spec.metadata = ReleaseMetadata(model);
  spec.metadata.push_back({"tactic", Label(tactic)});
  spec.links = {{"Glexia: " + Label(tactic), PageUrl(options, model, tactic)}};
  for (const Object* t : model.TechniquesOfTactic(tactic, true)) {
    if (t->attack_id.empty()) continue;
    Entry e;
    e.technique = t;
    e.tactic = tactic.shortname;
    e.color = std::string(kPlainColor);
    e.links.push_back({"Glexia: " + Label(*t), PageUrl(options, model, *t)});
    spec.entries.push_back(std::move(e));
  }
  return Finish(model, std::move(spec), tactic.attack_id.empty() ? tactic.shortname : tactic.attack_id);
}

Result<Layer> OverlapLayer(const model::ReleaseModel& model, const std::vector<const Object*>& groups,
                           const LayerOptions& options) {
  if (groups.empty()) return Status::InvalidArgument("an overlap layer needs at least one group");
  for (const Object* g : groups) {
    if (g->kind != Kind::kGroup) return Status::InvalidArgument(Label(*g) + " is not a group");
  }
  std::map<const Object*, std::vector<const Object*>> users;  // technique → groups
  std::vector<const Object*> order;
  for (const Object* g : groups) {
    for (const model::TechniqueUse& use : model.TechniquesUsedBy(*g)) {
      if (use.technique == nullptr || use.technique->attack_id.empty()) continue;
      auto& list = users[use.technique];
      if (list.empty()) order.push_back(use.technique);
      if (std::find(list.begin(), list.end(), g) == list.end()) list.push_back(g);
    }
  }
  LayerSpec spec;
  std::string names = JoinLabels(groups);
  spec.name = "Overlap: " + names;
  spec.description = "Techniques used by " + names + " (directly, via software or via campaigns); score = how many "
                     "of these groups use the technique.";
  spec.max_score = static_cast<int>(groups.size());
  spec.metadata = ReleaseMetadata(model);
  for (const Object* g : groups) {
    spec.metadata.push_back({"group", Label(*g)});
    spec.links.push_back({"Glexia: " + Label(*g), PageUrl(options, model, *g)});
  }
  for (const Object* t : order) {
    const auto& list = users[t];
    Entry e;
    e.technique = t;
    e.score = static_cast<int>(list.size());
    e.comment = "Used by " + JoinLabels(list);
    e.metadata.push_back({"used by", JoinLabels(list)});
    e.links.push_back({"Glexia: " + Label(*t), PageUrl(options, model, *t)});
    spec.entries.push_back(std::move(e));
  }
  std::string stem = "overlap";
  for (const Object* g : groups) stem += "-" + (g->attack_id.empty() ? g->stix_id : g->attack_id);
  return Finish(model, std::move(spec), stem);
}

}  // namespace glexia::interop
