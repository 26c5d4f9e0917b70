// The analyst context over real ATT&CK releases from GLEXIA_ATTACK_DATA.
// Expected facts are derived here from the raw bundle JSON (simdjson), never
// from the engine's own output.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "analysis/analysis.h"
#include "analysis/realdata_support.h"
#include "analysis/text.h"
#include "core/file_io.h"

namespace glexia::analysis {
namespace {

std::string AllText(const AnalystContext& c) {
  std::string out = c.summary.text + "\n";
  for (const Statement& s : c.priority.reasons) out += s.text + "\n";
  for (const Section& section : c.sections) {
    for (const Statement& s : section.statements) out += s.text + "\n";
  }
  return out;
}

std::string SectionText(const AnalystContext& c, std::string_view key) {
  std::string out;
  for (const Section& section : c.sections) {
    if (section.key != key) continue;
    for (const Statement& s : section.statements) out += s.text + "\n";
  }
  return out;
}

std::set<std::string> ProvenanceIds(const AnalystContext& c, std::string_view key = "") {
  std::set<std::string> ids;
  auto add = [&](const Statement& s) {
    for (const Provenance& p : s.provenance) ids.insert(p.id);
  };
  if (key.empty()) {
    add(c.summary);
    for (const Statement& s : c.priority.reasons) add(s);
  }
  for (const Section& section : c.sections) {
    if (!key.empty() && section.key != key) continue;
    for (const Statement& s : section.statements) add(s);
  }
  return ids;
}

void Dump(const AnalystContext& c) {
  if (!std::getenv("GLEXIA_ANALYSIS_DUMP")) return;
  std::cout << "=== " << c.technique_attack_id << " (" << c.release << ") priority " << c.priority.level << " "
            << c.priority.score << "\nSUMMARY: " << c.summary.text << "\n";
  for (const Statement& s : c.priority.reasons) std::cout << "  reason: " << s.text << "\n";
  for (const Section& section : c.sections) {
    std::cout << "## " << section.title << "\n";
    for (const Statement& s : section.statements) {
      std::cout << " - " << s.text << "  [";
      for (const Provenance& p : s.provenance) std::cout << p.kind << ":" << p.id << " ";
      std::cout << "]\n";
    }
  }
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return Lower(haystack).find(Lower(needle)) != std::string::npos;
}

// Raw-bundle facts about one technique, read independently of the model.
struct RawTechnique {
  std::string stix_id;
  std::vector<std::string> platforms, phases;
  std::vector<std::string> linked;  // T ids from attack.mitre.org/techniques links
  std::set<std::string> users;      // ATT&CK ids of groups/software/campaigns with `uses`
  std::set<std::string> mitigations, strategies;
  std::string detection;
};

RawTechnique ReadRaw(const std::string& bundle_path, const std::string& attack_id) {
  RawTechnique raw;
  Result<std::string> data = ReadInputFile(bundle_path);
  EXPECT_TRUE(data.ok());
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(*data).value();
  std::map<std::string, std::string> id_of;  // stix id → ATT&CK id
  for (simdjson::dom::element o : root["objects"].get_array()) {
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element r : refs) {
      std::string_view source, eid;
      if (r["source_name"].get_string().get(source) == simdjson::SUCCESS && source.starts_with("mitre") &&
          r["external_id"].get_string().get(eid) == simdjson::SUCCESS) {
        id_of[std::string(o["id"].get_string().value())] = std::string(eid);
        if (eid == attack_id && o["type"].get_string().value() == "attack-pattern") {
          raw.stix_id = std::string(o["id"].get_string().value());
          for (auto p : o["x_mitre_platforms"].get_array()) raw.platforms.emplace_back(p.get_string().value());
          for (auto k : o["kill_chain_phases"].get_array()) raw.phases.emplace_back(k["phase_name"].get_string().value());
          std::string_view d = o["description"].get_string().value();
          size_t pos = 0;
          while ((pos = d.find("attack.mitre.org/techniques/", pos)) != std::string_view::npos) {
            pos += 28;
            std::string id(d.substr(pos, 5));
            if (d.substr(pos + 5, 1) == "/") id += "." + std::string(d.substr(pos + 6, 3));
            raw.linked.push_back(id);
          }
          std::string_view det;
          if (o["x_mitre_detection"].get_string().get(det) == simdjson::SUCCESS) raw.detection = std::string(det);
        }
      }
    }
  }
  for (simdjson::dom::element o : root["objects"].get_array()) {
    if (o["type"].get_string().value() != "relationship") continue;
    if (o["target_ref"].get_string().value() != raw.stix_id) continue;
    std::string type(o["relationship_type"].get_string().value());
    std::string source = id_of[std::string(o["source_ref"].get_string().value())];
    if (type == "uses") raw.users.insert(source);
    if (type == "mitigates") raw.mitigations.insert(source);
    if (type == "detects" && source.starts_with("DET")) raw.strategies.insert(source);
  }
  return raw;
}

class RealDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto engine = LoadEngine(std::string(GLEXIA_SOURCE_DIR) + "/rules/analyst-context.json");
    ASSERT_TRUE(engine.ok()) << engine.status().message();
    engine_ = std::move(engine).value().release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  static Engine* engine_;
};
Engine* RealDataTest::engine_ = nullptr;

