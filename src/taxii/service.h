// The TAXII 2.1 endpoints as plain Request → Response functions (routes.cc
// binds them to paths; tests call them directly with req.params filled in).
//
// API roots: "<domain>" serves the newest imported release of the domain,
// "<domain>-<version>" (e.g. enterprise-attack-18.1) one pinned release.
// Each API root has exactly one read-only collection whose id is a UUID v5
// of "glexia-taxii:<root name>", so it is stable across restarts and imports.
// Thread-safe: handlers only read the store and a locked cache.
#pragma once

#include <string>
#include <string_view>

#include "server/app.h"
#include "server/http.h"
#include "store/store.h"
#include "taxii/collection.h"

namespace glexia::taxii {

inline constexpr std::string_view kTaxiiMediaType = "application/taxii+json;version=2.1";
inline constexpr std::string_view kStixMediaType = "application/stix+json;version=2.1";

// True when an Accept header admits the TAXII 2.1 media type: absent or
// empty, */*, application/*, application/taxii+json (no version, or
// version=2.1), each possibly with other parameters or a q-value above 0.
bool AcceptsTaxii21(std::string_view accept_header);

// A TAXII error message resource ({"title", "description", "http_status"}).
server::Response ErrorResponse(int status, std::string_view title, std::string_view description = "");

// The collection id of an API root ("enterprise-attack", "enterprise-attack-18.1").
std::string CollectionIdFor(std::string_view root_name);

class Service {
 public:
  explicit Service(server::App& app) : app_(app) {}

  server::Response Discovery(const server::Request& req);
  server::Response ApiRoot(const server::Request& req);         // {root}
  server::Response Collections(const server::Request& req);     // {root}
  server::Response Collection(const server::Request& req);      // {root} {collection}
  server::Response Objects(const server::Request& req);         // {root} {collection}
  server::Response Object(const server::Request& req);          // {root} {collection} {object}
  server::Response Versions(const server::Request& req);        // {root} {collection} {object}
  server::Response Manifest(const server::Request& req);        // {root} {collection}
  server::Response StatusResource(const server::Request& req);  // {root} {status}: never any
  // POST objects / DELETE object: the collections are read-only (403).
  server::Response ReadOnly(const server::Request& req);

 private:
  struct Target;  // a resolved API root and, optionally, its collection's objects
  server::Response Resolve(const server::Request& req, bool need_collection, bool need_objects, Target* target);
  std::string BaseUrl(const server::Request& req) const;

  server::App& app_;
  ReleaseObjectsCache cache_;
};

}  // namespace glexia::taxii
