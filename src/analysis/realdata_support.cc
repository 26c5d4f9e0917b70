#include "analysis/realdata_support.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>

#include "analysis/testing_model.h"
#include "core/version.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace glexia::analysis::test_support {
namespace {

// One scratch store per test process, imported on demand.
store::Store* ScratchStore(std::string* error) {
  static std::unique_ptr<store::Store> store;
  static std::string open_error;
  static bool tried = false;
  if (!tried) {
    tried = true;
    std::string dir = std::string(GLEXIA_TEST_WORK) + "/analysis";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = store::OpenSqliteStore(dir + "/store.db");
    if (opened.ok()) {
      store = std::move(opened).value();
    } else {
      open_error = opened.status().ToString();
    }
  }
  *error = open_error;
  return store.get();
}

Result<std::shared_ptr<const model::ReleaseModel>> FromStore(const std::string& path) {
  std::string error;
  store::Store* store = ScratchStore(&error);
  if (!store) return Status::Unavailable("scratch store: " + error);
  GLEXIA_ASSIGN_OR_RETURN(stix::Bundle bundle, stix::ReadBundle(path));
  GLEXIA_ASSIGN_OR_RETURN(store::ImportResult imported, store->Import(bundle, {}));
  return model::BuildReleaseModel(*store, imported.release);
}

}  // namespace

Result<std::shared_ptr<const model::ReleaseModel>> LoadRelease(const std::string& domain, const std::string& version) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const model::ReleaseModel>> cache;
  std::lock_guard<std::mutex> lock(mu);
  std::string key = domain + "-" + version;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::string path = std::string(GLEXIA_ATTACK_DATA) + "/" + domain + "/" + key + ".json.gz";
  auto model = FromStore(path);
  if (!model.ok() && std::getenv("GLEXIA_ANALYSIS_BUNDLE_MODEL")) {
    // Development escape hatch while the store or model layer is broken.
    std::cerr << "store/model unavailable (" << model.status().ToString() << "), reading the bundle directly\n";
    model = testing::LoadBundleModel(path);
  }
  if (!model.ok()) return model.status();
  cache[key] = *model;
  return *model;
}

std::vector<std::pair<std::string, std::string>> AllReleases() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* domain : {"enterprise-attack", "mobile-attack", "ics-attack"}) {
    std::string dir = std::string(GLEXIA_ATTACK_DATA) + "/" + domain;
    std::vector<std::string> versions;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      std::string name = e.path().filename().string();
      std::string prefix = std::string(domain) + "-";
      if (name.rfind(prefix, 0) != 0 || !name.ends_with(".json.gz")) continue;
      versions.push_back(name.substr(prefix.size(), name.size() - prefix.size() - 8));
    }
    std::sort(versions.begin(), versions.end(), [](const std::string& a, const std::string& b) {
      return CompareVersions(a, b) < 0;
    });
    for (const std::string& v : versions) out.emplace_back(domain, v);
  }
  return out;
}

}  // namespace glexia::analysis::test_support
