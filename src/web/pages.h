// Page bodies of the web layer. Each returns safe HTML for RenderPage; all
// untrusted text is escaped or sanitized inside.
#pragma once

#include <string>

#include "server/http.h"
#include "web/page_parts.h"

namespace glexia::web {

// The technique / sub-technique page, section by section as the reference page.
std::string TechniquePageBody(PageEnv& env, const model::Object& technique);
// "Analyst context for executives and security teams" (analysis engine output, or an honest note).
std::string AnalystContextSection(PageEnv& env, const model::Object& technique);
// Pages for every other kind: facts, description, kind-specific relationship
// sections, all relationships, versions, raw, references.
std::string ObjectPageBody(PageEnv& env, const model::Object& object);
// A list of every object of one kind in the release.
std::string KindIndexBody(PageEnv& env, model::Kind kind);
// The matrix of the release: tactics as columns; `platform` filters ("" = all).
std::string MatrixBody(PageEnv& env, const std::string& platform);
// Search results for words (ATT&CK IDs are redirected before this).
std::string SearchBody(PageEnv& env, const std::string& query);

// The home page: releases per domain with counts and sync metadata, entry points, search.
std::string HomeBody(server::App& app, const std::vector<store::ReleaseInfo>& releases);

}  // namespace glexia::web
