#include "taxii/routes.h"

#include <memory>

#include "taxii/service.h"

namespace glexia::taxii {

void RegisterRoutes(server::Router& router, server::App& app) {
  auto service = std::make_shared<Service>(app);
  // TAXII URLs end with '/'; clients that drop it are served the same.
  auto add = [&](const char* method, std::string pattern, server::Response (Service::*fn)(const server::Request&),
                 const char* summary) {
    auto handler = [service, fn](const server::Request& req) { return ((*service).*fn)(req); };
    router.Add(method, pattern, handler, summary);
    if (pattern.size() > 1 && pattern.back() == '/') {
      pattern.pop_back();
      router.Add(method, pattern, handler, "");
    }
  };
  const std::string root = "/taxii2/{root}/";
  const std::string coll = root + "collections/{collection}/";
  add("GET", "/taxii2/", &Service::Discovery, "TAXII 2.1 discovery: the API roots");
  add("GET", root, &Service::ApiRoot, "TAXII 2.1 API root (a domain's newest release, or <domain>-<version>)");
  add("GET", root + "collections/", &Service::Collections, "TAXII 2.1 collections of an API root");
  add("GET", root + "status/{status}/", &Service::StatusResource, "TAXII 2.1 status (none: read-only)");
  add("GET", coll, &Service::Collection, "TAXII 2.1 collection");
  add("GET", coll + "objects/", &Service::Objects,
      "TAXII 2.1 objects (added_after, limit, next, match[id|type|version|spec_version])");
  add("POST", coll + "objects/", &Service::ReadOnly, "TAXII 2.1 add objects: 403, collections are read-only");
  add("GET", coll + "objects/{object}/", &Service::Object, "TAXII 2.1 object by id");
  add("DELETE", coll + "objects/{object}/", &Service::ReadOnly, "TAXII 2.1 delete object: 403, read-only");
  add("GET", coll + "objects/{object}/versions/", &Service::Versions, "TAXII 2.1 object versions");
  add("GET", coll + "manifest/", &Service::Manifest, "TAXII 2.1 manifest");
  router.SetErrorRenderer("/taxii2", [](const server::Request&, int status, std::string_view message) {
    return ErrorResponse(status, status == 405 ? "Method not allowed" : status == 404 ? "Not found" : "Error",
                         message);
  });
}

}  // namespace glexia::taxii
