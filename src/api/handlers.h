// The api layer's request handlers (routes.cc wires them to paths). Each
// returns a finished Response, errors included, and never throws on bad input.
#pragma once

#include <optional>

#include "api/api_http.h"
#include "model/model.h"
#include "server/http.h"

namespace glexia::api {

// `kind` set: the typed alias (/api/v1/techniques/...), which insists on it.
server::Response GetObject(ApiState& api, const server::Request& req, std::optional<model::Kind> kind);
server::Response ListObjects(ApiState& api, const server::Request& req, std::optional<model::Kind> kind);
server::Response TechniquesOf(ApiState& api, const server::Request& req, model::Kind kind);

server::Response ListReleases(ApiState& api, const server::Request& req);
server::Response GetRelease(ApiState& api, const server::Request& req);
server::Response RawObject(ApiState& api, const server::Request& req);
server::Response Search(ApiState& api, const server::Request& req);
server::Response TechniqueAnalysis(ApiState& api, const server::Request& req);
server::Response OpenApi(ApiState& api, const server::Request& req);

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string UrlEncode(std::string_view value);

}  // namespace glexia::api
