#include "sync/admin.h"

#include <openssl/crypto.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <optional>
#include <thread>

#include "core/file_io.h"
#include "core/json_writer.h"
#include "core/sha256.h"

namespace glexia::sync {
namespace {

// Built by hand rather than with Response::Json so this file depends on the
// http.h structs only.
server::Response JsonResponse(int status, std::string body) {
  server::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

server::Response ErrorResponse(int status, std::string_view message) {
  JsonWriter w;
  w.BeginObject().Field("error", message).Field("status", status).EndObject();
  return JsonResponse(status, w.Take());
}

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kCorruption: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kUnavailable: return 503;
    default: return 500;
  }
}

std::string HeaderValue(const server::Request& req, const std::string& lower_name) {
  auto it = req.headers.find(lower_name);
  return it == req.headers.end() ? std::string() : it->second;
}

std::string QueryValue(const server::Request& req, std::string_view key) {
  for (const auto& [k, v] : req.query)
    if (k == key) return v;
  return {};
}

bool IsTrue(std::string_view v) { return v == "1" || v == "true" || v == "yes"; }

const char* ActionName(ReleaseOutcome::Action a) {
  switch (a) {
    case ReleaseOutcome::Action::kImported: return "imported";
    case ReleaseOutcome::Action::kReplaced: return "replaced";
    case ReleaseOutcome::Action::kUpToDate: return "up_to_date";
    case ReleaseOutcome::Action::kFailed: return "failed";
  }
  return "unknown";
}

void WriteRelease(JsonWriter& w, const store::ReleaseInfo& r) {
  w.BeginObject()
      .Field("domain", r.domain)
      .Field("version", r.version)
      .Field("spec_version", r.spec_version)
      .FieldOrNull("source", r.source)
      .Field("bundle_sha256", r.bundle_sha256)
      .FieldOrNull("imported_at", r.imported_at)
      .FieldOrNull("index_modified", r.index_modified)
      .FieldOrNull("downloaded_at", r.downloaded_at)
      .Field("object_count", r.object_count)
      .EndObject();
}

std::string ReportJson(const Result<SyncReport>& result, const std::string& started, const std::string& finished) {
  JsonWriter w;
  w.BeginObject().Field("started_at", started).Field("finished_at", finished);
  if (!result.ok()) {
    w.Field("ok", false).Field("error", result.status().message()).EndObject();
    return w.Take();
  }
  const SyncReport& report = *result;
  Status first = report.FirstError();
  w.Field("ok", first.ok()).Field("source", report.source);
  if (!first.ok()) w.Field("error", first.message());
  w.Field("imported", report.Count(ReleaseOutcome::Action::kImported))
      .Field("replaced", report.Count(ReleaseOutcome::Action::kReplaced))
      .Field("up_to_date", report.Count(ReleaseOutcome::Action::kUpToDate))
      .Field("failed", report.Count(ReleaseOutcome::Action::kFailed));
  w.Key("releases").BeginArray();
  for (const auto& o : report.outcomes) {
    w.BeginObject()
        .Field("domain", o.domain)
        .Field("version", o.version)
        .Field("action", ActionName(o.action))
        .Field("location", o.location);
    if (o.action == ReleaseOutcome::Action::kFailed) w.Field("error", o.error.message());
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace

bool BearerTokenMatches(std::string_view authorization, std::string_view token) {
  if (token.empty()) return false;
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return false;
  std::string_view given = authorization.substr(kScheme.size());
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
  // Comparing digests keeps the time independent of where (or whether the
  // lengths) differ.
  Digest a = Sha256(given), b = Sha256(token);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

struct AdminEndpoints::State {
  server::App& app;
  SyncOptions defaults;
  std::mutex mu;
  bool running = false;
  std::string last_report;  // JSON of the last finished sync; empty before the first
  std::thread worker;

  State(server::App& a, SyncOptions d) : app(a), defaults(std::move(d)) {}

  // nullopt when authorized; the response to send otherwise.
  std::optional<server::Response> Deny(const server::Request& req) const {
    if (app.admin_token.empty()) return ErrorResponse(404, "not found");
    if (!BearerTokenMatches(HeaderValue(req, "authorization"), app.admin_token)) {
      server::Response r = ErrorResponse(401, "a valid admin token is required (Authorization: Bearer <token>)");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"glexia-admin\"");
      return r;
    }
    return std::nullopt;
  }
};

AdminEndpoints::AdminEndpoints(server::App& app, SyncOptions defaults)
    : state_(std::make_unique<State>(app, std::move(defaults))) {
  state_->defaults.download.progress = false;
}

AdminEndpoints::~AdminEndpoints() {
  if (state_->worker.joinable()) state_->worker.join();
}

server::Response AdminEndpoints::StartSync(const server::Request& req) {
  if (auto denied = state_->Deny(req)) return *denied;
  SyncOptions options = state_->defaults;
  if (!req.body.empty()) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(req.body).get(root) != simdjson::SUCCESS || !root.is_object())
      return ErrorResponse(400, "the body must be a JSON object like {\"source\": \"...\", \"all_versions\": true}");
    simdjson::dom::element value;
    if (root["source"].get(value) == simdjson::SUCCESS) {
      std::string_view source;
      if (value.get_string().get(source) != simdjson::SUCCESS || source.empty())
        return ErrorResponse(400, "\"source\" must be a non-empty string (an index URL, a path or a directory)");
      options.source = std::string(source);
    }
    if (root["all_versions"].get(value) == simdjson::SUCCESS) {
      bool all = false;
      if (value.get_bool().get(all) != simdjson::SUCCESS) return ErrorResponse(400, "\"all_versions\" must be true or false");
      options.versions = all ? VersionSelection::kAll : VersionSelection::kLatest;
    }
    simdjson::dom::array domains;
    if (root["domains"].get_array().get(domains) == simdjson::SUCCESS) {
      for (auto d : domains) {
        std::string_view name;
        if (d.get_string().get(name) != simdjson::SUCCESS || NormalizeDomain(name).empty())
          return ErrorResponse(400, "\"domains\" must list enterprise-attack, mobile-attack or ics-attack");
        options.domains.emplace_back(name);
      }
    }
  }
  std::lock_guard<std::mutex> lock(state_->mu);
  if (state_->running) return ErrorResponse(409, "a sync is already running; see GET /api/v1/admin/sync");
  if (state_->worker.joinable()) state_->worker.join();  // the previous one has finished
  state_->running = true;
  State* state = state_.get();
  state_->worker = std::thread([state, options] {
    std::string started = NowIso8601();
    auto result = SyncOnce(*state->app.store, options);
    std::string json = ReportJson(result, started, NowIso8601());
    std::lock_guard<std::mutex> done(state->mu);
    state->last_report = std::move(json);
    state->running = false;
  });
  JsonWriter w;
  w.BeginObject()
      .Field("status", "started")
      .Field("source", options.source.empty() ? std::string(kDefaultIndexUrl) : options.source)
      .Field("status_url", "/api/v1/admin/sync")
      .EndObject();
  server::Response r = JsonResponse(202, w.Take());
  r.headers.emplace_back("Location", "/api/v1/admin/sync");
  return r;
}

server::Response AdminEndpoints::SyncStatus(const server::Request& req) {
  if (auto denied = state_->Deny(req)) return *denied;
  std::lock_guard<std::mutex> lock(state_->mu);
  std::string body = "{\"running\":" + std::string(state_->running ? "true" : "false") + ",\"last\":" +
                     (state_->last_report.empty() ? std::string("null") : state_->last_report) + "}";
  return JsonResponse(200, std::move(body));
}

server::Response AdminEndpoints::Import(const server::Request& req) {
  if (auto denied = state_->Deny(req)) return *denied;
  if (req.body.empty()) return ErrorResponse(400, "the body must be a STIX bundle (JSON or gzip)");
  std::string data;
  if (LooksGzipped(req.body)) {
    auto inflated = Gunzip(req.body, "uploaded bundle");
    if (!inflated.ok()) return ErrorResponse(400, inflated.status().message());
    data = std::move(inflated).value();
  } else {
    data = req.body;
  }
  stix::ReadOptions read;
  read.domain = NormalizeDomain(QueryValue(req, "domain"));
  if (!QueryValue(req, "domain").empty() && read.domain.empty())
    return ErrorResponse(400, "unknown domain (use enterprise-attack, mobile-attack or ics-attack)");
  read.release = QueryValue(req, "release");
  std::string source = "upload from " + (req.remote.empty() ? std::string("admin API") : req.remote);
  auto bundle = stix::ParseBundle(std::move(data), source, read);
  if (!bundle.ok()) return ErrorResponse(HttpStatusFor(bundle.status()), bundle.status().message());
  store::ImportOptions options;
  options.replace = IsTrue(QueryValue(req, "replace"));
  options.source = source;
  options.downloaded_at = NowIso8601();
  auto imported = state_->app.store->Import(*bundle, options);
  if (!imported.ok()) return ErrorResponse(HttpStatusFor(imported.status()), imported.status().message());
  JsonWriter w;
  w.BeginObject()
      .Field("unchanged", imported->unchanged)
      .Field("replaced", imported->replaced)
      .Field("new_objects", imported->new_objects)
      .Field("reused_objects", imported->reused_objects)
      .Key("release");
  WriteRelease(w, imported->release);
  w.EndObject();
  return JsonResponse(imported->unchanged ? 200 : 201, w.Take());
}

}  // namespace glexia::sync
