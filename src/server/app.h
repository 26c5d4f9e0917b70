// What request handlers share while `glexia serve` runs. Owned by the serve
// command; every pointer outlives the server. Handlers only read through it.
#pragma once

#include <string>

#include "model/model.h"
#include "store/store.h"

namespace glexia::analysis {
class Engine;
}

namespace glexia::server {

struct App {
  store::Store* store = nullptr;
  model::ModelCache* models = nullptr;
  const analysis::Engine* analysis = nullptr;  // may be null until the analysis layer is wired
  std::string admin_token;                     // empty: admin endpoints are disabled
  std::string public_base_url;                 // e.g. "http://127.0.0.1:8080"; used in layers and TAXII links
};

}  // namespace glexia::server
