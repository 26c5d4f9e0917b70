// web_devserver: serves only the web pages from a store, importing bundles
// first if asked. For looking at pages (screenshots) and measuring page
// throughput while the full `glexia serve` is not at hand:
//   web_devserver STORE.db PORT [bundle.json.gz ...]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "analysis/analysis.h"
#include "model/model.h"
#include "server/app.h"
#include "server/http.h"
#include "stix/bundle.h"
#include "store/store.h"
#include "web/routes.h"

int main(int argc, char** argv) {
  using namespace glexia;
  if (argc < 3) {
    std::fprintf(stderr, "usage: web_devserver STORE.db PORT [bundle ...]\n");
    return 2;
  }
  auto store = store::OpenSqliteStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  for (int i = 3; i < argc; ++i) {
    auto bundle = stix::ReadBundle(argv[i]);
    if (!bundle.ok()) {
      std::fprintf(stderr, "%s\n", bundle.status().ToString().c_str());
      return 1;
    }
    auto imported = store.value()->Import(bundle.value(), {});
    if (!imported.ok()) {
      std::fprintf(stderr, "%s\n", imported.status().ToString().c_str());
      return 1;
    }
  }
  model::ModelCache models(*store.value(), 8);
  server::App app;
  app.store = store.value().get();
  app.models = &models;
  auto engine = analysis::LoadEngine(analysis::DefaultRulesPath());
  if (engine.ok()) {
    app.analysis = engine.value().get();
  } else {
    std::fprintf(stderr, "analyst context off: %s\n", engine.status().ToString().c_str());
  }
  server::Router router;
  web::RegisterRoutes(router, app);
  server::ServerOptions options;
  options.port = static_cast<uint16_t>(std::atoi(argv[2]));
  options.access_log = false;
  server::HttpServer http(options, router);
  std::string error;
  if (!http.Listen(&error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::printf("web_devserver on http://127.0.0.1:%u\n", http.port());
  std::fflush(stdout);
  http.Run(true);
  return 0;
}
