// The OpenAPI 3.0 document of /api/, generated from the router's routes so a
// route any layer registers (with a summary) is documented by construction.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/http.h"

namespace glexia::api {

struct QueryParam {
  std::string name;
  std::string description;
  std::string type = "string";  // "string" | "integer" | "boolean"
  bool required = false;
};

// Query parameters per "METHOD pattern" for the routes whose parameters we know.
using QueryParamTable = std::map<std::string, std::vector<QueryParam>>;

// Documents every route whose pattern starts with `prefix`; "{name*}"
// segments become "{name}" path parameters.
std::string OpenApiDocument(const std::vector<server::Router::Route>& routes, const QueryParamTable& params,
                            std::string_view prefix = "/api/");

}  // namespace glexia::api
