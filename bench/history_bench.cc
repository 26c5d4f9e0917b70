// Release history timings (issue 6 goals: a whole enterprise changelog in
// under 0.5 s cold from the store, under 50 ms warm in the server; one
// object's history under 5 ms).
//
//   history_bench [--db PATH] [--runs N]
//
// Without --db it imports enterprise 17.1, 18.0 and 18.1 from the ATT&CK
// reference data into a fresh scratch store first. Each "cold" run opens the
// store anew (no in-process cache) and builds the changelog from both
// releases' stored objects, then renders it as JSON; "warm" is the server's
// cached lookup plus returning the rendered body. Prints median wall time and
// median process CPU time (on a shared machine wall time includes waiting).
#include "bench_util.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "history/changelog.h"
#include "history/object_history.h"
#include "history/render.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace glexia;

namespace {

using glexia::bench::CpuMillis;
using glexia::bench::Median;



template <typename F>
void Measure(const char* label, int runs, F&& body) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    double c0 = CpuMillis();
    auto t0 = std::chrono::steady_clock::now();
    if (!body()) {
      std::fprintf(stderr, "%s failed\n", label);
      std::exit(1);
    }
    wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    cpu.push_back(CpuMillis() - c0);
  }
  std::printf("%-44s median %8.2f ms wall  %8.2f ms cpu  (best %.2f ms, %d runs)\n", label, Median(wall), Median(cpu),
              *std::min_element(wall.begin(), wall.end()), runs);
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int runs = 7;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
    else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
  }
  if (db.empty()) {
    fs::path dir = fs::temp_directory_path() / ("glexia-history-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    db = (dir / "bench.db").string();
    auto store = store::OpenSqliteStore(db);
    if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().ToString().c_str()), 1;
    for (const char* v : {"17.1", "18.0", "18.1"}) {
      std::string path = std::string(GLEXIA_ATTACK_DATA) + "/enterprise-attack/enterprise-attack-" + v + ".json.gz";
      auto bundle = stix::ReadBundle(path);
      if (!bundle.ok()) return std::fprintf(stderr, "%s\n", bundle.status().ToString().c_str()), 1;
      auto imported = (*store)->Import(*bundle, {});
      if (!imported.ok()) return std::fprintf(stderr, "%s\n", imported.status().ToString().c_str()), 1;
    }
    std::printf("scratch store: %s\n", db.c_str());
  }

  store::OpenOptions read_only;
  read_only.read_only = true;
  read_only.create_if_missing = false;
  {
    // The floor: one release read from the store with no work per object.
    Measure("store scan only (ForEachObject 18.0)", runs, [&] {
      auto store = store::OpenStore(db, read_only);
      if (!store.ok()) return false;
      auto r = history::FindRelease(**store, "enterprise-attack", "18.0");
      size_t bytes = 0;
      return r.ok() && (*store)->ForEachObject(r->id, [&](const auto&, std::string_view raw) { bytes += raw.size(); }).ok() &&
             bytes > 0;
    });
    Measure("release index load (18.0, with raw)", runs, [&] {
      auto store = store::OpenStore(db, read_only);
      if (!store.ok()) return false;
      auto r = history::FindRelease(**store, "enterprise-attack", "18.0");
      history::LoadOptions o;
      o.keep_raw = true;
      return r.ok() && history::LoadReleaseIndex(**store, *r, o).ok();
    });
  }
  {
    // Classification alone, both indexes already in memory.
    auto store = store::OpenStore(db, read_only);
    if (!store.ok()) return 1;
    history::LoadOptions o;
    o.keep_raw = true;
    auto a = history::LoadReleaseIndex(**store, *history::FindRelease(**store, "enterprise-attack", "17.1"), o);
    auto b = history::LoadReleaseIndex(**store, *history::FindRelease(**store, "enterprise-attack", "18.0"), o);
    if (!a.ok() || !b.ok()) return 1;
    Measure("classify only 17.1 -> 18.0 (indexes in memory)", runs, [&] {
      return history::BuildChangelog(**a, **b).unchanged[0] >= 0;
    });
    history::Changelog log = history::BuildChangelog(**a, **b);
    Measure("render JSON 17.1 -> 18.0", runs, [&] { return !history::ChangelogJson(log).empty(); });
  }
  for (auto [from, to] : {std::pair{"17.1", "18.0"}, std::pair{"18.0", "18.1"}}) {
    std::string label = std::string("changelog cold ") + from + " -> " + to;
    std::string json;
    Measure(label.c_str(), runs, [&] {
      auto store = store::OpenStore(db, read_only);
      if (!store.ok()) return false;
      auto a = history::FindRelease(**store, "enterprise-attack", from);
      auto b = history::FindRelease(**store, "enterprise-attack", to);
      if (!a.ok() || !b.ok()) return false;
      auto log = history::BuildChangelog(**store, *a, *b);
      if (!log.ok()) return false;
      json = history::ChangelogJson(*log);
      return !json.empty();
    });
  }

  auto store = store::OpenStore(db, read_only);
  if (!store.ok()) return 1;
  Measure("object history T1591.002 (warm store handle)", runs * 5, [&] {
    auto h = history::GetObjectHistory(**store, "T1591.002", "enterprise-attack");
    return h.ok() && h->entries.size() >= 3;
  });
  Measure("object history T1059 (warm store handle)", runs * 5, [&] {
    auto h = history::GetObjectHistory(**store, "T1059", "enterprise-attack");
    return h.ok() && !h->entries.empty();
  });
  return 0;
}
