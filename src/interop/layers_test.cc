// Navigator layers for real releases, validated against the layer format 4.5
// definition (written here from the published spec, not from layers.cc) and
// against technique sets derived from the raw bundle.
#include "interop/layers.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <regex>

#include "interop/routes.h"
#include "interop/test_bundle.h"
#include "server/http.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace glexia::interop {
namespace {

using testing::RawBundle;

const std::string kData = GLEXIA_ATTACK_DATA;

std::string Str(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view v;
  return e.get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string("<not a string>");
}

// ---- Layer format 4.5 validator (from the spec's property tables) ----------

using Errors = std::vector<std::string>;

bool IsString(simdjson::dom::element e) { return e.is_string(); }
bool IsNumber(simdjson::dom::element e) { return e.is_int64() || e.is_uint64() || e.is_double(); }

void CheckMetadataList(simdjson::dom::element list, const std::string& where, Errors* errors) {
  simdjson::dom::array array;
  if (list.get_array().get(array) != simdjson::SUCCESS) {
    errors->push_back(where + ": metadata is not an array");
    return;
  }
  for (auto item : array) {
    simdjson::dom::object o;
    if (item.get_object().get(o) != simdjson::SUCCESS) {
      errors->push_back(where + ": metadata item is not an object");
      continue;
    }
    simdjson::dom::element divider;
    if (o["divider"].get(divider) == simdjson::SUCCESS) {
      if (!divider.is_bool()) errors->push_back(where + ": divider is not boolean");
      continue;
    }
    simdjson::dom::element name, value;
    if (o["name"].get(name) != simdjson::SUCCESS || !IsString(name)) errors->push_back(where + ": metadata name");
    if (o["value"].get(value) != simdjson::SUCCESS || !IsString(value)) errors->push_back(where + ": metadata value");
  }
}

void CheckLinkList(simdjson::dom::element list, const std::string& where, Errors* errors) {
  simdjson::dom::array array;
  if (list.get_array().get(array) != simdjson::SUCCESS) {
    errors->push_back(where + ": links is not an array");
    return;
  }
  for (auto item : array) {
    simdjson::dom::element divider;
    if (item["divider"].get(divider) == simdjson::SUCCESS) {
      if (!divider.is_bool()) errors->push_back(where + ": divider is not boolean");
      continue;
    }
    std::string_view label, url;
    if (item["label"].get_string().get(label) != simdjson::SUCCESS) errors->push_back(where + ": link label");
    if (item["url"].get_string().get(url) != simdjson::SUCCESS) {
      errors->push_back(where + ": link url");
    } else if (static const std::regex kProtocol("^[a-zA-Z][a-zA-Z0-9+.-]*://");
               !std::regex_search(std::string(url), kProtocol)) {
      errors->push_back(where + ": link url lacks a protocol: " + std::string(url));
    }
  }
}

Errors ValidateLayer45(const std::string& json) {
  Errors errors;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) return {"not JSON"};
  simdjson::dom::object layer;
  if (doc.get_object().get(layer) != simdjson::SUCCESS) return {"not an object"};
  auto field = [&](const char* key, simdjson::dom::element* out) { return layer[key].get(*out) == simdjson::SUCCESS; };
  simdjson::dom::element e;
  // Required.
  if (!field("name", &e) || !IsString(e)) errors.push_back("name: required string");
  if (!field("domain", &e) || !IsString(e)) {
    errors.push_back("domain: required string");
  } else {
    std::string_view d = e.get_string().value();
    if (d != "enterprise-attack" && d != "mobile-attack" && d != "ics-attack") errors.push_back("domain: bad value");
  }
  // versions: navigator and layer required inside; layer must be "4.5".
  if (field("versions", &e)) {
    std::string_view v;
    if (!e.is_object()) errors.push_back("versions: not an object");
    if (e["layer"].get_string().get(v) != simdjson::SUCCESS || v != "4.5") errors.push_back("versions.layer != 4.5");
    if (e["navigator"].get_string().get(v) != simdjson::SUCCESS) errors.push_back("versions.navigator: string");
    simdjson::dom::element attack;
    if (e["attack"].get(attack) == simdjson::SUCCESS && !IsString(attack)) errors.push_back("versions.attack: string");
  }
  if (field("description", &e) && !IsString(e)) errors.push_back("description: string");
  if (field("customDataURL", &e) && !IsString(e)) errors.push_back("customDataURL: string");
  if (field("filters", &e)) {
    simdjson::dom::array platforms;
    if (e["platforms"].error() == simdjson::SUCCESS) {
      if (e["platforms"].get_array().get(platforms) != simdjson::SUCCESS) {
        errors.push_back("filters.platforms: array");
      } else {
        for (auto p : platforms) {
          if (!IsString(p)) errors.push_back("filters.platforms: strings");
        }
      }
    }
  }
  if (field("sorting", &e)) {
    int64_t s = -1;
    if (e.get_int64().get(s) != simdjson::SUCCESS || s < 0 || s > 3) errors.push_back("sorting: 0..3");
  }
  if (field("layout", &e)) {
    std::string_view v;
    if (e["layout"].get_string().get(v) == simdjson::SUCCESS && v != "side" && v != "flat" && v != "mini") {
      errors.push_back("layout.layout: side|flat|mini");
    }
    for (const char* b : {"showID", "showName", "showAggregateScores", "countUnscored"}) {
      simdjson::dom::element x;
      if (e[b].get(x) == simdjson::SUCCESS && !x.is_bool()) errors.push_back(std::string("layout.") + b + ": boolean");
    }
    if (e["aggregateFunction"].get_string().get(v) == simdjson::SUCCESS && v != "average" && v != "min" &&
        v != "max" && v != "sum") {
      errors.push_back("layout.aggregateFunction");
    }
    if (e["expandedSubtechniques"].get_string().get(v) == simdjson::SUCCESS && v != "none" && v != "all" &&
        v != "annotated") {
      errors.push_back("layout.expandedSubtechniques");
    }
  }
  for (const char* b : {"hideDisabled", "showTacticRowBackground", "selectTechniquesAcrossTactics",
                        "selectSubtechniquesWithParent", "selectVisibleTechniques"}) {
    if (field(b, &e) && !e.is_bool()) errors.push_back(std::string(b) + ": boolean");
  }
  if (field("tacticRowBackground", &e) && !IsString(e)) errors.push_back("tacticRowBackground: string");
  if (field("techniques", &e)) {
    simdjson::dom::array techniques;
    if (e.get_array().get(techniques) != simdjson::SUCCESS) {
      errors.push_back("techniques: array");
    } else {
      static const std::regex id_pattern("^T[0-9]{4}(\\.[0-9]{3})?$");
      for (auto t : techniques) {
        std::string_view id;
        if (t["techniqueID"].get_string().get(id) != simdjson::SUCCESS) {
          errors.push_back("technique without techniqueID");
          continue;
        }
        std::string where = "technique " + std::string(id);
        if (!std::regex_match(std::string(id), id_pattern)) errors.push_back(where + ": bad ID format");
        simdjson::dom::element x;
        if (t["tactic"].get(x) == simdjson::SUCCESS && !IsString(x)) errors.push_back(where + ": tactic string");
        if (t["comment"].get(x) == simdjson::SUCCESS && !IsString(x)) errors.push_back(where + ": comment string");
        if (t["enabled"].get(x) == simdjson::SUCCESS && !x.is_bool()) errors.push_back(where + ": enabled bool");
        if (t["score"].get(x) == simdjson::SUCCESS && !IsNumber(x)) errors.push_back(where + ": score number");
        if (t["color"].get(x) == simdjson::SUCCESS && !IsString(x)) errors.push_back(where + ": color string");
        if (t["showSubtechniques"].get(x) == simdjson::SUCCESS && !x.is_bool()) {
          errors.push_back(where + ": showSubtechniques bool");
        }
        if (t["metadata"].get(x) == simdjson::SUCCESS) CheckMetadataList(x, where, &errors);
        if (t["links"].get(x) == simdjson::SUCCESS) CheckLinkList(x, where, &errors);
      }
    }
  }
  if (field("gradient", &e)) {
    simdjson::dom::array colors;
    if (e["colors"].get_array().get(colors) != simdjson::SUCCESS || colors.size() < 2) {
      errors.push_back("gradient.colors: at least two");
    } else {
      for (auto c : colors) {
        if (!IsString(c)) errors.push_back("gradient.colors: strings");
      }
    }
    double lo = 0, hi = 0;
    simdjson::dom::element x;
    if (e["minValue"].get(x) != simdjson::SUCCESS || !IsNumber(x)) errors.push_back("gradient.minValue");
    else lo = x.get_double().value();
    if (e["maxValue"].get(x) != simdjson::SUCCESS || !IsNumber(x)) errors.push_back("gradient.maxValue");
    else hi = x.get_double().value();
    if (!(hi > lo)) errors.push_back("gradient: maxValue must exceed minValue");
  }
  if (field("legendItems", &e)) {
    simdjson::dom::array items;
    if (e.get_array().get(items) != simdjson::SUCCESS) {
      errors.push_back("legendItems: array");
    } else {
      for (auto item : items) {
        std::string_view v;
        if (item["label"].get_string().get(v) != simdjson::SUCCESS) errors.push_back("legendItems.label");
        if (item["color"].get_string().get(v) != simdjson::SUCCESS) errors.push_back("legendItems.color");
      }
    }
  }
  if (field("metadata", &e)) CheckMetadataList(e, "layer", &errors);
  if (field("links", &e)) CheckLinkList(e, "layer", &errors);
  return errors;
}

