// Placeholder until the api layer registers its routes; replace with routes.cc.
#include "api/routes.h"

namespace glexia::api {
void RegisterRoutes(server::Router&, server::App&) {}
}  // namespace glexia::api
