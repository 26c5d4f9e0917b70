// Page URLs of the web layer: one path segment per kind of ATT&CK object,
// named as on attack.mitre.org so links translate one to one.
#pragma once

#include <string>
#include <string_view>

#include "model/model.h"

namespace glexia::web {

// "techniques", "groups", "datasources", ... ; "objects" for kinds without pages of their own.
std::string_view PageSegment(model::Kind kind);
// The kind served under a segment; false when the segment is not an object page.
bool KindForSegment(std::string_view segment, model::Kind* kind);
// attack.mitre.org section ("techniques", "datasources", ...) → our segment, "" if we have none.
std::string_view LocalSegmentForAttackSection(std::string_view section);
// Human label of a kind, plural ("Techniques", "Data components", ...).
std::string_view KindPluralLabel(model::Kind kind);
// Singular label ("Technique", "Detection strategy", ...).
std::string_view KindSingularLabel(model::Kind kind);
// "Enterprise", "Mobile", "ICS" for a domain id; the id itself if unknown.
std::string DomainLabel(std::string_view domain);
// Percent-encodes a query value.
std::string UrlEncode(std::string_view value);
// "?release=18.1&domain=enterprise-attack" (raw; escape before putting in HTML).
std::string ReleaseQuery(std::string_view release, std::string_view domain);

}  // namespace glexia::web
