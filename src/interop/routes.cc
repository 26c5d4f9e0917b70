// /api/v1/layers/... (Navigator layers) and /api/v1/exports/... (XLSX, CSV,
// STIX bundles), served as attachment downloads.
#include "interop/routes.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "core/file_io.h"
#include "core/json_writer.h"
#include "interop/exports.h"
#include "interop/layers.h"
#include "interop/lookup.h"

namespace glexia::interop {
namespace {

using server::Request;
using server::Response;

// Same shape as the rest of /api/: {"error":{"status","code","message"}}.
Response ApiError(int status, std::string_view message) {
  JsonWriter w;
  std::string_view code = status == 400 ? "bad_request" : status == 404 ? "not_found" : status == 503 ? "unavailable"
                                                                                                      : "internal_error";
  w.BeginObject().Key("error").BeginObject();
  w.Field("status", status).Field("code", code).Field("message", message);
  w.EndObject().EndObject();
  Response r = Response::Json(status, w.Take());
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response ApiError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound: return ApiError(404, status.message());
    case StatusCode::kInvalidArgument: return ApiError(400, status.message());
    case StatusCode::kUnavailable: return ApiError(503, status.message());
    default: return ApiError(500, status.message());
  }
}

Response Download(std::string content_type, std::string file_name, std::string body) {
  Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return r;
}

std::string QueryOf(const Request& req, std::string_view key) {
  for (const auto& [k, v] : req.query) {
    if (k == key) return v;
  }
  return "";
}

class State {
 public:
  explicit State(server::App& app) : app(app) {}
  server::App& app;

  LayerOptions Options() const { return LayerOptions{app.public_base_url}; }

  Result<std::shared_ptr<const model::ReleaseModel>> Model(std::string_view domain, std::string_view version) {
    if (app.models == nullptr) return Status::Unavailable("the model cache is not wired");
    return SelectModel(*app.models, domain, version);
  }