// ---- fixtures ---------------------------------------------------------------

struct LayerFacts {
  std::string attack_version, domain;
  std::map<std::string, simdjson::dom::element> entries;  // techniqueID → entry (last one)
  std::vector<std::string> ids;
  std::string tactic_of_all;  // tactic when every entry has the same one
};

class LayersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = std::string(GLEXIA_TEST_WORK) + "/interop-layers";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = store::OpenSqliteStore(dir + "/store.db");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = opened->release();
    for (const char* file : {"enterprise-attack/enterprise-attack-18.1.json.gz", "ics-attack/ics-attack-18.1.json.gz"}) {
      auto bundle = stix::ReadBundle(kData + "/" + file);
      ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
      ASSERT_TRUE(store_->Import(*bundle, {}).ok());
    }
    models_ = new model::ModelCache(*store_, 4);
    raw_ = new RawBundle(testing::ReadRawBundle(kData + "/enterprise-attack/enterprise-attack-18.1.json.gz"));
    auto m = models_->Get("enterprise-attack", "18.1");
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    model_ = new std::shared_ptr<const model::ReleaseModel>(*m);
    app_ = new server::App();
    app_->store = store_;
    app_->models = models_;
    app_->public_base_url = "http://glexia.test:8080";
    router_ = new server::Router();
    RegisterRoutes(*router_, *app_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete app_;
    delete model_;
    delete raw_;
    delete models_;
    delete store_;
  }
  static const model::ReleaseModel& M() { return **model_; }

  static LayerFacts Facts(simdjson::dom::parser& parser, const std::string& json) {
    LayerFacts f;
    simdjson::dom::element doc = parser.parse(json);
    f.attack_version = std::string(std::string_view(doc["versions"]["attack"]));
    f.domain = std::string(std::string_view(doc["domain"]));
    bool first = true;
    for (auto t : doc["techniques"].get_array()) {
      std::string id = Str(t["techniqueID"]);
      f.ids.push_back(id);
      f.entries[id] = t;
      std::string_view tactic;
      std::string tac = t["tactic"].get_string().get(tactic) == simdjson::SUCCESS ? std::string(tactic) : "";
      if (first) f.tactic_of_all = tac;
      else if (f.tactic_of_all != tac) f.tactic_of_all = "<mixed>";
      first = false;
    }
    return f;
  }

  static server::Response Get(const std::string& target) {
    server::Request req;
    req.method = "GET";
    req.target = target;
    return router_->Dispatch(req);
  }

  static store::Store* store_;
  static model::ModelCache* models_;
  static RawBundle* raw_;
  static std::shared_ptr<const model::ReleaseModel>* model_;
  static server::App* app_;
  static server::Router* router_;
};

