// Internals of the api layer's HTTP handlers: the error shape, parameter
// parsing and the state the handlers share. Not for other layers.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "api/lookup.h"
#include "api/openapi.h"
#include "server/response_cache.h"
#include "core/status.h"
#include "server/app.h"
#include "server/http.h"

namespace glexia::api {

// {"error":{"status":404,"code":"not_found","message":"..."}}: the one error
// shape of every /api/ path.
server::Response ApiError(int status, std::string_view message);
// "not_found", "bad_request", ... for an HTTP status.
std::string_view ErrorCode(int status);
// Maps a Status (NotFound → 404, InvalidArgument → 400, Unavailable → 503, else 500).
server::Response ApiError(const Status& status);

// ?domain= and ?release=; InvalidArgument for an unknown domain.
Result<ReleaseSelector> ParseSelector(const server::Request& req);
// A non-negative integer query parameter within [min, max]; `fallback` when absent.
Result<int64_t> ParseIntParam(const server::Request& req, std::string_view key, int64_t fallback, int64_t min,
                              int64_t max);
// true/false/1/0/yes/no; `fallback` when absent.
Result<bool> ParseBoolParam(const server::Request& req, std::string_view key, bool fallback);

// What every handler of this layer shares. Lives as long as the router (the
// handlers hold it by shared_ptr).
struct ApiState {
  ApiState(server::App& app, const server::Router& router) : app(app), router(router) {}

  server::App& app;
  const server::Router& router;
  server::ResponseCache cache{4096, 256u << 20};
  // Query parameters of this layer's routes, for the OpenAPI document.
  QueryParamTable query_params;

  // The store generation, re-read at most every kGenerationCheckMs; when it
  // moves, the response cache is emptied and the model cache refreshed so a
  // new import shows up without restarting the server.
  int64_t Generation();

 private:
  static constexpr int64_t kGenerationCheckMs = 250;
  std::atomic<int64_t> generation_{-1};
  std::atomic<int64_t> checked_at_ms_{INT64_MIN / 2};
  std::mutex refresh_mu_;
};

}  // namespace glexia::api
