#include "api/api_test_env.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "api/routes.h"
#include "core/file_io.h"
#include "stix/bundle.h"

namespace glexia::api::testing {

std::vector<BundleFile> ManifestBundles() {
  std::vector<BundleFile> out;
  std::ifstream in(std::string(GLEXIA_ATTACK_DATA) + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    BundleFile b;
    std::getline(fields, b.path, '\t');
    std::getline(fields, b.domain, '\t');
    std::getline(fields, b.version, '\t');
    if (b.path.empty()) continue;
    b.path = std::string(GLEXIA_ATTACK_DATA) + "/" + b.path;
    out.push_back(b);
  }
  return out;
}

server::Response Env::Get(const std::string& target, const std::string& method,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  server::Request req;
  req.method = method;
  req.target = target;
  for (const auto& [name, value] : headers) req.headers[name] = value;
  return router.Dispatch(req);
}

namespace {

std::unique_ptr<Env> BuildEnv() {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(GLEXIA_TEST_WORK) / "api";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto env = std::make_unique<Env>();
  auto store = store::OpenSqliteStore((dir / "api.db").string());
  if (!store.ok()) {
    ADD_FAILURE() << store.status().ToString();
    return nullptr;
  }
  env->store = std::move(store).value();
  for (const BundleFile& b : ManifestBundles()) {
    auto bundle = stix::ReadBundle(b.path);
    if (!bundle.ok()) {
      ADD_FAILURE() << bundle.status().ToString();
      return nullptr;
    }
    auto imported = env->store->Import(*bundle, {});
    if (!imported.ok()) {
      ADD_FAILURE() << imported.status().ToString();
      return nullptr;
    }
  }
  env->models = std::make_unique<model::ModelCache>(*env->store, 3);
  env->app.store = env->store.get();
  env->app.models = env->models.get();
  RegisterRoutes(env->router, env->app);
  return env;
}

}  // namespace

Env& SharedEnv() {
  static std::unique_ptr<Env> env = BuildEnv();
  if (!env) {
    ADD_FAILURE() << "the api test store could not be built";
    std::abort();
  }
  return *env;
}

const std::string& BundleBytes(const std::string& path) {
  static std::string cached_path;
  static std::string cached;
  if (path != cached_path) {
    auto data = ReadInputFile(path);
    if (!data.ok()) {
      ADD_FAILURE() << data.status().ToString();
      cached.clear();
    } else {
      cached = std::move(data).value();
    }
    cached_path = path;
  }
  return cached;
}

}  // namespace glexia::api::testing
