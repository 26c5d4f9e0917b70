#include "api/openapi.h"

#include <cctype>

#include "core/json_writer.h"

namespace glexia::api {

namespace {

struct PathParam {
  std::string name;
};

// "/api/v1/raw/{id*}" → "/api/v1/raw/{id}" and its parameter names.
std::string OpenApiPath(std::string_view pattern, std::vector<PathParam>* params) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) break;
      std::string name(pattern.substr(i + 1, close - i - 1));
      if (!name.empty() && name.back() == '*') name.pop_back();
      params->push_back({name});
      out += "{" + name + "}";
      i = close + 1;
    } else {
      out.push_back(pattern[i++]);
    }
  }
  return out;
}

std::string OperationId(std::string_view method, std::string_view path) {
  std::string out;
  for (char c : method) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  bool upper = true;
  for (char c : path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      upper = false;
    } else {
      upper = true;
    }
  }
  return out;
}

std::string_view PathParamDescription(std::string_view name) {
  if (name == "id") return "ATT&CK ID (e.g. T1591.002, G0034) or STIX id";
  if (name == "domain") return "enterprise-attack, mobile-attack or ics-attack";
  if (name == "version") return "release version, e.g. 18.1";
  return "";
}

void WriteOperation(JsonWriter& w, const server::Router::Route& route, const std::vector<PathParam>& path_params,
                    const std::vector<QueryParam>* query_params, const std::string& path) {
  std::string method;
  for (char c : route.method) method.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  w.Key(method).BeginObject();
  w.Field("operationId", OperationId(route.method, path));
  w.Field("summary", route.summary.empty() ? route.method + " " + path : route.summary);
  w.Key("parameters").BeginArray();
  for (const PathParam& p : path_params) {
    w.BeginObject().Field("name", p.name).Field("in", "path").Field("required", true);
    w.Field("description", PathParamDescription(p.name));
    w.Key("schema").BeginObject().Field("type", "string").EndObject().EndObject();
  }
  if (query_params) {
    for (const QueryParam& q : *query_params) {
      w.BeginObject().Field("name", q.name).Field("in", "query").Field("required", q.required);
      w.Field("description", q.description);
      w.Key("schema").BeginObject().Field("type", q.type).EndObject().EndObject();
    }
  }
  w.EndArray();
  w.Key("responses").BeginObject();
  w.Key("200").BeginObject().Field("description", "OK");
  w.Key("content").BeginObject().Key("application/json").BeginObject();
  w.Key("schema").BeginObject().EndObject().EndObject().EndObject().EndObject();
  w.Key("default").BeginObject().Field("description", "Error");
  w.Key("content").BeginObject().Key("application/json").BeginObject();
  w.Key("schema").BeginObject().Field("$ref", "#/components/schemas/Error").EndObject();
  w.EndObject().EndObject().EndObject();
  w.EndObject();  // responses
  w.EndObject();  // operation
}

void WriteErrorSchema(JsonWriter& w) {
  w.Key("Error").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("error").EndArray();
  w.Key("properties").BeginObject().Key("error").BeginObject().Field("type", "object");
  w.Key("required").BeginArray().String("status").String("code").String("message").EndArray();
  w.Key("properties").BeginObject();
  w.Key("status").BeginObject().Field("type", "integer").EndObject();
  w.Key("code").BeginObject().Field("type", "string").Field("example", "not_found").EndObject();
  w.Key("message").BeginObject().Field("type", "string").EndObject();
  w.EndObject().EndObject().EndObject().EndObject();
}

}  // namespace

std::string OpenApiDocument(const std::vector<server::Router::Route>& routes, const QueryParamTable& params,
                            std::string_view prefix) {
  // Group operations by path, keeping registration order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const server::Router::Route*>> by_path;
  for (const server::Router::Route& route : routes) {
    if (route.pattern.compare(0, prefix.size(), prefix) != 0) continue;
    std::vector<PathParam> ignored;
    std::string path = OpenApiPath(route.pattern, &ignored);
    if (by_path.find(path) == by_path.end()) order.push_back(path);
    by_path[path].push_back(&route);
  }

  JsonWriter w;
  w.BeginObject().Field("openapi", "3.0.3");
  w.Key("info").BeginObject().Field("title", "Glexia API").Field("version", "v1");
  w.Field("description",
          "MITRE ATT&CK knowledge from the releases imported into this Glexia. Without ?release= and ?domain= "
          "answers come from the newest enterprise-attack release. Every error has the shape "
          "{\"error\":{\"status\",\"code\",\"message\"}}.");
  w.EndObject();
  w.Key("paths").BeginObject();
  for (const std::string& path : order) {
    w.Key(path).BeginObject();
    for (const server::Router::Route* route : by_path[path]) {
      std::vector<PathParam> path_params;
      OpenApiPath(route->pattern, &path_params);
      auto it = params.find(route->method + " " + route->pattern);
      WriteOperation(w, *route, path_params, it == params.end() ? nullptr : &it->second, path);
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("components").BeginObject().Key("schemas").BeginObject();
  WriteErrorSchema(w);
  w.EndObject().EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace glexia::api
