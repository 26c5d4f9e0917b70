// The site frame and HTML helpers every page-producing layer uses (web,
// history, interop). Implemented by the web layer. Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "server/http.h"
#include "store/store.h"

namespace glexia::web {

// Escapes text for HTML element content and quoted attribute values.
std::string Escape(std::string_view text);

struct PageContext {
  std::string title;    // <title> and <h1> context; plain text
  std::string domain;   // "enterprise-attack"; empty on domain-less pages
  std::string release;  // version the page shows ("18.1"); empty if none
  std::string path;     // the page's path without query, for the release picker links
  std::vector<store::ReleaseInfo> releases;  // all imported releases, for the picker
};

// Wraps `body_html` (already safe HTML) in the site layout — header with the
// search box and release picker, our CSS, footer with the MITRE notice — and
// returns a response with the security headers (CSP and friends) set.
server::Response RenderPage(const PageContext& page, std::string_view body_html, int status = 200);

// Adds the Content-Security-Policy and the other security headers every HTML
// response carries (RenderPage does this itself).
void SetSecurityHeaders(server::Response& response);

// The MITRE attribution notice as HTML (also in every page footer).
std::string AttributionNotice();

// "/techniques/T1591.002", "/groups/G0034", or "/objects/<stix-id>" for objects without an ATT&CK ID.
std::string ObjectPath(const model::Object& object);
// <a href="/techniques/T1591.002?release=18.1&domain=...">T1591.002</a>; text defaults to the ATT&CK ID.
std::string ObjectLink(const model::Object& object, const store::ReleaseInfo& release, std::string_view text = "");

}  // namespace glexia::web
