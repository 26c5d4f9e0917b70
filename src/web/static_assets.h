// Our stylesheet and icon, compiled into the binary and served under /static/.
#pragma once

#include <string_view>

#include "server/http.h"

namespace glexia::web {

// "/static/glexia.css?v=<content hash>": the URL changes with the content, so
// browsers may cache it for a year.
std::string_view StylesheetUrl();

// Answers /static/glexia.css and /static/favicon.svg (404 for anything else),
// honouring If-None-Match.
server::Response ServeStatic(const server::Request& request);

}  // namespace glexia::web
