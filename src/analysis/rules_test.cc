// Rules file validation: the shipped file loads, and malformed rules fail with
// messages that name the file, the rule and the problem.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <set>

#include "analysis/analysis.h"
#include "analysis/rules.h"
#include "core/file_io.h"

namespace glexia::analysis {
namespace {

const char* kMinimal = R"({
  "format": 1,
  "vocabulary": {"tactics": [{"id": "TA0043", "shortname": "reconnaissance", "domain": "enterprise-attack"}],
                 "platforms": ["PRE"]},
  "scoring": {"levels": [{"level": "high", "min_score": 5}, {"level": "moderate", "min_score": 0}]},
  "notices": {"historical_use": "a", "no_usage": "b", "no_detection": "c", "no_mitigation": "d",
              "revoked": "e", "deprecated": "f", "empty_section": "g"},
  "rules": [RULES]
})";

std::string WithRules(const std::string& rules) {
  std::string json = kMinimal;
  json.replace(json.find("RULES"), 5, rules);
  return json;
}

std::string ErrorOf(const std::string& rules) {
  Result<Rules> r = ParseRules(WithRules(rules), "test-rules.json");
  EXPECT_FALSE(r.ok()) << "expected an error for " << rules;
  return r.ok() ? std::string() : r.status().message();
}

TEST(RulesTest, MinimalFileLoads) {
  Result<Rules> r = ParseRules(WithRules(R"({"id": "a", "match": {"tactics": ["TA0043"]},
      "sections": {"likely_telemetry": ["Public web content about {technique}"]}})"), "x.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->rules.size(), 1u);
  EXPECT_EQ(r->rules[0].sections[SectionIndex("likely_telemetry")].size(), 1u);
}

TEST(RulesTest, UnknownFieldNamesFileRuleAndField) {
  std::string msg = ErrorOf(R"({"id": "tactic.recon", "match": {"tactics": ["TA0043"]}, "telemtry": []})");
  EXPECT_NE(msg.find("test-rules.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("tactic.recon"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rules[0]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown field 'telemtry'"), std::string::npos) << msg;
}

TEST(RulesTest, UnknownMatchFieldAndSection) {
  EXPECT_NE(ErrorOf(R"({"id": "a", "match": {"tactic": ["TA0043"]}})").find("unknown field 'tactic'"), std::string::npos);
  std::string msg = ErrorOf(R"({"id": "a", "match": {"tactics": ["TA0043"]}, "sections": {"telemetry": ["x"]}})");
  EXPECT_NE(msg.find("unknown section 'telemetry'"), std::string::npos) << msg;
}

TEST(RulesTest, BadReferences) {
  std::string msg = ErrorOf(R"({"id": "a", "match": {"tactics": ["TA9999"]}})");
  EXPECT_NE(msg.find("unknown tactic 'TA9999'"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"tactics": ["recon"]}})");
  EXPECT_NE(msg.find("unknown tactic 'recon'"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"platforms": ["Windows"]}})");
  EXPECT_NE(msg.find("unknown platform 'Windows'"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"linked_techniques": ["T11"]}})");
  EXPECT_NE(msg.find("bad technique reference 'T11'"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"domains": ["cloud-attack"]}})");
  EXPECT_NE(msg.find("unknown domain 'cloud-attack'"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"tactics": ["TA0043"]}, "framing": "{technique} by {group}"})");
  EXPECT_NE(msg.find("unknown placeholder '{group}'"), std::string::npos) << msg;
}

