#include "analysis/text.h"

#include <cctype>

namespace glexia::analysis {
namespace {

bool IsWordChar(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; }

void AppendCollapsed(std::string& out, char ch) {
  if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
    return;
  }
  out.push_back(ch);
}

}  // namespace

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string PlainText(std::string_view md) {
  std::string out;
  out.reserve(md.size());
  size_t i = 0;
  while (i < md.size()) {
    char ch = md[i];
    if (ch == '(' && md.substr(i, 10) == "(Citation:") {
      size_t end = md.find(')', i);
      i = end == std::string_view::npos ? md.size() : end + 1;
      continue;
    }
    if (ch == '[') {  // [text](url) → text
      size_t close = md.find(']', i);
      if (close != std::string_view::npos && close + 1 < md.size() && md[close + 1] == '(') {
        size_t end = md.find(')', close);
        if (end != std::string_view::npos) {
          for (char c : md.substr(i + 1, close - i - 1)) AppendCollapsed(out, c);
          i = end + 1;
          continue;
        }
      }
    }
    if (ch == '<') {  // drop HTML tags such as <code>
      size_t end = md.find('>', i);
      if (end != std::string_view::npos && end - i < 40) {
        i = end + 1;
        continue;
      }
    }
    if (ch == '*' || ch == '`' || ch == '#' || ch == '\\') {
      ++i;
      continue;
    }
    AppendCollapsed(out, ch);
    ++i;
  }
  // Removing citations leaves " ." and "  "; tidy those.
  std::string tidy;
  tidy.reserve(out.size());
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k] == ' ' && k + 1 < out.size() && (out[k + 1] == '.' || out[k + 1] == ',' || out[k + 1] == ' ')) continue;
    tidy.push_back(out[k]);
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  size_t start = tidy.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : tidy.substr(start);
}

std::vector<std::string> Sentences(std::string_view plain) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < plain.size(); ++i) {
    char ch = plain[i];
    bool end = (ch == '.' || ch == '!' || ch == '?') && (i + 1 == plain.size() || plain[i + 1] == ' ');
    // "e.g." / "ex." / "i.e." are not sentence ends.
    if (end && ch == '.' && i >= 2) {
      std::string_view before = plain.substr(i >= 4 ? i - 4 : 0, i >= 4 ? 4 : i);
      if (before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with(" ex") || before.ends_with("(ex") ||
          before.ends_with("etc") || before.ends_with(" vs")) {
        end = false;
      }
    }
    if (end || i + 1 == plain.size()) {
      std::string s(plain.substr(start, i + 1 - start));
      size_t first = s.find_first_not_of(' ');
      if (first != std::string::npos) out.push_back(s.substr(first));
      start = i + 1;
    }
  }
  return out;
}

bool HasArtifact(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return true;
  // One pass: doubled spaces/punctuation, braces, empty brackets, and the
  // words a broken template leaves behind (null, undefined, nan).
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{' || c == '}') return true;
    if (i + 1 < text.size()) {
      char n = text[i + 1];
      if ((c == ' ' && (n == ' ' || n == ',' || n == '.')) || (c == '.' && n == '.') || (c == ',' && n == ',') ||
          (c == ';' && n == ';') || (c == '(' && n == ')') || (c == '[' && n == ']')) {
        return true;
      }
    }
    char lc = static_cast<char>(c | 0x20);
    if ((lc == 'n' || lc == 'u') && (i == 0 || !IsWordChar(text[i - 1]))) {
      for (std::string_view word : {"null", "undefined", "nan"}) {
        if (i + word.size() > text.size()) continue;
        bool same = true;
        for (size_t k = 0; k < word.size() && same; ++k) same = static_cast<char>(text[i + k] | 0x20) == word[k];
        if (same && (i + word.size() == text.size() || !IsWordChar(text[i + word.size()]))) return true;
      }
    }
  }
  return false;
}

std::string FirstCleanSentence(std::string_view markdown, size_t max_chars) {
  // The first clean sentence is near the start; do not convert whole pages.
  constexpr size_t kPrefix = 700;
  const bool cut = markdown.size() > kPrefix;
  std::vector<std::string> sentences = Sentences(PlainText(markdown.substr(0, kPrefix)));
  if (cut && !sentences.empty()) sentences.pop_back();  // may be a fragment
  for (std::string& s : sentences) {
    if (s.size() < 12) continue;
    if (s.size() > max_chars) {
      size_t cut = s.rfind(' ', max_chars - 1);
      if (cut == std::string::npos || cut < 20) continue;
      s = s.substr(0, cut);
      while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':' || s.back() == '(')) s.pop_back();
      s += " (abridged).";
    }
    if (s.back() != '.' && s.back() != '!' && s.back() != '?') s.push_back('.');
    if (!HasArtifact(s)) return s;
  }
  return {};
}

std::string JoinNames(const std::vector<std::string>& names, std::string_view conjunction) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0 && i + 1 == names.size()) {
      out += ' ';
      out += conjunction;
      out += ' ';
    } else if (i > 0) {
      out += ", ";
    }
    out += names[i];
  }
  return out;
}

std::string Render(std::string_view text, const std::map<std::string, std::string, std::less<>>& values) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) return {};
    auto it = values.find(text.substr(open + 1, close - open - 1));
    if (it == values.end() || it->second.empty()) return {};
    out += it->second;
    i = close + 1;
  }
  return out;
}

bool ContainsCue(std::string_view lower_text, std::string_view cue) {
  size_t pos = 0;
  while ((pos = lower_text.find(cue, pos)) != std::string_view::npos) {
    if (pos == 0 || !IsWordChar(lower_text[pos - 1])) return true;
    pos += 1;
  }
  return false;
}

}  // namespace glexia::analysis
