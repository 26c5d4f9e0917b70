// Wires the /api/v1 handlers to the router, behind one wrapper that caches
// rendered JSON, answers conditional requests and turns exceptions into the
// API's JSON error shape.
#include "api/routes.h"

#include <exception>
#include <memory>

#include "api/handlers.h"
#include "core/sha256.h"

namespace glexia::api {

using server::Request;
using server::Response;

namespace {

using Fn = std::function<Response(ApiState&, const Request&)>;

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  // A comma-separated list, possibly with weak validators.
  size_t pos = 0;
  while (pos < if_none_match.size()) {
    size_t comma = if_none_match.find(',', pos);
    std::string item = if_none_match.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b != std::string::npos) {
      item = item.substr(b, e - b + 1);
      if (item.rfind("W/", 0) == 0) item = item.substr(2);
      if (item == etag) return true;
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return false;
}

server::Handler Cached(std::shared_ptr<ApiState> api, Fn fn) {
  return [api, fn = std::move(fn)](const Request& req) -> Response {
    try {
      // Same generation ⇒ same release list ⇒ the target alone decides the answer.
      std::string key = std::to_string(api->Generation());
      key.push_back(' ');
      key += req.target.empty() ? req.path : req.target;
      std::shared_ptr<const Response> cached = api->cache.Get(key);
      if (!cached) {
        Response fresh = fn(*api, req);
        if (fresh.status != 200) return fresh;
        fresh.SetHeader("ETag", "\"" + Sha256Hex(fresh.body) + "\"");
        fresh.SetHeader("Cache-Control", "no-cache");
        auto shared = std::make_shared<const Response>(std::move(fresh));
        api->cache.Put(key, shared);
        cached = std::move(shared);
      }
      for (const auto& [name, value] : cached->headers) {
        if (name == "ETag" && EtagMatches(req.Header("if-none-match"), value)) {
          Response not_modified;
          not_modified.status = 304;
          not_modified.content_type = cached->content_type;
          not_modified.headers = cached->headers;
          return not_modified;
        }
      }
      return *cached;
    } catch (const std::exception&) {
      // Details stay out of the response; the access log has the request.
      return ApiError(500, "internal error while answering " + req.path);
    }
  };
}

std::vector<QueryParam> SelectorParams() {
  return {{"release", "release version, e.g. 18.1 (default: newest)"},
          {"domain", "enterprise-attack (default), mobile-attack or ics-attack"}};
}

std::vector<QueryParam> ListParams(bool with_type) {
  std::vector<QueryParam> p = SelectorParams();
  if (with_type) p.push_back({"type", "object type: technique, group, software, ..."});
  p.push_back({"platform", "only objects for this platform, e.g. Linux"});
  p.push_back({"tactic", "only techniques of this tactic: TA0043, reconnaissance or Reconnaissance"});
  p.push_back({"q", "case-insensitive text in ATT&CK ID, name, aliases or description"});
  p.push_back({"include_inactive", "also revoked and deprecated objects", "boolean"});
  p.push_back({"limit", "page size, 1..1000 (default 50)", "integer"});
  p.push_back({"offset", "index of the first item (default 0)", "integer"});
  return p;
}

}  // namespace

void RegisterRoutes(server::Router& router, server::App& app) {
  auto api = std::make_shared<ApiState>(app, router);
  auto add = [&](const std::string& pattern, Fn fn, std::string summary, std::vector<QueryParam> params) {
    api->query_params["GET " + pattern] = std::move(params);
    router.Add("GET", pattern, Cached(api, std::move(fn)), std::move(summary));
  };
  router.SetErrorRenderer("/api/", [](const Request&, int status, std::string_view message) {
    return ApiError(status, message);
  });

  add("/api/v1/openapi.json", OpenApi, "This OpenAPI 3 document", {});
  add("/api/v1/releases", ListReleases, "Imported releases with sync metadata and counts", {});
  add("/api/v1/releases/{domain}/{version}", GetRelease, "One imported release", {});
  add("/api/v1/objects", [](ApiState& a, const Request& r) { return ListObjects(a, r, std::nullopt); },
      "Objects of a release, filtered and paged", ListParams(true));
  add("/api/v1/objects/{id}", [](ApiState& a, const Request& r) { return GetObject(a, r, std::nullopt); },
      "Any object by ATT&CK ID or STIX id, with its relations", SelectorParams());
  for (int k = 0; k <= static_cast<int>(model::Kind::kMarking); ++k) {
    auto kind = static_cast<model::Kind>(k);
    std::string base = "/api/v1/" + std::string(model::KindPathSegment(kind));
    std::string label(model::KindLabel(kind));
    add(base, [kind](ApiState& a, const Request& r) { return ListObjects(a, r, kind); },
        label + " objects of a release, filtered and paged", ListParams(false));
    add(base + "/{id}", [kind](ApiState& a, const Request& r) { return GetObject(a, r, kind); },
        label + " by ATT&CK ID or STIX id, with its relations", SelectorParams());
  }
  for (model::Kind kind : {model::Kind::kGroup, model::Kind::kSoftware, model::Kind::kCampaign}) {
    add("/api/v1/" + std::string(model::KindPathSegment(kind)) + "/{id}/techniques",
        [kind](ApiState& a, const Request& r) { return TechniquesOf(a, r, kind); },
        "Techniques a " + std::string(model::KindSlug(kind)) +
            " uses: direct, via its software, via its campaigns, with procedure text",
        SelectorParams());
  }
  add("/api/v1/techniques/{id}/analysis", TechniqueAnalysis, "Analyst context for a technique", SelectorParams());
  add("/api/v1/raw/{id}", RawObject, "The object's exact bytes from its bundle; ETag is their SHA-256",
      SelectorParams());
  std::vector<QueryParam> search = SelectorParams();
  search.insert(search.begin(), {"q", "ATT&CK ID or words", "string", true});
  search.push_back({"limit", "at most this many results, 1..200 (default 20)", "integer"});
  add("/api/v1/search", Search, "Ranked full-text search; an exact ATT&CK ID comes first", search);
}

Response OpenApi(ApiState& api, const Request&) {
  return Response::Json(200, OpenApiDocument(api.router.routes(), api.query_params));
}

}  // namespace glexia::api
