// HTTP routes of the taxii layer, added to the server's router by `glexia serve`.
#pragma once

#include "server/app.h"
#include "server/http.h"

namespace glexia::taxii {

// Adds this layer's routes. `app` outlives the router.
void RegisterRoutes(server::Router& router, server::App& app);

}  // namespace glexia::taxii
