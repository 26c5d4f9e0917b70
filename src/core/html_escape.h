// HTML escaping for element text and quoted attribute values: the one
// function every layer that writes HTML uses for untrusted strings.
#pragma once

#include <string>
#include <string_view>

namespace glexia {

// Escapes & < > " ' and drops NUL bytes (never meaningful in a page).
std::string EscapeHtml(std::string_view text);

}  // namespace glexia
