#include "web/web_test_env.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/file_io.h"
#include "model/model.h"
#include "stix/bundle.h"
#include "web/paths.h"

namespace fs = std::filesystem;

namespace glexia::web::testing {
namespace {

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string AttackData(const std::string& relative) { return std::string(GLEXIA_ATTACK_DATA) + "/" + relative; }

std::unique_ptr<SiteEnv> MakeSiteEnv(const std::string& name, const std::vector<std::string>& bundle_paths,
                                     const std::string& domain, const std::string& release) {
  auto env = std::make_unique<SiteEnv>();
  fs::path dir = fs::path(GLEXIA_TEST_WORK) / "web" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto opened = store::OpenSqliteStore((dir / "store.db").string());
  if (!opened.ok()) {
    ADD_FAILURE() << opened.status().ToString();
    return nullptr;
  }
  env->store = std::move(opened).value();
  for (const auto& path : bundle_paths) {
    stix::ReadOptions options;
    options.domain = domain;
    options.release = release;
    auto bundle = stix::ReadBundle(path, options);
    if (!bundle.ok()) {
      ADD_FAILURE() << bundle.status().ToString();
      return nullptr;
    }
    auto imported = env->store->Import(bundle.value(), store::ImportOptions{});
    if (!imported.ok()) {
      ADD_FAILURE() << imported.status().ToString();
      return nullptr;
    }
  }
  env->models = std::make_unique<model::ModelCache>(*env->store, 8);
  env->app.store = env->store.get();
  env->app.models = env->models.get();
  env->site = std::make_unique<Site>(env->app);
  return env;
}

server::Request MakeRequest(const std::string& target) {
  server::Request req;
  req.method = "GET";
  req.target = target;
  size_t q = target.find('?');
  req.path = PercentDecode(target.substr(0, q));
  if (q != std::string::npos) {
    std::string_view rest = std::string_view(target).substr(q + 1);
    while (!rest.empty()) {
      size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      size_t eq = pair.find('=');
      req.query.emplace_back(PercentDecode(pair.substr(0, eq)),
                             eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  return req;
}

server::Response Get(SiteEnv& env, const std::string& target) {
  server::Request req = MakeRequest(target);
  std::vector<std::string> parts;
  for (size_t i = 1; i <= req.path.size();) {
    size_t slash = req.path.find('/', i);
    if (slash == std::string::npos) slash = req.path.size();
    parts.push_back(req.path.substr(i, slash - i));
    i = slash + 1;
  }
  Site& site = *env.site;
  if (req.path == "/") return site.Home(req);
  if (parts.empty()) return site.Error(req, 404, "no route");
  if (parts[0] == "static" || parts[0] == "favicon.ico") return site.Static(req);
  if (parts[0] == "search") return site.Search(req);
  if (parts[0] == "matrix") {
    if (parts.size() > 1) req.params["domain"] = parts[1];
    return site.Matrix(req);
  }
  if (parts[0] == "objects" && parts.size() == 2) {
    req.params["id"] = parts[1];
    return site.ObjectPage(req, std::nullopt);
  }
  model::Kind kind;
  if (KindForSegment(parts[0], &kind)) {
    if (parts.size() == 1) return site.KindIndex(req, kind);
    if (parts.size() == 2) {
      req.params["id"] = parts[1];
      return site.ObjectPage(req, kind);
    }
  }
  return site.Error(req, 404, "no route");
}

std::unique_ptr<RawBundle> LoadRaw(const std::string& path) {
  auto raw = std::make_unique<RawBundle>();
  auto bytes = ReadInputFile(path);
  if (!bytes.ok()) {
    ADD_FAILURE() << bytes.status().ToString();
    return nullptr;
  }
  raw->json = simdjson::padded_string(bytes.value());
  if (raw->parser.parse(raw->json).get(raw->root) != simdjson::SUCCESS) {
    ADD_FAILURE() << "cannot parse " << path;
    return nullptr;
  }
  simdjson::dom::array objects;
  if (raw->root["objects"].get_array().get(objects) != simdjson::SUCCESS) return nullptr;
  for (simdjson::dom::element o : objects) {
    raw->objects.push_back(o);
    raw->by_id[Str(o, "id")] = o;
  }
  return raw;
}

std::string Str(simdjson::dom::element obj, const char* key) {
  std::string_view s;
  if (obj[key].get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

bool Bool(simdjson::dom::element obj, const char* key) {
  bool b = false;
  if (obj[key].get_bool().get(b) != simdjson::SUCCESS) return false;
  return b;
}

std::string AttackId(simdjson::dom::element obj) {
  simdjson::dom::array refs;
  if (obj["external_references"].get_array().get(refs) != simdjson::SUCCESS) return {};
  for (simdjson::dom::element r : refs) {
    std::string source = Str(r, "source_name");
    if (source == "mitre-attack" || source == "mitre-mobile-attack" || source == "mitre-ics-attack") {
      return Str(r, "external_id");
    }
  }
  return {};
}

}  // namespace glexia::web::testing