store::Store* LayersTest::store_ = nullptr;
model::ModelCache* LayersTest::models_ = nullptr;
RawBundle* LayersTest::raw_ = nullptr;
std::shared_ptr<const model::ReleaseModel>* LayersTest::model_ = nullptr;
server::App* LayersTest::app_ = nullptr;
server::Router* LayersTest::router_ = nullptr;

TEST_F(LayersTest, ValidatorRejectsBrokenLayers) {
  EXPECT_TRUE(ValidateLayer45(R"({"name":"x","domain":"enterprise-attack","versions":{"navigator":"5.1.0","layer":"4.5"}})").empty());
  EXPECT_FALSE(ValidateLayer45(R"({"domain":"enterprise-attack"})").empty());
  EXPECT_FALSE(ValidateLayer45(R"({"name":"x","domain":"enterprise"})").empty());
  EXPECT_FALSE(ValidateLayer45(R"({"name":"x","domain":"ics-attack","versions":{"navigator":"5","layer":"4.4"}})").empty());
  EXPECT_FALSE(ValidateLayer45(R"({"name":"x","domain":"ics-attack","techniques":[{"techniqueID":"T1","score":"1"}]})").empty());
  EXPECT_FALSE(ValidateLayer45(R"({"name":"x","domain":"ics-attack","techniques":[{"techniqueID":"T1001","links":[{"label":"a","url":"/x"}]}]})").empty());
  EXPECT_FALSE(ValidateLayer45(R"({"name":"x","domain":"ics-attack","gradient":{"colors":["#fff"],"minValue":0,"maxValue":1}})").empty());
}

TEST_F(LayersTest, EveryEnterpriseGroupLayerIsValidAndHoldsTheGroupsTechniques) {
  simdjson::dom::parser parser;
  size_t groups = 0;
  for (const auto& raw : raw_->objects) {
    if (raw.type != "intrusion-set" || !raw.active) continue;
    ++groups;
    const model::Object* group = M().ByStixId(raw.id);
    ASSERT_NE(group, nullptr) << raw.id;
    auto layer = ActorLayer(M(), *group, {"http://glexia.test"});
    ASSERT_TRUE(layer.ok()) << layer.status().ToString();
    Errors errors = ValidateLayer45(layer->json);
    EXPECT_TRUE(errors.empty()) << raw.attack_id << ": " << errors.front();
    LayerFacts f = Facts(parser, layer->json);
    EXPECT_EQ(f.attack_version, "18.1");
    EXPECT_EQ(f.domain, "enterprise-attack");
    std::set<std::string> ids(f.ids.begin(), f.ids.end());
    EXPECT_EQ(ids.size(), f.ids.size()) << raw.attack_id << ": a technique listed twice";
    EXPECT_EQ(ids, raw_->TechniquesUsedBy(raw.id)) << raw.attack_id;
    EXPECT_EQ(layer->file_name, raw.attack_id + "-enterprise-attack-18.1.json");
  }
  EXPECT_EQ(groups, 187u - 0u - std::count_if(raw_->objects.begin(), raw_->objects.end(), [](const auto& o) {
                      return o.type == "intrusion-set" && !o.active;
                    }));
}

TEST_F(LayersTest, ScoreAndColourTellHowATechniqueIsUsed) {
  // G0034 (Sandworm Team) uses techniques directly, via software and via campaigns.
  const model::Object* g = M().ByAttackId("G0034");
  ASSERT_NE(g, nullptr);
  auto layer = ActorLayer(M(), *g, {});
  ASSERT_TRUE(layer.ok());
  simdjson::dom::parser parser;
  LayerFacts f = Facts(parser, layer->json);
  std::set<std::string> direct, via_sw, via_c;
  for (const std::string& t : raw_->TargetsOf(g->stix_id, "uses", {"attack-pattern"})) direct.insert(raw_->Find(t)->attack_id);
  for (const std::string& s : raw_->TargetsOf(g->stix_id, "uses", {"malware", "tool"})) {
    for (const std::string& t : raw_->TargetsOf(s, "uses", {"attack-pattern"})) via_sw.insert(raw_->Find(t)->attack_id);
  }
  std::set<std::string> campaigns;
  for (const auto& r : raw_->relationships) {
    if (r.active && r.type == "attributed-to" && r.target == g->stix_id) campaigns.insert(r.source);
  }
  for (const std::string& c : campaigns) {
    for (const std::string& t : raw_->TargetsOf(c, "uses", {"attack-pattern"})) via_c.insert(raw_->Find(t)->attack_id);
    for (const std::string& s : raw_->TargetsOf(c, "uses", {"malware", "tool"})) {
      for (const std::string& t : raw_->TargetsOf(s, "uses", {"attack-pattern"})) via_c.insert(raw_->Find(t)->attack_id);
    }
  }
  ASSERT_FALSE(direct.empty());
  ASSERT_FALSE(via_sw.empty());
  ASSERT_FALSE(via_c.empty());
  for (const auto& [id, entry] : f.entries) {
    int64_t expected = (direct.count(id) ? 1 : 0) + (via_sw.count(id) ? 1 : 0) + (via_c.count(id) ? 1 : 0);
    EXPECT_EQ(int64_t(entry["score"]), expected) << id;
    std::string how = Str(entry["metadata"].at(0)["value"]);
    EXPECT_EQ(how.find("direct") != std::string::npos, direct.count(id) == 1) << id << " " << how;
    EXPECT_EQ(how.find("via-software") != std::string::npos, via_sw.count(id) == 1) << id << " " << how;
    EXPECT_EQ(how.find("via-campaign") != std::string::npos, via_c.count(id) == 1) << id << " " << how;
    std::string_view url = entry["links"].at(0)["url"];
    EXPECT_EQ(url, "http://127.0.0.1:8080/techniques/" + id + "?release=18.1&domain=enterprise-attack");
  }
  // Procedure text of direct uses is in the comment.
  const auto* t1 = &*std::find_if(raw_->relationships.begin(), raw_->relationships.end(), [&](const auto& r) {
    return r.active && r.type == "uses" && r.source == g->stix_id && raw_->Find(r.target)->type == "attack-pattern";
  });
  const model::Relationship* rel = nullptr;
  for (const auto& r : M().relationships()) {
    if (r.stix_id == t1->id) rel = &r;
  }
  ASSERT_NE(rel, nullptr);
  std::string_view comment = f.entries.at(raw_->Find(t1->target)->attack_id)["comment"];
  EXPECT_NE(comment.find(rel->description), std::string_view::npos);
}

TEST_F(LayersTest, SoftwareAndCampaignLayers) {
  simdjson::dom::parser parser;
  for (const char* id : {"S0002", "C0028"}) {  // Mimikatz; 2015 Ukraine Electric Power Attack
    const model::Object* o = M().ByAttackId(id);
    ASSERT_NE(o, nullptr) << id;
    auto layer = ActorLayer(M(), *o, {});
    ASSERT_TRUE(layer.ok());
    EXPECT_TRUE(ValidateLayer45(layer->json).empty());
    LayerFacts f = Facts(parser, layer->json);
    EXPECT_EQ(std::set<std::string>(f.ids.begin(), f.ids.end()), raw_->TechniquesUsedBy(o->stix_id)) << id;
    EXPECT_FALSE(f.ids.empty());
  }
  const model::Object* tactic = M().ByAttackId("TA0043");
  EXPECT_FALSE(ActorLayer(M(), *tactic, {}).ok());
}

TEST_F(LayersTest, TacticAndPlatformLayers) {
  simdjson::dom::parser parser;
  const model::Object* recon = M().ByAttackId("TA0043");
  ASSERT_NE(recon, nullptr);
  auto layer = TacticLayer(M(), *recon, {});
  ASSERT_TRUE(layer.ok());
  EXPECT_TRUE(ValidateLayer45(layer->json).empty());
  LayerFacts f = Facts(parser, layer->json);
  std::set<std::string> expected;
  for (const auto& o : raw_->objects) {
    if (o.type == "attack-pattern" && o.active &&
        std::find(o.phases.begin(), o.phases.end(), "reconnaissance") != o.phases.end()) {
      expected.insert(o.attack_id);
    }
  }
  EXPECT_EQ(std::set<std::string>(f.ids.begin(), f.ids.end()), expected);
  EXPECT_EQ(f.tactic_of_all, "reconnaissance");

  layer = PlatformLayer(M(), "linux", {});
  ASSERT_TRUE(layer.ok());
  EXPECT_TRUE(ValidateLayer45(layer->json).empty());
  f = Facts(parser, layer->json);
  expected.clear();
  for (const auto& o : raw_->objects) {
    if (o.type == "attack-pattern" && o.active &&
        std::find(o.platforms.begin(), o.platforms.end(), "Linux") != o.platforms.end()) {
      expected.insert(o.attack_id);
    }
  }
  EXPECT_EQ(std::set<std::string>(f.ids.begin(), f.ids.end()), expected);
  EXPECT_EQ(PlatformLayer(M(), "Amiga", {}).status().code(), StatusCode::kNotFound);
}

TEST_F(LayersTest, OverlapScoresCountTheGroups) {
  std::vector<const model::Object*> groups = {M().ByAttackId("G0034"), M().ByAttackId("G0035"), M().ByAttackId("G0007")};
  auto layer = OverlapLayer(M(), groups, {});
  ASSERT_TRUE(layer.ok());
  EXPECT_TRUE(ValidateLayer45(layer->json).empty());
  simdjson::dom::parser parser;
  LayerFacts f = Facts(parser, layer->json);
  std::map<std::string, int64_t> expected;
  for (const model::Object* g : groups) {
    for (const std::string& t : raw_->TechniquesUsedBy(g->stix_id)) ++expected[t];
  }
  std::map<std::string, int64_t> got;
  for (const auto& [id, entry] : f.entries) got[id] = int64_t(entry["score"]);
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(std::any_of(got.begin(), got.end(), [](const auto& kv) { return kv.second == 3; }));
}

TEST_F(LayersTest, IcsLayersCarryTheirDomainAndVersion) {
  auto ics = models_->Get("ics-attack", "");
  ASSERT_TRUE(ics.ok());
  for (const model::Object* g : (*ics)->OfKind(model::Kind::kGroup)) {
    auto layer = ActorLayer(**ics, *g, {});
    ASSERT_TRUE(layer.ok());
    EXPECT_TRUE(ValidateLayer45(layer->json).empty()) << g->attack_id;
    simdjson::dom::parser parser;
    LayerFacts f = Facts(parser, layer->json);
    EXPECT_EQ(f.domain, "ics-attack");
    EXPECT_EQ(f.attack_version, "18.1");
  }
}

TEST_F(LayersTest, ApiRoutesServeLayersAsDownloads) {
  server::Response r = Get("/api/v1/layers/groups/G0034?release=18.1&domain=enterprise-attack");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  bool attachment = false;
  for (const auto& [name, value] : r.headers) {
    if (name == "Content-Disposition") {
      attachment = value == "attachment; filename=\"G0034-enterprise-attack-18.1.json\"";
    }
  }
  EXPECT_TRUE(attachment);
  EXPECT_TRUE(ValidateLayer45(r.body).empty());
  EXPECT_NE(r.body.find("http://glexia.test:8080/groups/G0034?release=18.1"), std::string::npos);

  for (const char* ok : {"/api/v1/layers/software/S0002", "/api/v1/layers/campaigns/C0028",
                         "/api/v1/layers/platform/Windows", "/api/v1/layers/tactic/TA0043",
                         "/api/v1/layers/tactic/reconnaissance", "/api/v1/layers/overlap?groups=G0034,G0035",
                         "/api/v1/layers/groups/G0034?release=latest", "/api/v1/layers/groups/G1000?domain=ics-attack"}) {
    server::Response x = Get(ok);
    EXPECT_EQ(x.status, 200) << ok << " " << x.body.substr(0, 200);
    EXPECT_TRUE(ValidateLayer45(x.body).empty()) << ok;
  }
  EXPECT_EQ(Get("/api/v1/layers/groups/G9999").status, 404);
  EXPECT_EQ(Get("/api/v1/layers/groups/S0002").status, 404);  // software, not a group
  EXPECT_EQ(Get("/api/v1/layers/groups/G0034?release=1.0").status, 404);
  EXPECT_EQ(Get("/api/v1/layers/groups/G0034?domain=nowhere").status, 400);
  EXPECT_EQ(Get("/api/v1/layers/overlap").status, 400);
  EXPECT_EQ(Get("/api/v1/layers/tactic/nope").status, 404);
  EXPECT_EQ(Get("/api/v1/layers/platform/Amiga").status, 404);
}

}  // namespace
}  // namespace glexia::interop
