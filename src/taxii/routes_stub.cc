// Placeholder until the taxii layer registers its routes; replace with routes.cc.
#include "taxii/routes.h"

namespace glexia::taxii {
void RegisterRoutes(server::Router&, server::App&) {}
}  // namespace glexia::taxii
