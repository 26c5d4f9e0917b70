// Plain-text helpers for building statements from untrusted ATT&CK Markdown.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace glexia::analysis {

// Markdown → plain text: links keep their text, citations, HTML tags and
// emphasis marks go, whitespace collapses to single spaces.
std::string PlainText(std::string_view markdown);

// Sentences of plain text (split after . ! ? followed by a space).
std::vector<std::string> Sentences(std::string_view plain);

// True when text would show a template artifact: braces, "null", "undefined",
// doubled spaces or punctuation, or nothing at all.
bool HasArtifact(std::string_view text);

// The first sentence of `markdown` that reads cleanly (no artifacts), at most
// `max_chars` long (cut at a word, ending with a period); empty if none.
std::string FirstCleanSentence(std::string_view markdown, size_t max_chars = 260);

// "A", "A and B", "A, B and C".
std::string JoinNames(const std::vector<std::string>& names, std::string_view conjunction = "and");

// Replaces {name} placeholders; a missing or empty value makes the result empty
// (the caller then drops the statement rather than show a hole).
std::string Render(std::string_view text, const std::map<std::string, std::string, std::less<>>& values);

// Lower-case ASCII copy.
std::string Lower(std::string_view s);

// Upper-cases the first letter.
std::string Capitalized(std::string s);

// Keyword match at word starts: "supplier" matches "suppliers" but "ssh" does not match "fresh".
bool ContainsCue(std::string_view lower_text, std::string_view lower_cue);

}  // namespace glexia::analysis
