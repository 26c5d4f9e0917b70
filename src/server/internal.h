// Helpers shared by the server's own .cc files; not part of the layer's API.
#pragma once

#include "core/html_escape.h"

#include <string>
#include <string_view>

#include "server/http.h"

namespace glexia::server {

// Escapes text for HTML element content and quoted attributes.

// "Not Found" for 404; a generic phrase for codes we do not name.
std::string_view ReasonPhrase(int status);
// The plain HTML error page used when no renderer covers a path.
Response DefaultErrorPage(int status, std::string_view message);

}  // namespace glexia::server
