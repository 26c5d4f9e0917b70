// Placeholder until the interop layer registers its routes; replace with routes.cc.
#include "interop/routes.h"

namespace glexia::interop {
void RegisterRoutes(server::Router&, server::App&) {}
}  // namespace glexia::interop
