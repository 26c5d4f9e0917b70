// Test helpers for the web layer: a scratch store with chosen bundles, the
// App/Site over it, requests built as the router would, and raw-bundle facts
// read independently with simdjson (never through the model).
#pragma once

#include <simdjson.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/model.h"
#include "server/app.h"
#include "server/http.h"
#include "store/store.h"
#include "web/site.h"

namespace glexia::web::testing {

struct SiteEnv {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<model::ModelCache> models;
  server::App app;
  std::unique_ptr<Site> site;
};

// Imports `bundle_paths` into a fresh store under GLEXIA_TEST_WORK/web/<name>.
// `overrides` (domain, release) apply to every bundle when non-empty.
std::unique_ptr<SiteEnv> MakeSiteEnv(const std::string& name, const std::vector<std::string>& bundle_paths,
                                     const std::string& domain = "", const std::string& release = "");

// "/techniques/T1?release=1" → a GET request with path, query and params as the router fills them.
server::Request MakeRequest(const std::string& target);

// Dispatches like RegisterRoutes does (without a Router).
server::Response Get(SiteEnv& env, const std::string& target);

// Raw bundle facts, read independently of the model.
struct RawBundle {
  simdjson::dom::parser parser;
  simdjson::padded_string json;
  simdjson::dom::element root;
  std::map<std::string, simdjson::dom::element> by_id;  // STIX id → object
  std::vector<simdjson::dom::element> objects;
};
std::unique_ptr<RawBundle> LoadRaw(const std::string& path);
std::string Str(simdjson::dom::element obj, const char* key);
bool Bool(simdjson::dom::element obj, const char* key);
// external_id under a mitre-*attack source name.
std::string AttackId(simdjson::dom::element obj);

std::string AttackData(const std::string& relative);  // GLEXIA_ATTACK_DATA/relative

}  // namespace glexia::web::testing