TEST(RulesTest, DuplicateId) {
  std::string msg = ErrorOf(R"({"id": "dup", "match": {"tactics": ["TA0043"]}},
                               {"id": "dup", "match": {"platforms": ["PRE"]}})");
  EXPECT_NE(msg.find("rule 'dup' (rules[1])"), std::string::npos) << msg;
  EXPECT_NE(msg.find("duplicate id"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rules[0]"), std::string::npos) << msg;
}

TEST(RulesTest, WrongTypesAndTextArtifacts) {
  std::string msg = ErrorOf(R"({"id": "a", "match": {"tactics": "TA0043"}})");
  EXPECT_NE(msg.find("'tactics' must be an array of strings"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"tactics": ["TA0043"]}, "stage_points": "high"})");
  EXPECT_NE(msg.find("'stage_points' must be an integer"), std::string::npos) << msg;
  msg = ErrorOf(R"({"id": "a", "match": {"tactics": ["TA0043"]}, "sections": {"technical_view": ["Double  space"]}})");
  EXPECT_NE(msg.find("doubled spaces"), std::string::npos) << msg;
  msg = ErrorOf(R"({"match": {"tactics": ["TA0043"]}})");
  EXPECT_NE(msg.find("missing 'id'"), std::string::npos) << msg;
}

TEST(RulesTest, BrokenJsonAndMissingFile) {
  Result<Rules> r = ParseRules("{\"format\": 1,", "broken.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("broken.json"), std::string::npos);
  EXPECT_NE(r.status().message().find("not valid JSON"), std::string::npos);
  auto engine = LoadEngine("/nonexistent/rules.json");
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.status().message().find("/nonexistent/rules.json"), std::string::npos);
}

TEST(RulesTest, BadScoringIsRejected) {
  std::string json = WithRules(R"({"id": "a", "match": {"tactics": ["TA0043"]}})");
  json.replace(json.find("\"high\""), 6, "\"severe\"");
  Result<Rules> r = ParseRules(json, "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown priority level 'severe'"), std::string::npos);
}

// The shipped file loads and covers every tactic and platform found in the
// reference bundles (walked here with simdjson, independently of the engine).
TEST(RulesTest, ShippedRulesCoverEveryTacticAndPlatformInTheData) {
  Result<Rules> rules = LoadRulesFile(std::string(GLEXIA_SOURCE_DIR) + "/rules/analyst-context.json");
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  std::set<std::string> tactic_rules, platform_rules;
  for (const Rule& r : rules->rules) {
    for (const std::string& t : r.match.tactics) tactic_rules.insert(t);
    for (const std::string& p : r.match.platforms) platform_rules.insert(p);
  }
  simdjson::dom::parser parser;
  size_t bundles = 0;
  std::set<std::string> tactics_seen, platforms_seen;
  for (const char* domain : {"enterprise-attack", "mobile-attack", "ics-attack"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(GLEXIA_ATTACK_DATA) + "/" + domain)) {
      Result<std::string> data = ReadInputFile(entry.path().string());
      ASSERT_TRUE(data.ok());
      simdjson::dom::element root;
      ASSERT_EQ(parser.parse(*data).get(root), simdjson::SUCCESS);
      ++bundles;
      for (simdjson::dom::element o : root["objects"].get_array()) {
        std::string_view type = o["type"].get_string().value_unsafe();
        if (type == "x-mitre-tactic") {
          for (simdjson::dom::element ref : o["external_references"].get_array()) {
            std::string_view id;
            if (ref["external_id"].get_string().get(id) == simdjson::SUCCESS) tactics_seen.insert(std::string(id));
          }
        } else if (type == "attack-pattern") {
          simdjson::dom::array platforms;
          if (o["x_mitre_platforms"].get_array().get(platforms) != simdjson::SUCCESS) continue;
          for (simdjson::dom::element p : platforms) platforms_seen.insert(std::string(p.get_string().value_unsafe()));
        }
      }
    }
  }
  EXPECT_GE(bundles, 3u);
  EXPECT_GE(tactics_seen.size(), 40u);
  for (const std::string& t : tactics_seen) EXPECT_TRUE(tactic_rules.count(t)) << "no rule for tactic " << t;
  for (const std::string& p : platforms_seen) EXPECT_TRUE(platform_rules.count(p)) << "no rule for platform " << p;
}

}  // namespace
}  // namespace glexia::analysis
