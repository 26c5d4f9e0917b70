// HTTP routes of the history layer, added to the server's router by `glexia serve`.
#pragma once

#include "server/app.h"
#include "server/http.h"

namespace glexia::history {

// Adds this layer's routes. `app` outlives the router.
void RegisterRoutes(server::Router& router, server::App& app);

}  // namespace glexia::history