  // XLSX bytes of a release; the last couple are kept (building one takes a second or two).
  Result<std::string> Xlsx(const model::ReleaseModel& model) {
    const auto& rel = model.release();
    std::string key = std::to_string(rel.id) + "/" + rel.bundle_sha256 + "/" + rel.imported_at;
    {
      std::lock_guard lock(mu_);
      for (const auto& [k, bytes] : xlsx_) {
        if (k == key) return bytes;
      }
    }
    static std::atomic<int> counter{0};
    std::string path = (std::filesystem::temp_directory_path() /
                        ("glexia-export-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".xlsx"))
                           .string();
    Status st = WriteXlsx(BuildSheets(model), path);
    Result<std::string> bytes = st.ok() ? ReadInputFile(path) : Result<std::string>(st);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (!bytes.ok()) return bytes.status();
    std::lock_guard lock(mu_);
    xlsx_.emplace_back(key, *bytes);
    if (xlsx_.size() > 2) xlsx_.erase(xlsx_.begin());
    return bytes;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> xlsx_;
};

Response LayerResponse(const Result<Layer>& layer) {
  if (!layer.ok()) return ApiError(layer.status());
  return Download("application/json", layer->file_name, layer->json);
}

Response ActorLayerRoute(State& s, const Request& req, model::Kind kind) {
  auto model = s.Model(QueryOf(req, "domain"), QueryOf(req, "release"));
  if (!model.ok()) return ApiError(model.status());
  auto actor = FindOfKind(**model, req.params.at("id"), kind);
  if (!actor.ok()) return ApiError(actor.status());
  return LayerResponse(ActorLayer(**model, **actor, s.Options()));
}

Response ExportFile(State& s, const Request& req) {
  // {version}.xlsx
  const std::string file = req.params.at("file");
  if (!file.ends_with(".xlsx")) return ApiError(404, "exports are <version>.xlsx, <version>/stix.json or <version>/<sheet>.csv");
  auto model = s.Model(req.params.at("domain"), file.substr(0, file.size() - 5));
  if (!model.ok()) return ApiError(model.status());
  auto bytes = s.Xlsx(**model);
  if (!bytes.ok()) return ApiError(bytes.status());
  const auto& rel = (*model)->release();
  return Download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  rel.domain + "-" + rel.version + ".xlsx", std::move(bytes).value());
}

Response ExportCsv(State& s, const Request& req) {
  const std::string file = req.params.at("file");
  auto model = s.Model(req.params.at("domain"), req.params.at("version"));
  if (!model.ok()) return ApiError(model.status());
  std::vector<Sheet> sheets = BuildSheets(**model);
  std::string names;
  for (const Sheet& sheet : sheets) {
    if (CsvFileName(sheet) == file) {
      const auto& rel = (*model)->release();
      return Download("text/csv; charset=utf-8", rel.domain + "-" + rel.version + "-" + file, ToCsv(sheet));
    }
    names += (names.empty() ? "" : ", ") + CsvFileName(sheet);
  }
  return ApiError(404, "no sheet '" + file + "'; sheets: " + names);
}

Response ExportStix(State& s, const Request& req) {
  auto model = s.Model(req.params.at("domain"), req.params.at("version"));
  if (!model.ok()) return ApiError(model.status());
  const auto& rel = (*model)->release();
  std::string object = QueryOf(req, "object");
  if (object.empty()) {
    auto bundle = ExportReleaseBundle(*s.app.store, rel);
    if (!bundle.ok()) return ApiError(bundle.status());
    return Download("application/json", rel.domain + "-" + rel.version + ".json", std::move(bundle).value());
  }
  const model::Object* root = (*model)->Resolve(object);
  if (root == nullptr) return ApiError(404, object + " is not in " + rel.domain + " " + rel.version);
  auto bundle = ExportSubsetBundle(*s.app.store, **model, *root);
  if (!bundle.ok()) return ApiError(bundle.status());
  std::string name = root->attack_id.empty() ? root->stix_id : root->attack_id;
  return Download("application/json", name + "-" + rel.domain + "-" + rel.version + ".json", std::move(bundle).value());
}

}  // namespace

void RegisterRoutes(server::Router& router, server::App& app) {
  auto state = std::make_shared<State>(app);
  auto add = [&](std::string pattern, std::function<Response(State&, const Request&)> fn, std::string summary) {
    router.Add("GET", std::move(pattern), [state, fn](const Request& req) { return fn(*state, req); },
               std::move(summary));
  };
  add("/api/v1/layers/groups/{id}", [](State& s, const Request& r) { return ActorLayerRoute(s, r, model::Kind::kGroup); },
      "Navigator layer (4.5) of the techniques a group uses, coloured by how (?release=&domain=)");
  add("/api/v1/layers/software/{id}",
      [](State& s, const Request& r) { return ActorLayerRoute(s, r, model::Kind::kSoftware); },
      "Navigator layer (4.5) of the techniques a software uses (?release=&domain=)");
  add("/api/v1/layers/campaigns/{id}",
      [](State& s, const Request& r) { return ActorLayerRoute(s, r, model::Kind::kCampaign); },
      "Navigator layer (4.5) of the techniques a campaign uses, coloured by how (?release=&domain=)");
  add("/api/v1/layers/platform/{name}",
      [](State& s, const Request& req) {
        auto model = s.Model(QueryOf(req, "domain"), QueryOf(req, "release"));
        if (!model.ok()) return ApiError(model.status());
        return LayerResponse(PlatformLayer(**model, req.params.at("name"), s.Options()));
      },
      "Navigator layer (4.5) of the techniques of a platform (?release=&domain=)");
  add("/api/v1/layers/tactic/{id}",
      [](State& s, const Request& req) {
        auto model = s.Model(QueryOf(req, "domain"), QueryOf(req, "release"));
        if (!model.ok()) return ApiError(model.status());
        auto tactic = FindTactic(**model, req.params.at("id"));
        if (!tactic.ok()) return ApiError(tactic.status());
        return LayerResponse(TacticLayer(**model, **tactic, s.Options()));
      },
      "Navigator layer (4.5) of the techniques of a tactic: TA0043, reconnaissance or Reconnaissance "
      "(?release=&domain=)");
  add("/api/v1/layers/overlap",
      [](State& s, const Request& req) {
        auto model = s.Model(QueryOf(req, "domain"), QueryOf(req, "release"));
        if (!model.ok()) return ApiError(model.status());
        auto groups = FindGroups(**model, QueryOf(req, "groups"));
        if (!groups.ok()) return ApiError(groups.status());
        return LayerResponse(OverlapLayer(**model, *groups, s.Options()));
      },
      "Navigator layer (4.5) of techniques shared by groups, score = how many use it (?groups=G0034,G0035"
      "&release=&domain=)");
  add("/api/v1/exports/{domain}/{file}", ExportFile,
      "Spreadsheet (XLSX, attackToExcel-like) of a release: /api/v1/exports/enterprise-attack/18.1.xlsx");
  add("/api/v1/exports/{domain}/{version}/stix.json", ExportStix,
      "STIX bundle of a release with the original object bytes; ?object=G0034 for one group/software/campaign "
      "and what it uses");
  add("/api/v1/exports/{domain}/{version}/{file}", ExportCsv,
      "One sheet of the spreadsheet export as CSV, e.g. .../18.1/techniques.csv");
}

}  // namespace glexia::interop
