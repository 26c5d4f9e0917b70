// Engine behaviour on hand-built model objects: honest limits, retirement,
// history, provenance and the absence of template artifacts.
#include <gtest/gtest.h>

#include "analysis/analysis.h"
#include "analysis/testing_model.h"
#include "analysis/text.h"

namespace glexia::analysis {
namespace {

using model::Kind;
using model::Object;

std::unique_ptr<Engine> ShippedEngine() {
  auto engine = LoadEngine(std::string(GLEXIA_SOURCE_DIR) + "/rules/analyst-context.json");
  EXPECT_TRUE(engine.ok()) << engine.status().message();
  return engine.ok() ? std::move(engine).value() : nullptr;
}

Object Make(Kind kind, std::string type, std::string attack_id, std::string name) {
  Object o;
  o.kind = kind;
  o.type = std::move(type);
  o.attack_id = std::move(attack_id);
  o.name = std::move(name);
  return o;
}

std::string AllText(const AnalystContext& c) {
  std::string out = c.summary.text + "\n";
  for (const Statement& s : c.priority.reasons) out += s.text + "\n";
  for (const Section& section : c.sections) {
    for (const Statement& s : section.statements) out += s.text + "\n";
  }
  return out;
}

const Section& SectionOf(const AnalystContext& c, std::string_view key) {
  for (const Section& s : c.sections) {
    if (s.key == key) return s;
  }
  static Section none;
  ADD_FAILURE() << "no section " << key;
  return none;
}

bool HasProvenance(const AnalystContext& c, std::string_view kind, std::string_view id) {
  auto in = [&](const Statement& s) {
    for (const Provenance& p : s.provenance) {
      if (p.kind == kind && p.id == id) return true;
    }
    return false;
  };
  if (in(c.summary)) return true;
  for (const Statement& s : c.priority.reasons) {
    if (in(s)) return true;
  }
  for (const Section& section : c.sections) {
    for (const Statement& s : section.statements) {
      if (in(s)) return true;
    }
  }
  return false;
}

// A small enterprise release: one credential-access technique on Windows with
// an 18.x detection chain, one mitigation and one group; one bare technique.
struct Fixture {
  std::shared_ptr<const model::ReleaseModel> model;
  std::shared_ptr<const model::ReleaseModel> previous;
};

Fixture BuildFixture(bool bare_revoked = false) {
  testing::ModelBuilder b("enterprise-attack", "18.1");
  Object tactic = Make(Kind::kTactic, "x-mitre-tactic", "TA0006", "Credential Access");
  tactic.shortname = "credential-access";
  tactic.description = "The adversary is trying to steal account names and passwords.";
  b.Add(tactic);
  Object t = Make(Kind::kTechnique, "attack-pattern", "T9001", "Vault Scraping");
  t.tactic_shortnames = {"credential-access"};
  t.platforms = {"Windows"};
  t.description = "Adversaries may scrape the vault.(Citation: X) See [Trusted Relationship](https://attack.mitre.org/techniques/T1199).";
  t.permissions_required = {"Administrator"};
  t.modified = "2025-10-01T00:00:00.000Z";
  t.sha256 = "new";
  std::string tid = b.Add(t);
  Object trusted = Make(Kind::kTechnique, "attack-pattern", "T1199", "Trusted Relationship");
  trusted.tactic_shortnames = {"initial-access"};
  Object ia = Make(Kind::kTactic, "x-mitre-tactic", "TA0001", "Initial Access");
  ia.shortname = "initial-access";
  b.Add(ia);
  b.Add(trusted);
  Object dc = Make(Kind::kDataComponent, "x-mitre-data-component", "DC0035", "Process Access");
  std::string dcid = b.Add(dc);
  Object an = Make(Kind::kAnalytic, "x-mitre-analytic", "AN9001", "Analytic 9001");
  an.platforms = {"Windows"};
  an.description = "A process opens the vault with full access rights.";
  an.log_sources = {{dcid, "WinEventLog:Sysmon", "EventCode=10"}};
  std::string anid = b.Add(an);
  Object det = Make(Kind::kDetectionStrategy, "x-mitre-detection-strategy", "DET9001", "Detection of Vault Scraping");
  det.analytic_refs = {anid};
  std::string detid = b.Add(det);
  b.Relate(detid, "detects", tid);
  std::string mid = b.Add(Make(Kind::kMitigation, "course-of-action", "M1043", "Credential Access Protection"));
  b.Relate(mid, "mitigates", tid, "Enable Credential Guard.(Citation: MS)");
  std::string gid = b.Add(Make(Kind::kGroup, "intrusion-set", "G0034", "Sandworm Team"));
  b.Relate(gid, "uses", tid, "Sandworm Team scraped the vault.");

  Object bare = Make(Kind::kTechnique, "attack-pattern", "T9002", "Quiet Thing");
  bare.tactic_shortnames = {"credential-access"};
  bare.platforms = {"Windows"};
  bare.description = "Adversaries may do a quiet thing.";
  bare.revoked = bare_revoked;
  b.Add(bare);

  testing::ModelBuilder p("enterprise-attack", "18.0");
  Object old = t;
  old.modified = "2024-01-01T00:00:00.000Z";
  old.sha256 = "old";
  p.Add(tactic);
  p.Add(old);
  return {b.Build(), p.Build()};
}

TEST(EngineTest, UsesEveryFactWithProvenance) {
  auto engine = ShippedEngine();
  ASSERT_TRUE(engine);
  Fixture f = BuildFixture();
  auto ctx = engine->Analyze(*f.model, *f.model->ByAttackId("T9001"), f.previous.get());
  ASSERT_TRUE(ctx.ok()) << ctx.status().message();
  EXPECT_EQ(ctx->sections.size(), 6u);
  EXPECT_TRUE(HasProvenance(*ctx, "tactic", "TA0006"));
  EXPECT_TRUE(HasProvenance(*ctx, "detection-strategy", "DET9001"));
  EXPECT_TRUE(HasProvenance(*ctx, "analytic", "AN9001"));
  EXPECT_TRUE(HasProvenance(*ctx, "data-component", "DC0035"));
  EXPECT_TRUE(HasProvenance(*ctx, "mitigation", "M1043"));
  EXPECT_TRUE(HasProvenance(*ctx, "group", "G0034"));
  EXPECT_TRUE(HasProvenance(*ctx, "technique", "T1199"));
  EXPECT_TRUE(HasProvenance(*ctx, "platform", "Windows"));
  EXPECT_TRUE(HasProvenance(*ctx, "rule", "rule:tactic.enterprise.credential-access"));
  EXPECT_TRUE(HasProvenance(*ctx, "history", "history:changed-since-previous"));
  std::string text = AllText(*ctx);
  EXPECT_NE(text.find("WinEventLog:Sysmon EventCode=10"), std::string::npos) << text;
  EXPECT_NE(text.find("Administrator"), std::string::npos);
  EXPECT_NE(text.find("Credential Guard"), std::string::npos);
  EXPECT_EQ(text.find("Citation"), std::string::npos);
  EXPECT_NE(text.find("not evidence of current targeting"), std::string::npos);
  // Follow-on path to initial access (T1199) is a documented priority signal.
  bool initial_access_reason = false;
  for (const Statement& r : ctx->priority.reasons) {
    for (const Provenance& p : r.provenance) initial_access_reason |= p.id == "T1199";
  }
  EXPECT_TRUE(initial_access_reason);
  for (const Section& s : ctx->sections) {
    ASSERT_FALSE(s.statements.empty()) << s.key;
    for (const Statement& st : s.statements) {
      EXPECT_FALSE(st.provenance.empty()) << st.text;
      EXPECT_FALSE(HasArtifact(st.text)) << st.text;
    }
  }
}

TEST(EngineTest, SaysPlainlyWhenAttackIsSilent) {
  auto engine = ShippedEngine();
  ASSERT_TRUE(engine);
  Fixture f = BuildFixture();
  auto ctx = engine->Analyze(*f.model, *f.model->ByAttackId("T9002"), f.previous.get());
  ASSERT_TRUE(ctx.ok());
  EXPECT_TRUE(HasProvenance(*ctx, "rule", "rule:notice.no_detection"));
  EXPECT_TRUE(HasProvenance(*ctx, "rule", "rule:notice.no_mitigation"));
  EXPECT_TRUE(HasProvenance(*ctx, "rule", "rule:notice.no_usage"));
  EXPECT_TRUE(HasProvenance(*ctx, "history", "history:new-in-release"));
  // What local data is needed is named in the limits.
  std::string notes;
  for (const Statement& s : SectionOf(*ctx, "notes_and_limits").statements) notes += s.text;
  EXPECT_NE(notes.find("local data"), std::string::npos) << notes;
  EXPECT_NE(notes.find("authentication logs"), std::string::npos) << notes;
}

TEST(EngineTest, RevokedTechniqueSaysSoFirst) {
  auto engine = ShippedEngine();
  ASSERT_TRUE(engine);
  Fixture f = BuildFixture(/*bare_revoked=*/true);
  auto ctx = engine->Analyze(*f.model, *f.model->ByAttackId("T9002"), nullptr);
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->summary.text.find("Quiet Thing (T9002) is revoked"), 0u) << ctx->summary.text;
  EXPECT_EQ(SectionOf(*ctx, "notes_and_limits").statements.front().provenance.front().id, "rule:notice.revoked");
  EXPECT_EQ(ctx->priority.level, "moderate");
}

TEST(EngineTest, RejectsNonTechnique) {
  auto engine = ShippedEngine();
  ASSERT_TRUE(engine);
  Fixture f = BuildFixture();
  EXPECT_FALSE(engine->Analyze(*f.model, *f.model->ByAttackId("G0034")).ok());
}

TEST(EngineTest, JsonCarriesProvenance) {
  auto engine = ShippedEngine();
  ASSERT_TRUE(engine);
  Fixture f = BuildFixture();
  auto ctx = engine->Analyze(*f.model, *f.model->ByAttackId("T9001"));
  ASSERT_TRUE(ctx.ok());
  std::string json = ToJson(*ctx);
  EXPECT_NE(json.find("\"technique\":\"T9001\""), std::string::npos);
  EXPECT_NE(json.find("\"key\":\"likely_telemetry\""), std::string::npos);
  EXPECT_NE(json.find("\"kind\":\"detection-strategy\",\"id\":\"DET9001\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"level\":"), std::string::npos);
}

TEST(EngineTest, EditedRulesNeedNoRecompile) {
  // GLEXIA_RULES points the default path elsewhere at run time.
  setenv("GLEXIA_RULES", "/tmp/glexia-other-rules.json", 1);
  EXPECT_EQ(DefaultRulesPath(), "/tmp/glexia-other-rules.json");
  unsetenv("GLEXIA_RULES");
  EXPECT_NE(DefaultRulesPath().find("rules/analyst-context.json"), std::string::npos);
}

}  // namespace
}  // namespace glexia::analysis