std::string Bundle(const std::string& domain, const std::string& version) {
  return std::string(GLEXIA_ATTACK_DATA) + "/" + domain + "/" + domain + "-" + version + ".json.gz";
}

// (1) The reference page's facts for T1591.002 in enterprise 18.1.
TEST_F(RealDataTest, BusinessRelationshipsCoversTheReferencePage) {
  auto model = test_support::LoadRelease("enterprise-attack", "18.1");
  ASSERT_TRUE(model.ok()) << model.status().message();
  const model::Object* t = (*model)->ByAttackId("T1591.002");
  ASSERT_NE(t, nullptr);
  RawTechnique raw = ReadRaw(Bundle("enterprise-attack", "18.1"), "T1591.002");
  ASSERT_EQ(raw.platforms, std::vector<std::string>{"PRE"});
  ASSERT_EQ(raw.phases, std::vector<std::string>{"reconnaissance"});
  ASSERT_TRUE(raw.detection.empty());

  auto ctx = engine_->Analyze(**model, *t);
  ASSERT_TRUE(ctx.ok()) << ctx.status().message();
  Dump(*ctx);
  std::set<std::string> ids = ProvenanceIds(*ctx);
  std::string all = AllText(*ctx);

  // Pre-compromise reconnaissance framing on PRE.
  EXPECT_TRUE(ids.count("TA0043"));
  EXPECT_TRUE(ids.count("PRE"));
  EXPECT_TRUE(Contains(ctx->summary.text, "pre-compromise")) << ctx->summary.text;
  EXPECT_TRUE(Contains(ctx->summary.text, "reconnaissance"));
  // Supplier-risk / exposure-management priority.
  std::string exec = SectionText(*ctx, "executive_priority");
  EXPECT_TRUE(Contains(exec, "supplier-risk")) << exec;
  EXPECT_TRUE(Contains(exec, "exposure")) << exec;
  // No official detection text, but the related strategy DET0855.
  ASSERT_EQ(raw.strategies, std::set<std::string>{"DET0855"});
  EXPECT_TRUE(ProvenanceIds(*ctx, "technical_view").count("DET0855"));
  EXPECT_TRUE(Contains(all, "Detection of Business Relationships"));
  EXPECT_TRUE(Contains(all, "no official detection"));
  // Mitigation M1056, from the mitigates relationship.
  ASSERT_TRUE(raw.mitigations.count("M1056"));
  EXPECT_TRUE(ProvenanceIds(*ctx, "mitigation_priorities").count("M1056"));
  // Sandworm Team, Dragonfly and LAPSUS$ as historical context only.
  std::string notes = SectionText(*ctx, "notes_and_limits");
  std::set<std::string> note_ids = ProvenanceIds(*ctx, "notes_and_limits");
  for (const std::string& g : raw.users) EXPECT_TRUE(note_ids.count(g)) << g;
  for (const char* name : {"Sandworm Team", "Dragonfly", "LAPSUS$"}) EXPECT_TRUE(Contains(notes, name)) << name;
  EXPECT_TRUE(Contains(notes, "historical"));
  EXPECT_TRUE(Contains(notes, "not evidence of current targeting"));
  // The follow-on paths the description names, each with provenance.
  std::set<std::string> detection_ids = ProvenanceIds(*ctx, "detection_direction");
  ASSERT_FALSE(raw.linked.empty());
  for (const std::string& linked : raw.linked) EXPECT_TRUE(detection_ids.count(linked)) << linked;
  for (const char* path : {"Phishing for Information", "Search Open Websites/Domains", "Establish Accounts",
                           "Compromise Accounts", "Supply Chain Compromise", "Drive-by Compromise", "Trusted Relationship"}) {
    EXPECT_TRUE(Contains(SectionText(*ctx, "detection_direction"), path)) << path;
  }
  // Telemetry themes.
  std::string telemetry = SectionText(*ctx, "likely_telemetry");
  for (const char* term : {"website", "social media", "third-party access", "vendor account", "procurement", "supplier",
                           "phishing", "elicitation"}) {
    EXPECT_TRUE(Contains(telemetry, term)) << term << "\n" << telemetry;
  }
  // False-positive caution.
  std::string detection = SectionText(*ctx, "detection_direction");
  for (const char* term : {"false positive", "procurement", "sales", "press", "recruiting"}) {
    EXPECT_TRUE(Contains(detection, term)) << term;
  }
}

}  // namespace
}  // namespace glexia::analysis

