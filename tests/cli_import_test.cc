// The import-side CLI, run as a user would: exit codes, messages, and the raw
// bytes' hash agreeing with the hash glexia reports.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "core/sha256.h"
#include "store/test_util.h"

namespace {

struct Outcome {
  int exit_code;
  std::string out;
};

// Runs glexia with `args` (shell words), capturing stdout; stderr joins stdout.
Outcome Glexia(const std::string& db, const std::string& args) {
  std::string cmd = std::string(GLEXIA_BINARY) + " --db '" + db + "' " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

const std::string kData = GLEXIA_ATTACK_DATA;

TEST(CliImport, ImportRawHashReleasesAndErrors) {
  std::string db = glexia::store::ScratchPath("cli", "cli.db");
  Outcome first = Glexia(db, "import " + kData + "/ics-attack/ics-attack-18.1.json.gz " + kData +
                             "/mobile-attack/mobile-attack-18.1.json.gz");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(first.out.find("ics-attack 18.1"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("mobile-attack 18.1"), std::string::npos) << first.out;

  Outcome again = Glexia(db, "import " + kData + "/ics-attack/ics-attack-18.1.json.gz");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already imported"), std::string::npos) << again.out;

  Outcome raw = Glexia(db, "raw T0800 --domain ics-attack --release 18.1");
  ASSERT_EQ(raw.exit_code, 0) << raw.out;
  EXPECT_EQ(raw.out.front(), '{');
  Outcome hash = Glexia(db, "raw T0800 --domain ics-attack --release 18.1 --hash");
  ASSERT_EQ(hash.exit_code, 0);
  EXPECT_EQ(hash.out.substr(0, 64), glexia::Sha256Hex(raw.out));

  Outcome releases = Glexia(db, "releases");
  EXPECT_EQ(releases.exit_code, 0);
  EXPECT_NE(releases.out.find("ics-attack"), std::string::npos);
  EXPECT_NE(releases.out.find("mobile-attack"), std::string::npos);

  Outcome stats = Glexia(db, "stats --domain mobile-attack");
  EXPECT_EQ(stats.exit_code, 0);
  EXPECT_NE(stats.out.find("attack-pattern"), std::string::npos) << stats.out;

  // Analyst context on the terminal and as the API's JSON, for an ICS technique.
  Outcome context = Glexia(db, "show T0800 --domain ics-attack --analysis");
  ASSERT_EQ(context.exit_code, 0) << context.out;
  EXPECT_NE(context.out.find("Executive priority"), std::string::npos) << context.out;
  EXPECT_NE(context.out.find("why: "), std::string::npos) << context.out;
  Outcome context_json = Glexia(db, "show T0800 --domain ics-attack --analysis --json");
  ASSERT_EQ(context_json.exit_code, 0);
  EXPECT_NE(context_json.out.find("\"provenance\""), std::string::npos);
  Outcome not_technique = Glexia(db, "show TA0108 --domain ics-attack --analysis");
  EXPECT_NE(not_technique.exit_code, 0);

  Outcome missing = Glexia(db, "raw T9999.999 --release 18.1");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.out.find("T9999.999"), std::string::npos) << missing.out;

  std::string bad = glexia::store::ScratchPath("cli", "bad.json");
  FILE* f = fopen(bad.c_str(), "w");
  fputs("{\"type\": \"bundle\", \"objects\": [", f);
  fclose(f);
  Outcome broken = Glexia(db, "import " + bad);
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_NE(broken.out.find(bad), std::string::npos) << broken.out;
  EXPECT_EQ(std::count(broken.out.begin(), broken.out.end(), '\n'), 1) << "one line: " << broken.out;
}

}  // namespace
