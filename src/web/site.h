// The web layer's request handlers. RegisterRoutes wires them to the router;
// tests call them directly with a Request (params filled as the router would).
// Thread-safe: handlers only read the App and use the internal page cache.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"
#include "server/app.h"
#include "server/http.h"
#include "server/response_cache.h"

namespace glexia::web {

class Site {
 public:
  explicit Site(server::App& app, size_t cache_entries = 20000, size_t cache_bytes = 192u << 20);

  server::Response Home(const server::Request& req);
  server::Response Static(const server::Request& req);
  // params: "domain".
  server::Response Matrix(const server::Request& req);
  server::Response Search(const server::Request& req);
  server::Response KindIndex(const server::Request& req, model::Kind kind);
  // params: "id" (ATT&CK ID or STIX id). `kind` is the kind the URL names;
  // nullopt for /objects/{id}. A mismatch redirects to the canonical URL.
  server::Response ObjectPage(const server::Request& req, std::optional<model::Kind> kind);
  // An HTML error page in the site layout.
  server::Response Error(const server::Request& req, int status, std::string_view message);

  server::ResponseCache& cache() { return cache_; }

 private:
  template <typename F>
  server::Response Cached(const server::Request& req, F&& render);

  server::App& app_;
  server::ResponseCache cache_;
};

// First value of a query parameter (reads Request::query directly).
std::string QueryValue(const server::Request& req, std::string_view key);

}  // namespace glexia::web
