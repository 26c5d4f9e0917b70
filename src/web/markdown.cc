#include "web/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

#include "web/html.h"
#include "web/paths.h"

namespace glexia::web {
namespace {

// Citation markers are swapped for tokens made of private-use code points
// before parsing, so Markdown cannot split or reinterpret them; input copies of
// these code points are removed first so a bundle cannot forge a token.
constexpr std::string_view kTokenOpen = "\xEE\x80\x80";   // U+E000
constexpr std::string_view kTokenClose = "\xEE\x80\x81";  // U+E001

constexpr std::string_view kCitationPrefix = "(Citation:";

struct Token {
  int number = 0;    // > 0: a numbered reference
  std::string name;  // unresolved: shown as plain text
};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Finds the ')' closing a marker that starts at `open` (the '('), allowing
// balanced parentheses inside the name; npos when unterminated.
size_t FindMarkerEnd(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i;
    if (text[i] == '\n') return std::string_view::npos;
  }
  return std::string_view::npos;
}

std::string RemoveTokenCodePoints(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    std::string_view rest = text.substr(i);
    if (rest.starts_with(kTokenOpen) || rest.starts_with(kTokenClose)) {
      i += 3;
      continue;
    }
    out.push_back(text[i++]);
  }
  return out;
}

// Replaces markers by tokens and numbers them in source order (which is the
// order they appear on the page).
std::string TokenizeCitations(std::string_view text, const MarkdownOptions& options, std::vector<Token>* tokens) {
  std::string clean = RemoveTokenCodePoints(text);
  std::string out;
  out.reserve(clean.size());
  std::string_view s = clean;
  size_t i = 0;
  while (i < s.size()) {
    size_t at = s.find('(', i);
    if (at == std::string_view::npos) break;
    if (!StartsWithNoCase(s.substr(at), kCitationPrefix)) {
      out.append(s.substr(i, at + 1 - i));
      i = at + 1;
      continue;
    }
    size_t end = FindMarkerEnd(s, at);
    if (end == std::string_view::npos) {
      out.append(s.substr(i, at + 1 - i));
      i = at + 1;
      continue;
    }
    out.append(s.substr(i, at - i));
    std::string name(Trim(s.substr(at + kCitationPrefix.size(), end - at - kCitationPrefix.size())));
    i = end + 1;
    if (!options.citations) continue;  // markers dropped
    Token token;
    if (options.references) {
      token.number = options.citations->Cite(name, *options.references, options.fallback_references);
    }
    token.name = std::move(name);
    out.append(kTokenOpen);
    out.append(std::to_string(tokens->size()));
    out.append(kTokenClose);
    tokens->push_back(std::move(token));
  }
  out.append(s.substr(i));
  return out;
}

bool IsAllowedSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

struct Renderer {
  Renderer(const MarkdownOptions& o, const std::vector<Token>& t) : options(o), tokens(t) {}
  const MarkdownOptions& options;
  const std::vector<Token>& tokens;
  std::string out;
  int link_depth = 0;
  // Raw inline tags opened from the allowlist, and for each container node the
  // stack height at its entry, so tags never leak out of the node that opened them.
  std::vector<std::string> open_tags;
  std::vector<size_t> floors;
  std::vector<bool> link_opened;
  bool stop = false;

