// Import benchmark (issue 2): one enterprise release from .json and .json.gz,
// all 14 reference bundles, and store size after one and five enterprise
// releases. Prints medians; run from the build directory:
//   ./bench/import_bench [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
const std::string kData = GLEXIA_ATTACK_DATA;

std::string FreshDb(const std::string& name) {
  fs::create_directories("bench-work");
  std::string p = "bench-work/" + name;
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(p + s);
  return p;
}

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Read + parse + import into an empty store; returns seconds.
double ImportOnce(const std::vector<std::string>& files) {
  auto store = glexia::store::OpenSqliteStore(FreshDb("import.db"));
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::exit(1);
  }
  auto t0 = Clock::now();
  for (const auto& f : files) {
    auto bundle = glexia::stix::ReadBundle(f);
    if (!bundle.ok()) {
      std::fprintf(stderr, "%s\n", bundle.status().ToString().c_str());
      std::exit(1);
    }
    auto r = (*store)->Import(*bundle, {});
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      std::exit(1);
    }
  }
  return Seconds(t0, Clock::now());
}

int64_t StoreSize(const std::vector<std::string>& files) {
  std::string db = FreshDb("size.db");
  {
    auto store = glexia::store::OpenSqliteStore(db);
    for (const auto& f : files) (void)(*store)->Import(*glexia::stix::ReadBundle(f), {});
    return *(*store)->SizeBytes();
  }
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::string gz = kData + "/enterprise-attack/enterprise-attack-18.1.json.gz";
  // The plain .json is made once from the .gz (the reference data holds only .gz).
  std::string json = "bench-work/enterprise-attack-18.1.json";
  fs::create_directories("bench-work");
  if (!fs::exists(json)) {
    auto text = glexia::ReadInputFile(gz);
    std::ofstream(json, std::ios::binary) << *text;
  }
  std::vector<std::string> all;
  for (const char* d : {"enterprise-attack", "mobile-attack", "ics-attack"})
    for (const auto& e : fs::directory_iterator(kData + "/" + d)) all.push_back(e.path().string());
  std::sort(all.begin(), all.end());

  std::vector<double> t_json, t_gz, t_all, t_gunzip;
  for (int i = 0; i < runs; ++i) {
    t_json.push_back(ImportOnce({json}));
    t_gz.push_back(ImportOnce({gz}));
    auto t0 = Clock::now();
    auto text = glexia::ReadInputFile(gz);
    t_gunzip.push_back(Seconds(t0, Clock::now()));
  }
  for (int i = 0; i < std::max(1, runs / 2); ++i) t_all.push_back(ImportOnce(all));

  std::printf("runs: %d (medians)\n", runs);
  std::printf("enterprise 18.1 from .json     %.3f s\n", Median(t_json));
  std::printf("enterprise 18.1 from .json.gz  %.3f s  (gunzip alone %.3f s)\n", Median(t_gz), Median(t_gunzip));
  std::printf("all %zu bundles               %.3f s\n", all.size(), Median(t_all));
  auto ent = [&](std::vector<std::string> versions) {
    std::vector<std::string> files;
    for (auto& v : versions) files.push_back(kData + "/enterprise-attack/enterprise-attack-" + v + ".json.gz");
    return files;
  };
  int64_t one_old = StoreSize(ent({"15.1"})), one_new = StoreSize(ent({"18.1"}));
  int64_t five = StoreSize(ent({"15.1", "16.1", "17.1", "18.0", "18.1"}));
  int64_t everything = StoreSize(all);
  std::printf("store size, enterprise 15.1 only  %.1f MB\n", one_old / 1e6);
  std::printf("store size, enterprise 18.1 only  %.1f MB\n", one_new / 1e6);
  std::printf("store size, five enterprise       %.1f MB  (%.2fx 15.1, %.2fx 18.1)\n", five / 1e6,
              static_cast<double>(five) / one_old, static_cast<double>(five) / one_new);
  std::printf("store size, all 14 bundles        %.1f MB\n", everything / 1e6);
  return 0;
}
