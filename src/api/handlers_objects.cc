// Objects: one by id, filtered lists with paging, and an actor's techniques.
#include <algorithm>
#include <cctype>

#include "api/handlers.h"
#include "api/object_json.h"

namespace glexia::api {

using model::Kind;
using model::Object;
using server::Request;
using server::Response;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
  return it != haystack.end();
}

// Finds the object the path names and checks it is of the route's kind.
Result<Found> FindForRoute(ApiState& api, const Request& req, std::optional<Kind> kind) {
  GLEXIA_ASSIGN_OR_RETURN(ReleaseSelector selector, ParseSelector(req));
  std::string id = req.Param("id");
  GLEXIA_ASSIGN_OR_RETURN(Found found, FindObject(*api.app.models, selector, id));
  if (kind && found.object->kind != *kind) {
    return Status::NotFound(id + " is a " + std::string(model::KindSlug(found.object->kind)) + ", not a " +
                            std::string(model::KindSlug(*kind)));
  }
  return found;
}

// The tactic a ?tactic= names: ATT&CK ID, STIX id, shortname or name.
const Object* FindTactic(const model::ReleaseModel& m, std::string_view name) {
  if (const Object* t = m.Resolve(name); t && t->kind == Kind::kTactic) return t;
  for (const Object* t : m.TacticsInOrder()) {
    if (EqualsIgnoreCase(t->shortname, name) || EqualsIgnoreCase(t->name, name)) return t;
  }
  for (const Object* t : m.OfKind(Kind::kTactic, true)) {
    if (EqualsIgnoreCase(t->shortname, name) || EqualsIgnoreCase(t->name, name)) return t;
  }
  return nullptr;
}

std::string NextLink(const Request& req, int64_t next_offset) {
  std::string out = req.path;
  char sep = '?';
  for (const auto& [key, value] : req.query) {
    if (key == "offset") continue;
    out += sep + UrlEncode(key) + "=" + UrlEncode(value);
    sep = '&';
  }
  out += sep + std::string("offset=") + std::to_string(next_offset);
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view value) { return server::PercentEncode(value); }

Response GetObject(ApiState& api, const Request& req, std::optional<Kind> kind) {
  auto found = FindForRoute(api, req, kind);
  if (!found.ok()) return ApiError(found.status());
  return Response::Json(200, ObjectDocument(*found->model, *found->object));
}

Response TechniquesOf(ApiState& api, const Request& req, Kind kind) {
  auto found = FindForRoute(api, req, kind);
  if (!found.ok()) return ApiError(found.status());
  return Response::Json(200, TechniquesOfDocument(*found->model, *found->object));
}

Response ListObjects(ApiState& api, const Request& req, std::optional<Kind> kind) {
  auto selector = ParseSelector(req);
  if (!selector.ok()) return ApiError(selector.status());
  auto limit = ParseIntParam(req, "limit", 50, 1, 1000);
  if (!limit.ok()) return ApiError(limit.status());
  auto offset = ParseIntParam(req, "offset", 0, 0, 1'000'000'000);
  if (!offset.ok()) return ApiError(offset.status());
  auto include_inactive = ParseBoolParam(req, "include_inactive", false);
  if (!include_inactive.ok()) return ApiError(include_inactive.status());
  if (!kind && req.HasQuery("type")) {
    Kind k;
    std::string type = req.Query("type");
    if (!model::KindFromName(type, &k)) return ApiError(400, "unknown type '" + type + "'");
    kind = k;
  }
  auto model = SelectModel(*api.app.models, *selector);
  if (!model.ok()) return ApiError(model.status());
  const model::ReleaseModel& m = **model;

  const Object* tactic = nullptr;
  if (req.HasQuery("tactic")) {
    tactic = FindTactic(m, req.Query("tactic"));
    if (!tactic) return ApiError(400, "unknown tactic '" + req.Query("tactic") + "' in " + m.release().domain + " " +
                                          m.release().version);
  }
  std::string platform = req.Query("platform");
  std::string text = req.Query("q");

  std::vector<const Object*> candidates;
  if (kind) {
    candidates = m.OfKind(*kind, *include_inactive);
  } else {
    for (const Object& o : m.objects()) {
      if (*include_inactive || o.active()) candidates.push_back(&o);
    }
  }
  std::vector<const Object*> matches;
  for (const Object* o : candidates) {
    if (!platform.empty() && std::none_of(o->platforms.begin(), o->platforms.end(),
                                          [&](const std::string& p) { return EqualsIgnoreCase(p, platform); })) {
      continue;
    }
    if (tactic) {
      if (o->kind != Kind::kTechnique) continue;
      auto tactics = m.TacticsOf(*o);
      if (std::find(tactics.begin(), tactics.end(), tactic) == tactics.end()) continue;
    }
    if (!text.empty() && !ContainsIgnoreCase(o->name, text) && !ContainsIgnoreCase(o->attack_id, text) &&
        !ContainsIgnoreCase(o->description, text) &&
        std::none_of(o->aliases.begin(), o->aliases.end(),
                     [&](const std::string& a) { return ContainsIgnoreCase(a, text); })) {
      continue;
    }
    matches.push_back(o);
  }

  JsonWriter w;
  w.BeginObject().Key("release");
  WriteReleaseRef(w, m.release());
  w.FieldOrNull("type", kind ? model::KindSlug(*kind) : std::string_view());
  w.Field("total", matches.size()).Field("limit", *limit).Field("offset", *offset);
  int64_t end = std::min<int64_t>(*offset + *limit, static_cast<int64_t>(matches.size()));
  w.Key("next");
  if (end < static_cast<int64_t>(matches.size())) {
    w.String(NextLink(req, end));
  } else {
    w.Null();
  }
  w.Key("items").BeginArray();
  for (int64_t i = *offset; i < end; ++i) WriteListItem(w, *matches[static_cast<size_t>(i)]);
  w.EndArray().EndObject();
  return Response::Json(200, w.Take());
}

}  // namespace glexia::api
