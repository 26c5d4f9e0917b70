// Model build time per release (issue 3 goal: < 300 ms for an enterprise
// release), and the memory the models take.
//
//   model_bench [--data DIR] [--db PATH] [--runs N]
//
// Imports every bundle under DIR (default: the ATT&CK reference data) into a
// fresh scratch SQLite store, then for each release builds its model N times
// from the store (BuildReleaseModel: store read + parse + index) and prints the
// median and best wall times and the median CPU time (both threads). Also:
// "1 thread" reads and parses on one thread; "read cpu" is the store read
// alone; "parse+index" builds from the bundle already in memory (no store).
// Finally it keeps one model of every release alive and prints the RSS.
#include "bench_util.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/builder.h"
#include "model/model.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace glexia;

namespace {

using glexia::bench::CpuMillis;
using glexia::bench::Median;

double Millis(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// CPU time of the process (the build reads the store on one thread and
// parses on another): on a shared machine wall time also counts the time
// other processes held the cores.


long RssMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

std::vector<std::string> BundleFiles(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.find("-attack-") == std::string::npos) continue;  // skips index.json
    if (name.ends_with(".json") || name.ends_with(".json.gz")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = GLEXIA_ATTACK_DATA;
  std::string db = (fs::temp_directory_path() / "glexia-model-bench.db").string();
  int runs = 7;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);

  auto store = store::OpenSqliteStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "cannot open store %s: %s\n", db.c_str(), store.status().ToString().c_str());
    return 1;
  }
  std::printf("model build per release: median (best) of %d runs; store %s\n\n", runs, db.c_str());
  std::printf("%-18s %-7s %8s %8s %16s %9s %15s %13s %16s\n", "domain", "release", "objects", "rels",
              "from store ms", "(cpu ms)", "1 thread ms", "read cpu ms", "parse+index ms");

  for (const std::string& file : BundleFiles(data_dir)) {
    auto bundle = stix::ReadBundle(file);
    if (!bundle.ok()) {
      std::fprintf(stderr, "%s\n", bundle.status().ToString().c_str());
      return 1;
    }
    auto imported = (*store)->Import(*bundle, {});
    if (!imported.ok()) {
      std::fprintf(stderr, "%s\n", imported.status().ToString().c_str());
      return 1;
    }
    const store::ReleaseInfo& release = imported->release;

    std::vector<double> from_store, from_store_cpu, sequential, read_only_cpu, from_memory;
    size_t objects = 0, relationships = 0;
    for (int run = 0; run < runs; ++run) {
      auto start = std::chrono::steady_clock::now();
      double cpu_start = CpuMillis();
      auto model = model::BuildReleaseModel(**store, release);
      from_store.push_back(Millis(std::chrono::steady_clock::now() - start));
      from_store_cpu.push_back(CpuMillis() - cpu_start);
      if (!model.ok()) {
        std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
        return 1;
      }
      objects = (*model)->objects().size();

      // The same on one thread (what BuildReleaseModel did before it split
      // reading and parsing), for comparison.
      start = std::chrono::steady_clock::now();
      model::ModelBuilder one_thread(release);
      if (!(*store)->ForEachObject(release.id, [&](const store::ObjectVersion& meta, std::string_view raw) {
            one_thread.Add(meta, raw);
          }).ok() || !one_thread.Finish().ok()) {
        return 1;
      }
      sequential.push_back(Millis(std::chrono::steady_clock::now() - start));

      // The store's share: reading every object without parsing it.
      cpu_start = CpuMillis();
      size_t bytes = 0;
      if (!(*store)->ForEachObject(release.id, [&](const store::ObjectVersion&, std::string_view raw) {
            bytes += raw.size();
          }).ok()) {
        return 1;
      }
      read_only_cpu.push_back(CpuMillis() - cpu_start);
      relationships = (*model)->relationships().size();

      start = std::chrono::steady_clock::now();
      model::ModelBuilder builder(release);
      // The builder reads id and type from the JSON itself.
      for (const stix::ObjectRecord& rec : bundle->objects) builder.Add({}, rec.raw);
      auto direct = builder.Finish();
      from_memory.push_back(Millis(std::chrono::steady_clock::now() - start));
      if (!direct.ok()) return 1;
    }
    std::printf("%-18s %-7s %8zu %8zu %8.1f (%5.1f) %9.1f %8.1f (%5.1f) %13.1f %8.1f (%5.1f)\n",
                release.domain.c_str(), release.version.c_str(), objects, relationships, Median(from_store),
                *std::min_element(from_store.begin(), from_store.end()), Median(from_store_cpu), Median(sequential),
                *std::min_element(sequential.begin(), sequential.end()), Median(read_only_cpu), Median(from_memory),
                *std::min_element(from_memory.begin(), from_memory.end()));
    std::fflush(stdout);
  }

  // Memory: one model of every release alive at once (what a server holding
  // all of them would need), measured as process RSS.
  auto releases = (*store)->ListReleases();
  if (!releases.ok()) return 1;
  long before = RssMiB();
  std::vector<std::shared_ptr<const model::ReleaseModel>> alive;
  for (const auto& release : *releases) {
    auto model = model::BuildReleaseModel(**store, release);
    if (!model.ok()) return 1;
    alive.push_back(*model);
  }
  std::printf("\nRSS: %ld MiB before, %ld MiB with all %zu models built and held\n", before, RssMiB(),
              alive.size());
  return 0;
}
