// TAXII 2.1 full-collection paging time for enterprise-attack 18.1 (issue 8).
//
//   taxii_bench [--data DIR] [--db PATH] [--runs N] [--limit N]
//
// Imports enterprise-attack-18.1 into a fresh scratch store (or uses --db),
// then walks /taxii2/enterprise-attack-18.1/collections/<id>/objects/ page by
// page (limit = page size, following `next`) through the Router, the way the
// HTTP server calls it, without the socket. The first walk includes loading
// and converting the release to STIX 2.1 (cold); later walks hit the
// per-release cache (warm). Prints wall and process CPU times, pages, bytes.
#include "bench_util.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <simdjson.h>

#include "server/app.h"
#include "server/http.h"
#include "stix/bundle.h"
#include "store/store.h"
#include "taxii/routes.h"
#include "taxii/service.h"

using namespace glexia;

namespace {

using glexia::bench::CpuMillis;
using glexia::bench::Median;


struct Walk {
  double wall_ms = 0, cpu_ms = 0;
  size_t pages = 0, objects = 0, bytes = 0;
  bool ok = true;
};

Walk WalkCollection(const server::Router& router, size_t limit) {
  const std::string base =
      "/taxii2/enterprise-attack-18.1/collections/" + taxii::CollectionIdFor("enterprise-attack-18.1") + "/objects/";
  Walk w;
  auto start = std::chrono::steady_clock::now();
  double cpu = CpuMillis();
  std::string next;
  simdjson::dom::parser parser;
  std::chrono::steady_clock::duration excluded{};
  double excluded_cpu = 0;
  for (int guard = 0; guard < 100000; ++guard) {
    server::Request req;
    req.method = "GET";
    req.target = base + "?limit=" + std::to_string(limit) + (next.empty() ? "" : "&next=" + next);
    req.headers["accept"] = "application/taxii+json;version=2.1";
    server::Response r = router.Dispatch(req);
    if (r.status != 200) {
      std::fprintf(stderr, "taxii_bench: %d %s\n", r.status, r.body.c_str());
      w.ok = false;
      break;
    }
    ++w.pages;
    w.bytes += r.body.size();
    // Counting parses the page; that time is left out of the figures.
    auto pause = std::chrono::steady_clock::now();
    double pause_cpu = CpuMillis();
    simdjson::dom::element doc;
    simdjson::dom::array objects;
    if (parser.parse(r.body).get(doc) == simdjson::SUCCESS && doc["objects"].get_array().get(objects) == simdjson::SUCCESS) {
      w.objects += objects.size();
    }
    excluded += std::chrono::steady_clock::now() - pause;
    excluded_cpu += CpuMillis() - pause_cpu;
    size_t n = r.body.find("\"next\":\"");
    if (n == std::string::npos) break;
    size_t end = r.body.find('"', n + 8);
    next = r.body.substr(n + 8, end - n - 8);
  }
  w.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start - excluded).count();
  w.cpu_ms = CpuMillis() - cpu - excluded_cpu;
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = GLEXIA_ATTACK_DATA;
  std::string db;
  int runs = 5;
  size_t limit = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    else if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--limit")) limit = static_cast<size_t>(std::max(1, std::atoi(argv[i + 1])));
  }
  bool scratch = db.empty();
  if (scratch) {
    db = (std::filesystem::temp_directory_path() / "glexia-taxii-bench.db").string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  }
  auto opened = store::OpenSqliteStore(db);
  if (!opened.ok()) {
    std::fprintf(stderr, "taxii_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  auto& st = **opened;
  if (!st.GetRelease("enterprise-attack", "18.1").ok()) {
    auto bundle = stix::ReadBundle(data + "/enterprise-attack/enterprise-attack-18.1.json.gz");
    if (!bundle.ok() || !st.Import(*bundle, {}).ok()) {
      std::fprintf(stderr, "taxii_bench: cannot import enterprise-attack 18.1\n");
      return 1;
    }
  }
  server::App app;
  app.store = &st;
  server::Router router;
  taxii::RegisterRoutes(router, app);

  Walk cold = WalkCollection(router, limit);
  std::printf("cold (load + convert + page): %8.1f ms wall %8.1f ms cpu  %zu pages, %zu objects, %.1f MB\n",
              cold.wall_ms, cold.cpu_ms, cold.pages, cold.objects, cold.bytes / 1e6);
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs && cold.ok; ++i) {
    Walk w = WalkCollection(router, limit);
    wall.push_back(w.wall_ms);
    cpu.push_back(w.cpu_ms);
  }
  if (!wall.empty()) {
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("warm full-collection walk, limit=%zu: median %8.1f ms wall (best %.1f), median %8.1f ms cpu, %d runs\n",
                limit, wall[wall.size() / 2], wall.front(), cpu[cpu.size() / 2], runs);
  }
  if (scratch) {
    opened->reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  }
  return cold.ok ? 0 : 1;
}
