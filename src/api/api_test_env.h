// One scratch store with every bundle of GLEXIA_ATTACK_DATA imported, shared by
// the api tests of this binary, plus a router with the api routes on it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <simdjson.h>

#include "model/model.h"
#include "server/app.h"
#include "server/http.h"
#include "store/store.h"

namespace glexia::api::testing {

struct BundleFile {
  std::string path;  // absolute
  std::string domain;
  std::string version;
};

// The bundles listed in MANIFEST.tsv.
std::vector<BundleFile> ManifestBundles();

struct Env {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<model::ModelCache> models;
  server::App app;
  server::Router router;

  // Dispatches GET (or `method`) `target` with optional request headers.
  server::Response Get(const std::string& target, const std::string& method = "GET",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
};

// Built on first use; imports every bundle (fails the calling test on error).
Env& SharedEnv();

// The decompressed bytes of a bundle file (cached for the last file asked for).
const std::string& BundleBytes(const std::string& path);

}  // namespace glexia::api::testing
