// Placeholder until the web layer registers its routes; replace with routes.cc.
#include "web/routes.h"

namespace glexia::web {
void RegisterRoutes(server::Router&, server::App&) {}
}  // namespace glexia::web
