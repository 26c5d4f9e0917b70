// Releases, raw objects, search and analyst context.
#include <map>
#include <set>

#include "api/handlers.h"
#include "api/object_json.h"
#include "core/version.h"
#ifdef GLEXIA_HAVE_ANALYSIS
#include "analysis/analysis.h"
#endif

namespace glexia::api {

using model::Kind;
using model::Object;
using server::Request;
using server::Response;

Response ListReleases(ApiState& api, const Request&) {
  auto releases = api.app.store->ListReleases();
  if (!releases.ok()) return ApiError(releases.status());
  std::map<std::string, std::string> newest;
  for (const store::ReleaseInfo& r : *releases) {
    auto it = newest.find(r.domain);
    if (it == newest.end() || VersionLess(it->second, r.version)) newest[r.domain] = r.version;
  }
  JsonWriter w;
  w.BeginObject().Field("total", releases->size());
  w.Key("newest").BeginObject();
  for (const auto& [domain, version] : newest) w.Field(domain, version);
  w.EndObject();
  w.Key("releases").BeginArray();
  for (const store::ReleaseInfo& r : *releases) WriteReleaseInfo(w, r);
  w.EndArray().EndObject();
  return Response::Json(200, w.Take());
}

Response GetRelease(ApiState& api, const Request& req) {
  std::string domain;
  if (!NormalizeDomain(req.Param("domain"), &domain) || domain.empty()) {
    return ApiError(404, "unknown domain '" + req.Param("domain") + "'");
  }
  auto release = api.app.store->GetRelease(domain, req.Param("version"));
  if (!release.ok()) return ApiError(release.status());
  JsonWriter w;
  WriteReleaseInfo(w, *release);
  return Response::Json(200, w.Take());
}

Response RawObject(ApiState& api, const Request& req) {
  auto selector = ParseSelector(req);
  if (!selector.ok()) return ApiError(selector.status());
  std::string id = req.Param("id");
  int64_t object_id = 0;
  store::ReleaseInfo release;
  auto found = FindObject(*api.app.models, *selector, id);
  if (found.ok()) {
    object_id = found->object->store_object_id;
    release = found->model->release();
  } else {
    // Relationships (and anything else the model does not index as an
    // object) are still in the store by STIX id.
    if (found.status().code() != StatusCode::kNotFound) return ApiError(found.status());
    auto model = SelectModel(*api.app.models, *selector);
    if (!model.ok()) return ApiError(found.status());
    auto versions = api.app.store->FindObjects((*model)->release().id, id);
    if (!versions.ok() || versions->empty()) return ApiError(found.status());
    object_id = versions->front().object_id;
    release = (*model)->release();
  }
  auto bytes = api.app.store->RawBytes(object_id);
  if (!bytes.ok()) return ApiError(bytes.status());
  // The caching wrapper sets ETag to the SHA-256 of the body, which for these
  // exact bytes is the object's raw hash.
  Response r = Response::Json(200, std::move(bytes).value());
  r.SetHeader("X-Glexia-Release", release.domain + " " + release.version);
  return r;
}

Response Search(ApiState& api, const Request& req) {
  auto selector = ParseSelector(req);
  if (!selector.ok()) return ApiError(selector.status());
  auto limit = ParseIntParam(req, "limit", 20, 1, 200);
  if (!limit.ok()) return ApiError(limit.status());
  std::string q = req.Query("q");
  size_t b = q.find_first_not_of(" \t"), e = q.find_last_not_of(" \t");
  q = b == std::string::npos ? std::string() : q.substr(b, e - b + 1);
  if (q.empty()) return ApiError(400, "q is required");
  auto model = SelectModel(*api.app.models, *selector);
  if (!model.ok()) return ApiError(model.status());
  const model::ReleaseModel& m = **model;

  JsonWriter w;
  w.BeginObject().Key("release");
  WriteReleaseRef(w, m.release());
  w.Field("query", q);
  w.Key("results").BeginArray();
  std::set<std::string> seen;
  int64_t n = 0;
  // An exact ATT&CK ID (or STIX id) is what the user meant: it comes first.
  if (const Object* exact = m.Resolve(q)) {
    w.BeginObject();
    WriteRefFields(w, *exact);
    w.StringArray("platforms", exact->platforms).Field("match", "id").Key("rank").Null().EndObject();
    seen.insert(exact->stix_id);
    ++n;
  }
  auto hits = api.app.store->Search(m.release().id, q, static_cast<int>(*limit));
  if (!hits.ok()) {
    if (hits.status().code() == StatusCode::kInvalidArgument) return ApiError(hits.status());
    if (n == 0) return ApiError(hits.status());
  } else {
    for (const store::SearchHit& hit : *hits) {
      if (n >= *limit) break;
      const Object* o = m.ByStixId(hit.object.stix_id);
      if (!o || !seen.insert(o->stix_id).second) continue;
      w.BeginObject();
      WriteRefFields(w, *o);
      w.StringArray("platforms", o->platforms).Field("match", "text").Key("rank").Double(hit.rank).EndObject();
      ++n;
    }
  }
  w.EndArray().Field("total", n).EndObject();
  return Response::Json(200, w.Take());
}

Response TechniqueAnalysis(ApiState& api, const Request& req) {
  auto selector = ParseSelector(req);
  if (!selector.ok()) return ApiError(selector.status());
  auto found = FindObject(*api.app.models, *selector, req.Param("id"));
  if (!found.ok()) return ApiError(found.status());
  if (found->object->kind != Kind::kTechnique) {
    return ApiError(404, req.Param("id") + " is a " + std::string(model::KindSlug(found->object->kind)) +
                             ", not a technique");
  }
#ifdef GLEXIA_HAVE_ANALYSIS
  if (api.app.analysis == nullptr) return ApiError(503, "analysis engine not loaded");
  // The previous imported release of the same domain feeds the history facts.
  const store::ReleaseInfo& current = found->model->release();
  std::string previous_version;
  for (const store::ReleaseInfo& r : api.app.models->Releases()) {
    if (r.domain == current.domain && VersionLess(r.version, current.version) &&
        (previous_version.empty() || VersionLess(previous_version, r.version))) {
      previous_version = r.version;
    }
  }
  std::shared_ptr<const model::ReleaseModel> previous;
  if (!previous_version.empty()) {
    auto prev = api.app.models->Get(current.domain, previous_version);
    if (prev.ok()) previous = *prev;
  }
  auto context = api.app.analysis->Analyze(*found->model, *found->object, previous.get());
  if (!context.ok()) return ApiError(context.status());
  return Response::Json(200, analysis::ToJson(*context));
#else
  return ApiError(503, "analysis engine not loaded");
#endif
}

}  // namespace glexia::api
