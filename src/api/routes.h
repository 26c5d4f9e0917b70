// HTTP routes of the api layer, added to the server's router by `glexia serve`.
#pragma once

#include "server/app.h"
#include "server/http.h"

namespace glexia::api {

// Adds this layer's routes. `app` outlives the router.
void RegisterRoutes(server::Router& router, server::App& app);

}  // namespace glexia::api