namespace glexia::analysis {
namespace {

std::set<std::string> RuleIdsFromFile() {
  std::set<std::string> ids;
  Result<std::string> data = ReadInputFile(std::string(GLEXIA_SOURCE_DIR) + "/rules/analyst-context.json");
  EXPECT_TRUE(data.ok());
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(*data).value();
  for (simdjson::dom::element r : root["rules"].get_array()) ids.insert("rule:" + std::string(r["id"].get_string().value()));
  for (auto n : root["notices"].get_object()) ids.insert("rule:notice." + std::string(n.key));
  return ids;
}

bool IsNotice(const Statement& s) {
  for (const Provenance& p : s.provenance) {
    if (p.id.rfind("rule:notice.", 0) == 0) return true;
  }
  return false;
}

// (2) Every technique of every release: six non-empty sections, provenance on
// every statement and resolvable in that release, no template artifacts; and
// (3) no boilerplate sentences (checked in the same pass to keep the test fast).
TEST_F(RealDataTest, EveryTechniqueOfEveryReleaseIsCompleteTraceableAndSpecific) {
  const std::set<std::string> rule_ids = RuleIdsFromFile();
  const std::set<std::string> history_ids = {"history:new-in-release", "history:changed-since-previous",
                                             "history:unchanged-since-previous"};
  std::map<std::string, std::shared_ptr<const model::ReleaseModel>> previous_of_domain;
  size_t releases = 0, techniques = 0;
  for (const auto& [domain, version] : test_support::AllReleases()) {
    auto model = test_support::LoadRelease(domain, version);
    ASSERT_TRUE(model.ok()) << model.status().message();
    const model::ReleaseModel* previous = previous_of_domain[domain].get();
    ++releases;
    std::map<std::string, std::set<std::string>> techniques_of_sentence;
    size_t active = 0;
    for (const model::Object* t : (*model)->OfKind(model::Kind::kTechnique, /*include_inactive=*/true)) {
      ++techniques;
      auto ctx = engine_->Analyze(**model, *t, previous);
      ASSERT_TRUE(ctx.ok()) << t->attack_id << ": " << ctx.status().message();
      SCOPED_TRACE(domain + " " + version + " " + t->attack_id);
      ASSERT_EQ(ctx->sections.size(), 6u);
      std::vector<const Statement*> all = {&ctx->summary};
      for (const Statement& s : ctx->priority.reasons) all.push_back(&s);
      EXPECT_FALSE(ctx->priority.level.empty());
      for (const Section& section : ctx->sections) {
        EXPECT_FALSE(section.statements.empty()) << section.key;
        EXPECT_FALSE(section.title.empty());
        for (const Statement& s : section.statements) all.push_back(&s);
      }
      if (t->active()) {
        ++active;
        for (const Statement* s : all) {
          if (IsNotice(*s)) continue;
          for (const std::string& sentence : Sentences(s->text)) techniques_of_sentence[sentence].insert(t->attack_id);
        }
      }
      for (const Statement* s : all) {
        EXPECT_FALSE(HasArtifact(s->text)) << "artifact: " << s->text;
        EXPECT_EQ(s->text.find("\n"), std::string::npos);
        ASSERT_FALSE(s->provenance.empty()) << "no provenance: " << s->text;
        for (const Provenance& p : s->provenance) {
          EXPECT_FALSE(p.id.empty());
          if (p.kind == "rule") {
            EXPECT_TRUE(rule_ids.count(p.id)) << "unknown rule " << p.id;
          } else if (p.kind == "platform") {
            EXPECT_NE(std::find(t->platforms.begin(), t->platforms.end(), p.id), t->platforms.end()) << p.id;
          } else if (p.kind == "history") {
            EXPECT_TRUE(history_ids.count(p.id)) << p.id;
            EXPECT_NE(previous, nullptr);
          } else {
            EXPECT_NE((*model)->Resolve(p.id), nullptr) << p.kind << " " << p.id << " not in release";
          }
        }
      }
      if (!t->active()) {
        EXPECT_TRUE(Contains(ctx->summary.text.substr(0, 200), t->revoked ? "is revoked" : "is deprecated"))
            << ctx->summary.text;
      }
    }
    // (3) Specific, not boilerplate: apart from the fixed notices, no sentence
    // is shared by more than 20% of the active techniques of the release.
    for (const auto& [sentence, ids] : techniques_of_sentence) {
      EXPECT_LE(ids.size(), active / 5) << domain << " " << version << ": shared by " << ids.size() << " of " << active
                                        << ": " << sentence;
    }
    previous_of_domain[domain] = *model;
  }
  EXPECT_GE(releases, 3u);
  EXPECT_GT(techniques, 1000u);
}

std::set<std::string> RawLogSourceNames(const std::string& bundle_path, const std::string& attack_id) {
  // Walks detects → strategy → analytics → log sources in the raw JSON.
  Result<std::string> data = ReadInputFile(bundle_path);
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(*data).value();
  std::map<std::string, simdjson::dom::element> by_id;
  std::string technique;
  for (simdjson::dom::element o : root["objects"].get_array()) {
    std::string id(o["id"].get_string().value());
    by_id[id] = o;
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) == simdjson::SUCCESS) {
      for (auto r : refs) {
        std::string_view eid;
        if (r["external_id"].get_string().get(eid) == simdjson::SUCCESS && eid == attack_id &&
            o["type"].get_string().value() == "attack-pattern") {
          technique = id;
        }
      }
    }
  }
  std::set<std::string> names;
  for (auto& [id, o] : by_id) {
    if (o["type"].get_string().value() != "relationship" || o["target_ref"].get_string().value() != technique) continue;
    if (o["relationship_type"].get_string().value() != "detects") continue;
    simdjson::dom::element strategy = by_id[std::string(o["source_ref"].get_string().value())];
    simdjson::dom::array analytics;
    if (strategy["x_mitre_analytic_refs"].get_array().get(analytics) != simdjson::SUCCESS) continue;
    for (auto a : analytics) {
      simdjson::dom::element analytic = by_id[std::string(a.get_string().value())];
      simdjson::dom::array ls;
      if (analytic["x_mitre_log_source_references"].get_array().get(ls) != simdjson::SUCCESS) continue;
      for (auto l : ls) names.insert(std::string(l["name"].get_string().value()));
    }
  }
  return names;
}

