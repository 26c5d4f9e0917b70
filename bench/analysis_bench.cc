// Analyst context for every technique of an enterprise release (issue 5 goal:
// < 200 ms in total).
//
//   analysis_bench [--bundle PATH] [--rules PATH] [--runs N]
//
// Imports the bundle (default: enterprise-attack 18.1 from the ATT&CK reference
// data) into a fresh scratch SQLite store, builds its model once, loads the
// rules once, then analyses every technique and sub-technique (active, revoked
// and deprecated) N times on one thread and prints the median and best wall
// time per full pass, the median CPU time, and rule-load time.
#include "bench_util.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "analysis/facts.h"
#include "model/model.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace glexia;

namespace {

using glexia::bench::CpuMillis;
using glexia::bench::Median;

double Millis(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }



}  // namespace

int main(int argc, char** argv) {
  std::string bundle_path = std::string(GLEXIA_ATTACK_DATA) + "/enterprise-attack/enterprise-attack-18.1.json.gz";
  std::string rules_path = analysis::DefaultRulesPath();
  int runs = 10;
  std::string show;  // --show ID: print that technique's context as JSON and exit
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--bundle")) bundle_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--rules")) rules_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--show")) show = argv[i + 1];
  }
  fs::path dir = fs::temp_directory_path() / ("glexia-analysis-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto store = store::OpenSqliteStore((dir / "store.db").string());
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
  auto bundle = stix::ReadBundle(bundle_path);
  if (!bundle.ok()) return std::fprintf(stderr, "%s\n", bundle.status().ToString().c_str()), 1;
  auto imported = (*store)->Import(*bundle, {});
  if (!imported.ok()) return std::fprintf(stderr, "%s\n", imported.status().ToString().c_str()), 1;
  auto model = model::BuildReleaseModel(**store, imported->release);
  if (!model.ok()) return std::fprintf(stderr, "%s\n", model.status().ToString().c_str()), 1;

  auto load_start = std::chrono::steady_clock::now();
  auto engine = analysis::LoadEngine(rules_path);
  double load_ms = Millis(std::chrono::steady_clock::now() - load_start);
  if (!engine.ok()) return std::fprintf(stderr, "%s\n", engine.status().ToString().c_str()), 1;

  if (!show.empty()) {
    const model::Object* t = (*model)->ByAttackId(show);
    if (!t) return std::fprintf(stderr, "%s not found\n", show.c_str()), 1;
    auto ctx = (*engine)->Analyze(**model, *t);
    if (!ctx.ok()) return std::fprintf(stderr, "%s\n", ctx.status().ToString().c_str()), 1;
    std::printf("%s\n", analysis::ToJson(*ctx).c_str());
    fs::remove_all(dir);
    return 0;
  }
  std::vector<const model::Object*> techniques = (*model)->OfKind(model::Kind::kTechnique, true);
  std::vector<double> wall, cpu;
  size_t statements = 0;
  for (int run = 0; run < runs; ++run) {
    double cpu_start = CpuMillis();
    auto start = std::chrono::steady_clock::now();
    size_t count = 0;
    for (const model::Object* t : techniques) {
      auto ctx = (*engine)->Analyze(**model, *t);
      if (!ctx.ok()) return std::fprintf(stderr, "%s: %s\n", t->attack_id.c_str(), ctx.status().ToString().c_str()), 1;
      for (const auto& s : ctx->sections) count += s.statements.size();
    }
    wall.push_back(Millis(std::chrono::steady_clock::now() - start));
    cpu.push_back(CpuMillis() - cpu_start);
    statements = count;
  }
  if (std::getenv("GLEXIA_BENCH_PARTS")) {
    double c0 = CpuMillis();
    size_t n = 0;
    for (const model::Object* t : techniques) n += (*model)->LinkedTechniques(*t).size();
    double c1 = CpuMillis();
    for (const model::Object* t : techniques) n += analysis::GatherFacts(**model, *t, nullptr).components.size();
    double c2 = CpuMillis();
    std::printf("parts: LinkedTechniques %.1f ms, GatherFacts %.1f ms (%zu)\n", c1 - c0, c2 - c1, n);
  }
  std::printf("release %s %s: %zu techniques, %zu statements per pass, rules loaded in %.1f ms\n",
              imported->release.domain.c_str(), imported->release.version.c_str(), techniques.size(), statements,
              load_ms);
  std::printf("all techniques: median %.1f ms, best %.1f ms wall; median %.1f ms CPU (%d runs; goal < 200 ms)\n",
              Median(wall), *std::min_element(wall.begin(), wall.end()), Median(cpu), runs);
  model->reset();
  store->reset();
  fs::remove_all(dir);
  return 0;
}