  // Escapes text and turns citation tokens into numbered links.
  void EmitText(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      size_t at = text.find(kTokenOpen, i);
      if (at == std::string_view::npos) break;
      size_t close = text.find(kTokenClose, at);
      if (close == std::string_view::npos) break;
      out += Escape(text.substr(i, at - i));
      std::string_view digits = text.substr(at + kTokenOpen.size(), close - at - kTokenOpen.size());
      size_t index = 0;
      for (char c : digits) index = index * 10 + static_cast<size_t>(c - '0');
      if (index < tokens.size()) EmitCitation(tokens[index]);
      i = close + kTokenClose.size();
    }
    out += Escape(text.substr(i));
  }

  void EmitCitation(const Token& token) {
    if (token.number <= 0) {
      out += "<span class=\"cite-missing\">(Citation: ";
      out += Escape(token.name);
      out += ")</span>";
      return;
    }
    std::string n = std::to_string(token.number);
    if (link_depth > 0) {  // no nested anchors
      out += "<sup class=\"cite\">[" + n + "]</sup>";
      return;
    }
    out += "<sup class=\"cite\"><a href=\"#ref-" + n + "\" title=\"" + Escape(token.name) + "\">[" + n +
           "]</a></sup>";
  }

  // Allowlisted raw tags: exact, attribute-less forms only.
  void EmitRawHtml(std::string_view html) {
    static constexpr std::array<std::string_view, 7> kPaired = {"code", "b", "i", "em", "strong", "sub", "sup"};
    std::string lower(Trim(html));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "<br>" || lower == "<br/>" || lower == "<br />") {
      out += "<br>";
      return;
    }
    for (std::string_view tag : kPaired) {
      if (lower.size() == tag.size() + 2 && lower[0] == '<' && lower.back() == '>' &&
          std::string_view(lower).substr(1, tag.size()) == tag) {
        out.append("<").append(tag).append(">");
        open_tags.emplace_back(tag);
        return;
      }
      if (lower.size() == tag.size() + 3 && lower.starts_with("</") && lower.back() == '>' &&
          std::string_view(lower).substr(2, tag.size()) == tag) {
        size_t floor = floors.empty() ? 0 : floors.back();
        for (size_t k = open_tags.size(); k > floor; --k) {
          if (open_tags[k - 1] == tag) {
            CloseTagsDownTo(k - 1);
            return;
          }
        }
        break;  // nothing of that name is open here: show the tag as text
      }
    }
    EmitText(html);
  }

  void CloseTagsDownTo(size_t height) {
    while (open_tags.size() > height) {
      out += "</" + open_tags.back() + ">";
      open_tags.pop_back();
    }
  }

  void EmitLinkOpen(cmark_node* node) {
    const char* url = cmark_node_get_url(node);
    std::string safe = SafeUrl(url ? url : "", options.local_query);
    if (safe.empty() || link_depth > 0) {
      link_opened.push_back(false);
      return;
    }
    out += "<a href=\"" + Escape(safe) + "\"";
    if (!(safe.starts_with("/") || safe.starts_with("#"))) out += " rel=\"nofollow noopener noreferrer\"";
    const char* title = cmark_node_get_title(node);
    if (title && *title) out += " title=\"" + Escape(title) + "\"";
    out += ">";
    link_opened.push_back(true);
    ++link_depth;
  }

  void EmitLinkClose() {
    if (!link_opened.empty() && link_opened.back()) {
      out += "</a>";
      --link_depth;
    }
    if (!link_opened.empty()) link_opened.pop_back();
  }

  void Enter(cmark_node* node) {
    cmark_node_type type = cmark_node_get_type(node);
    switch (type) {
      case CMARK_NODE_DOCUMENT: break;
      case CMARK_NODE_PARAGRAPH: out += "<p>"; break;
      case CMARK_NODE_BLOCK_QUOTE: out += "<blockquote>"; break;
      case CMARK_NODE_LIST:
        if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) {
          int start = cmark_node_get_list_start(node);
          out += start > 1 ? "<ol start=\"" + std::to_string(start) + "\">" : "<ol>";
        } else {
          out += "<ul>";
        }
        break;
      case CMARK_NODE_ITEM: out += "<li>"; break;
      case CMARK_NODE_HEADING: {
        // Page headings own h1-h3; content headings start below them.
        int level = std::min(6, cmark_node_get_heading_level(node) + 3);
        out += "<h" + std::to_string(level) + ">";
        break;
      }
      case CMARK_NODE_EMPH: out += "<em>"; break;
      case CMARK_NODE_STRONG: out += "<strong>"; break;
      case CMARK_NODE_LINK: EmitLinkOpen(node); break;
      case CMARK_NODE_IMAGE: break;  // alt text only: no remote images
      default: EnterExtension(node); break;
    }
    floors.push_back(open_tags.size());
  }

  void Exit(cmark_node* node) {
    CloseTagsDownTo(floors.empty() ? 0 : floors.back());
    if (!floors.empty()) floors.pop_back();
    cmark_node_type type = cmark_node_get_type(node);
    switch (type) {
      case CMARK_NODE_PARAGRAPH:
        out += "</p>";
        if (options.first_paragraph_only) stop = true;
        break;
      case CMARK_NODE_BLOCK_QUOTE: out += "</blockquote>"; break;
      case CMARK_NODE_LIST:
        out += cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? "</ol>" : "</ul>";
        break;
      case CMARK_NODE_ITEM: out += "</li>"; break;
      case CMARK_NODE_HEADING:
        out += "</h" + std::to_string(std::min(6, cmark_node_get_heading_level(node) + 3)) + ">";
        break;
      case CMARK_NODE_EMPH: out += "</em>"; break;
      case CMARK_NODE_STRONG: out += "</strong>"; break;
      case CMARK_NODE_LINK: EmitLinkClose(); break;
      default: ExitExtension(node); break;
    }
  }

  static std::string_view TypeString(cmark_node* node) {
    const char* s = cmark_node_get_type_string(node);
    return s ? s : "";
  }

  void EnterExtension(cmark_node* node) {
    std::string_view t = TypeString(node);
    if (t == "table") out += "<div class=\"table-wrap\"><table class=\"md\">";
    else if (t == "table_header") out += "<thead><tr>";
    else if (t == "table_row") out += "<tr>";
    else if (t == "table_cell") out += InHeader(node) ? "<th>" : "<td>";
    else if (t == "strikethrough") out += "<del>";
  }

  void ExitExtension(cmark_node* node) {
    std::string_view t = TypeString(node);
    if (t == "table") out += "</table></div>";
    else if (t == "table_header") out += "</tr></thead>";
    else if (t == "table_row") out += "</tr>";
    else if (t == "table_cell") out += InHeader(node) ? "</th>" : "</td>";
    else if (t == "strikethrough") out += "</del>";
  }

  static bool InHeader(cmark_node* cell) {
    cmark_node* row = cmark_node_parent(cell);
    return row && TypeString(row) == "table_header";
  }

  void Leaf(cmark_node* node) {
    const char* literal = cmark_node_get_literal(node);
    std::string_view text = literal ? literal : "";
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT: EmitText(text); break;
      case CMARK_NODE_SOFTBREAK: out += "\n"; break;
      case CMARK_NODE_LINEBREAK: out += "<br>"; break;
      case CMARK_NODE_CODE:
        out += "<code>";
        EmitText(text);
        out += "</code>";
        break;
      case CMARK_NODE_CODE_BLOCK:
        out += "<pre><code>";
        EmitText(text);
        out += "</code></pre>";
        break;
      case CMARK_NODE_HTML_INLINE: EmitRawHtml(text); break;
      case CMARK_NODE_HTML_BLOCK:
        out += "<p>";
        EmitText(text);
        out += "</p>";
        break;
      case CMARK_NODE_THEMATIC_BREAK: out += "<hr>"; break;
      default: EmitText(text); break;
    }
  }
};

