#include "sync/routes.h"

#include <memory>

#include "sync/admin.h"

namespace glexia::sync {

void RegisterRoutes(server::Router& router, server::App& app) {
  // The handlers check app.admin_token on every request, so a token set
  // after registration still counts, and an empty one answers 404.
  auto admin = std::make_shared<AdminEndpoints>(app, SyncOptions{});
  router.Add("POST", "/api/v1/admin/sync", [admin](const server::Request& r) { return admin->StartSync(r); },
             "Start a sync in the background (admin token required; body {\"source\", \"all_versions\"})");
  router.Add("GET", "/api/v1/admin/sync", [admin](const server::Request& r) { return admin->SyncStatus(r); },
             "Whether a sync is running and how the last one ended (admin token required)");
  router.Add("POST", "/api/v1/admin/import", [admin](const server::Request& r) { return admin->Import(r); },
             "Import an uploaded STIX bundle, JSON or gzip (admin token required; ?replace=true)");
}

}  // namespace glexia::sync
