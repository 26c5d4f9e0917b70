// Untrusted ATT&CK Markdown → safe HTML, and the per-page citation numbering.
//
// Descriptions and relationship texts come from bundles and may carry any
// markup. They are parsed with cmark-gfm and rendered by our own AST walk that
// emits only allowlisted elements: raw HTML becomes escaped text except a few
// attribute-less inline tags (<code>, <b>, <i>, <em>, <strong>, <sub>, <sup>,
// <br>), and link URLs must be http(s), mailto or relative.
//
// Thread-safety: functions are pure; a Citations object belongs to one page
// render (one thread).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace glexia::web {

// One numbering of `(Citation: Name)` markers per page, in order of first use,
// as attack.mitre.org does. Names resolve against the references passed with
// each text (the relationship's, then the object's).
class Citations {
 public:
  struct Entry {
    int number = 0;
    model::ExternalReference reference;
  };

  // The number for `source_name`, assigning the next one on first use; 0 when
  // no reference in `refs` (or already numbered) carries that source name.
  int Cite(std::string_view source_name, const std::vector<model::ExternalReference>& refs,
           const std::vector<model::ExternalReference>* fallback = nullptr);
  // Appends references not cited so far (e.g. the object's own mitre-attack entry).
  void AddUncited(const std::vector<model::ExternalReference>& refs);
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::map<std::string, int, std::less<>> by_name_;
  std::vector<Entry> entries_;
};

struct MarkdownOptions {
  // Where citation markers are numbered; null drops the markers.
  Citations* citations = nullptr;
  const std::vector<model::ExternalReference>* references = nullptr;
  const std::vector<model::ExternalReference>* fallback_references = nullptr;
  // Appended to links rewritten from attack.mitre.org to local pages, e.g.
  // "?release=18.1&domain=enterprise-attack" (raw, not yet HTML-escaped).
  std::string local_query;
  // Render only the first paragraph (short summaries of groups, software...).
  bool first_paragraph_only = false;
};

// Safe HTML for an untrusted Markdown text.
std::string RenderMarkdown(std::string_view markdown, const MarkdownOptions& options);

// The URL if it may appear in an href (http, https, mailto, relative), with
// attack.mitre.org object URLs rewritten to local paths; "" when refused.
// Not yet HTML-escaped.
std::string SafeUrl(std::string_view url, std::string_view local_query = "");

// "https://attack.mitre.org/techniques/T1591/002" → "/techniques/T1591.002";
// "" when the URL is not an ATT&CK object page Glexia also serves.
std::string LocalPathForAttackUrl(std::string_view url);

// Removes `(Citation: Name)` markers (for plain-text uses such as <meta> or summaries).
std::string StripCitations(std::string_view text);

}  // namespace glexia::web
