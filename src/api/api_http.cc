#include "api/api_http.h"

#include <charconv>
#include <chrono>

#include "core/json_writer.h"

namespace glexia::api {

std::string_view ErrorCode(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 429: return "too_many_requests";
    case 431: return "request_header_fields_too_large";
    case 500: return "internal_error";
    case 501: return "not_implemented";
    case 503: return "unavailable";
    default: return status >= 500 ? "server_error" : "client_error";
  }
}

server::Response ApiError(int status, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Key("error").BeginObject();
  w.Field("status", status).Field("code", ErrorCode(status)).Field("message", message);
  w.EndObject().EndObject();
  server::Response r = server::Response::Json(status, w.Take());
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

server::Response ApiError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound: return ApiError(404, status.message());
    case StatusCode::kInvalidArgument: return ApiError(400, status.message());
    case StatusCode::kUnavailable: return ApiError(503, status.message());
    default: return ApiError(500, status.message());
  }
}

Result<ReleaseSelector> ParseSelector(const server::Request& req) {
  ReleaseSelector selector;
  std::string domain = req.Query("domain");
  if (!NormalizeDomain(domain, &selector.domain)) {
    return Status::InvalidArgument("unknown domain '" + domain +
                                   "' (expected enterprise-attack, mobile-attack or ics-attack)");
  }
  selector.version = req.Query("release");
  return selector;
}

Result<int64_t> ParseIntParam(const server::Request& req, std::string_view key, int64_t fallback, int64_t min,
                              int64_t max) {
  if (!req.HasQuery(key)) return fallback;
  std::string text = req.Query(key);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Status::InvalidArgument(std::string(key) + " must be an integer, got '" + text + "'");
  }
  if (value < min || value > max) {
    return Status::InvalidArgument(std::string(key) + " must be between " + std::to_string(min) + " and " +
                                   std::to_string(max) + ", got " + text);
  }
  return value;
}

Result<bool> ParseBoolParam(const server::Request& req, std::string_view key, bool fallback) {
  if (!req.HasQuery(key)) return fallback;
  std::string v = req.Query(key);
  if (v == "true" || v == "1" || v == "yes" || v.empty()) return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return Status::InvalidArgument(std::string(key) + " must be true or false, got '" + v + "'");
}

int64_t ApiState::Generation() {
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t checked = checked_at_ms_.load(std::memory_order_relaxed);
  if (now - checked < kGenerationCheckMs) return generation_.load(std::memory_order_acquire);
  // One thread re-reads; the others keep serving with the value they have.
  std::unique_lock lock(refresh_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return generation_.load(std::memory_order_acquire);
  checked_at_ms_.store(now, std::memory_order_relaxed);
  auto current = app.store->Generation();
  if (!current.ok()) return generation_.load(std::memory_order_acquire);
  if (*current != generation_.load(std::memory_order_acquire)) {
    Status refreshed = app.models->Refresh();
    (void)refreshed;  // on failure the models keep the release list they had
    cache.Clear();
    generation_.store(*current, std::memory_order_release);
  }
  return *current;
}

}  // namespace glexia::api
