// Placeholder until the sync layer registers its routes; replace with routes.cc.
#include "sync/routes.h"

namespace glexia::sync {
void RegisterRoutes(server::Router&, server::App&) {}
}  // namespace glexia::sync