bool IsLeaf(cmark_node* node) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK: return true;
    default: return false;
  }
}

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

std::unique_ptr<cmark_node, NodeDeleter> Parse(std::string_view text) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_VALIDATE_UTF8));
  for (const char* name : {"table", "strikethrough", "autolink"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  return std::unique_ptr<cmark_node, NodeDeleter>(cmark_parser_finish(parser.get()));
}

}  // namespace

int Citations::Cite(std::string_view source_name, const std::vector<model::ExternalReference>& refs,
                    const std::vector<model::ExternalReference>* fallback) {
  if (auto it = by_name_.find(source_name); it != by_name_.end()) return it->second;
  const model::ExternalReference* found = nullptr;
  for (const auto& r : refs) {
    if (r.source_name == source_name) {
      found = &r;
      break;
    }
  }
  if (!found && fallback) {
    for (const auto& r : *fallback) {
      if (r.source_name == source_name) {
        found = &r;
        break;
      }
    }
  }
  if (!found) return 0;
  int number = static_cast<int>(entries_.size()) + 1;
  entries_.push_back({number, *found});
  by_name_.emplace(std::string(source_name), number);
  return number;
}

void Citations::AddUncited(const std::vector<model::ExternalReference>& refs) {
  for (const auto& r : refs) {
    if (by_name_.count(r.source_name)) continue;
    int number = static_cast<int>(entries_.size()) + 1;
    entries_.push_back({number, r});
    by_name_.emplace(r.source_name, number);
  }
}

