// The admin endpoints behind /api/v1/admin/*: trigger a sync, upload a
// bundle. Enabled only when app.admin_token is set; the bearer token is
// compared in constant time. Handlers are plain Request → Response functions
// so tests need no socket.
//
// Thread-safety: handlers may run concurrently; at most one admin sync runs
// at a time (a second POST gets 409 while one is running).
#pragma once

#include <memory>
#include <string_view>

#include "server/app.h"
#include "server/http.h"
#include "sync/sync.h"

namespace glexia::sync {

// True when `authorization` is "Bearer <token>" for exactly `token`
// (constant time in the token's length; false for an empty token).
bool BearerTokenMatches(std::string_view authorization, std::string_view token);

class AdminEndpoints {
 public:
  // `app` must outlive this object. `defaults` are used for syncs the
  // endpoint starts (source, work_dir, download limits); progress is off.
  AdminEndpoints(server::App& app, SyncOptions defaults);
  // Waits for a running sync to finish.
  ~AdminEndpoints();
  AdminEndpoints(const AdminEndpoints&) = delete;
  AdminEndpoints& operator=(const AdminEndpoints&) = delete;

  // POST /api/v1/admin/sync, body optional {"source": "...", "all_versions": bool}.
  // 202 and a background sync; 409 while one runs.
  server::Response StartSync(const server::Request& req);
  // GET /api/v1/admin/sync: {"running": bool, "last": {...} | null}.
  server::Response SyncStatus(const server::Request& req);
  // POST /api/v1/admin/import, body a bundle (JSON or gzip); ?replace=true to
  // replace a different bundle of the same release; ?domain=&release= for
  // bundles that cannot tell.
  server::Response Import(const server::Request& req);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace glexia::sync
