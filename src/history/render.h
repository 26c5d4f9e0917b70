// Text, Markdown, JSON, HTML and Navigator-layer renderings of history
// results. Pure functions of their inputs; thread-safe. Every string that came
// from a bundle is escaped for the target format (HTML escaped; Markdown
// special characters backslash-escaped; JSON escaped by JsonWriter).
#pragma once

#include "core/html_escape.h"

#include <functional>
#include <string>
#include <string_view>

#include "history/changelog.h"
#include "history/object_history.h"

namespace glexia::history {

std::string ChangelogText(const Changelog& log);
std::string ChangelogMarkdown(const Changelog& log);
std::string ChangelogJson(const Changelog& log);
// ATT&CK Navigator layer (format 4.5) colouring changed techniques by category.
std::string ChangelogLayer(const Changelog& log);

// The site path of an object's page ("/techniques/T1059"); the web layer
// decides, so pages take it as a function.
using PathOf = std::function<std::string(const ObjectRef&)>;

// The page body (already safe HTML) for the changelog.
std::string ChangelogHtml(const Changelog& log, const PathOf& path_of);

std::string HistoryText(const ObjectHistory& history);
std::string HistoryJson(const ObjectHistory& history);

std::string ComparisonText(const ObjectComparison& comparison);
std::string ComparisonJson(const ObjectComparison& comparison);
std::string ComparisonHtml(const ObjectComparison& comparison, const PathOf& path_of);

// Escapes text for HTML element content and quoted attributes.
inline std::string HtmlEscape(std::string_view text) { return EscapeHtml(text); }

}  // namespace glexia::history