std::set<std::string> RawTargetAssets(const std::string& bundle_path, const std::string& attack_id) {
  RawTechnique raw = ReadRaw(bundle_path, attack_id);
  Result<std::string> data = ReadInputFile(bundle_path);
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(*data).value();
  std::set<std::string> target_refs, names;
  for (simdjson::dom::element o : root["objects"].get_array()) {
    if (o["type"].get_string().value() == "relationship" && o["source_ref"].get_string().value() == raw.stix_id &&
        o["relationship_type"].get_string().value() == "targets") {
      target_refs.insert(std::string(o["target_ref"].get_string().value()));
    }
  }
  for (simdjson::dom::element o : root["objects"].get_array()) {
    if (target_refs.count(std::string(o["id"].get_string().value()))) names.insert(std::string(o["name"].get_string().value()));
  }
  return names;
}

// (3) Specific, not boilerplate.
TEST_F(RealDataTest, TelemetryAndDetectionFollowTacticPlatformAndDomain) {
  auto enterprise = test_support::LoadRelease("enterprise-attack", "18.1");
  ASSERT_TRUE(enterprise.ok());
  // Windows credential access: process/API/authentication telemetry from its analytics.
  const model::Object* lsass = (*enterprise)->ByAttackId("T1003.001");
  ASSERT_NE(lsass, nullptr);
  auto cred = engine_->Analyze(**enterprise, *lsass);
  ASSERT_TRUE(cred.ok());
  Dump(*cred);
  std::string cred_telemetry = SectionText(*cred, "likely_telemetry");
  std::set<std::string> log_sources = RawLogSourceNames(Bundle("enterprise-attack", "18.1"), "T1003.001");
  ASSERT_FALSE(log_sources.empty());
  for (const std::string& name : log_sources) EXPECT_TRUE(Contains(cred_telemetry, name)) << name;
  for (const char* term : {"process", "API", "authentication"}) EXPECT_TRUE(Contains(cred_telemetry, term)) << term;
  bool from_analytic = false;
  for (const std::string& id : ProvenanceIds(*cred, "likely_telemetry")) from_analytic |= id.rfind("AN", 0) == 0;
  EXPECT_TRUE(from_analytic);

  // Reconnaissance: exposure-review telemetry.
  const model::Object* scanning = (*enterprise)->ByAttackId("T1595");
  ASSERT_NE(scanning, nullptr);
  auto recon = engine_->Analyze(**enterprise, *scanning);
  ASSERT_TRUE(recon.ok());
  std::string recon_telemetry = SectionText(*recon, "likely_telemetry");
  EXPECT_TRUE(Contains(recon_telemetry, "exposure review")) << recon_telemetry;
  EXPECT_FALSE(Contains(recon_telemetry, "Sysmon"));
  EXPECT_NE(SectionText(*recon, "detection_direction"), SectionText(*cred, "detection_direction"));

  // ICS: names the targeted assets and ICS data.
  auto ics = test_support::LoadRelease("ics-attack", "18.1");
  ASSERT_TRUE(ics.ok());
  auto param = engine_->Analyze(**ics, *(*ics)->ByAttackId("T0836"));
  ASSERT_TRUE(param.ok());
  Dump(*param);
  std::string ics_telemetry = SectionText(*param, "likely_telemetry");
  std::set<std::string> assets = RawTargetAssets(Bundle("ics-attack", "18.1"), "T0836");
  ASSERT_FALSE(assets.empty());
  for (const std::string& a : assets) EXPECT_TRUE(Contains(ics_telemetry, a)) << a;
  for (const char* term : {"industrial protocol", "controller"}) EXPECT_TRUE(Contains(ics_telemetry, term)) << term;

  // Mobile: mobile telemetry.
  auto mobile = test_support::LoadRelease("mobile-attack", "18.1");
  ASSERT_TRUE(mobile.ok());
  auto keylog = engine_->Analyze(**mobile, *(*mobile)->ByAttackId("T1417.001"));
  ASSERT_TRUE(keylog.ok());
  Dump(*keylog);
  std::string mobile_telemetry = SectionText(*keylog, "likely_telemetry");
  for (const char* term : {"device management", "app vetting", "Android"}) {
    EXPECT_TRUE(Contains(mobile_telemetry, term)) << term;
  }
  EXPECT_FALSE(Contains(mobile_telemetry, "Sysmon"));
}

}  // namespace
}  // namespace glexia::analysis
