// Placeholder until the history layer registers its routes; replace with routes.cc.
#include "history/routes.h"

namespace glexia::history {
void RegisterRoutes(server::Router&, server::App&) {}
}  // namespace glexia::history