std::string RenderMarkdown(std::string_view markdown, const MarkdownOptions& options) {
  std::vector<Token> tokens;
  std::string text = TokenizeCitations(markdown, options, &tokens);
  auto doc = Parse(text);
  if (!doc) return "<p>" + Escape(markdown) + "</p>";
  Renderer r(options, tokens);
  r.out.reserve(text.size() + text.size() / 4);
  cmark_iter* iter = cmark_iter_new(doc.get());
  cmark_event_type ev;
  while (!r.stop && (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (IsLeaf(node)) {
      r.Leaf(node);
    } else if (ev == CMARK_EVENT_ENTER) {
      r.Enter(node);
    } else if (ev == CMARK_EVENT_EXIT) {
      r.Exit(node);
    }
  }
  cmark_iter_free(iter);
  r.CloseTagsDownTo(0);
  while (r.link_depth > 0) {  // only when stopped early inside a link
    r.out += "</a>";
    --r.link_depth;
  }
  return std::move(r.out);
}

std::string SafeUrl(std::string_view url, std::string_view local_query) {
  url = Trim(url);
  if (url.empty()) return "";
  // Browsers drop tabs and newlines inside URLs ("java\tscript:"), so any
  // control character or space is refused outright.
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f || c == '\\' || c == '"' || c == '<' || c == '>' || c == '`') return "";
  }
  std::string local = LocalPathForAttackUrl(url);
  if (!local.empty()) return local + std::string(local_query);
  size_t colon = url.find(':');
  size_t delim = url.find_first_of("/?#");
  bool has_scheme = colon != std::string_view::npos && (delim == std::string_view::npos || colon < delim);
  if (!has_scheme) {
    if (url.starts_with("//")) return "";  // protocol-relative: another host
    return std::string(url);
  }
  std::string_view scheme = url.substr(0, colon);
  if (scheme.empty() || !std::all_of(scheme.begin(), scheme.end(), IsAllowedSchemeChar)) return "";
  std::string lower(scheme);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "http" || lower == "https") {
    if (!url.substr(colon + 1).starts_with("//")) return "";
    return std::string(url);
  }
  if (lower == "mailto") return std::string(url);
  return "";
}

std::string LocalPathForAttackUrl(std::string_view url) {
  for (std::string_view prefix : {"https://attack.mitre.org/", "http://attack.mitre.org/"}) {
    if (!StartsWithNoCase(url, prefix)) continue;
    std::string_view rest = url.substr(prefix.size());
    while (!rest.empty() && (rest.back() == '/')) rest.remove_suffix(1);
    size_t cut = rest.find_first_of("?#");
    if (cut != std::string_view::npos) rest = rest.substr(0, cut);
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return "";
    std::string_view section = rest.substr(0, slash);
    std::string_view id = rest.substr(slash + 1);
    std::string segment(LocalSegmentForAttackSection(section));
    if (segment.empty() || id.empty()) return "";
    std::string local_id(id);
    // techniques/T1591/002 → T1591.002
    std::replace(local_id.begin(), local_id.end(), '/', '.');
    for (char c : local_id) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.') return "";
    }
    return "/" + segment + "/" + local_id;
  }
  return "";
}

std::string StripCitations(std::string_view text) {
  MarkdownOptions none;
  std::vector<Token> tokens;
  std::string out = TokenizeCitations(text, none, &tokens);
  // Collapse the space a removed marker leaves before punctuation.
  std::string tidy;
  tidy.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && i + 1 < out.size() && (out[i + 1] == ' ' || out[i + 1] == '.' || out[i + 1] == ','))
      continue;
    tidy.push_back(out[i]);
  }
  return tidy;
}

}  // namespace glexia::web
