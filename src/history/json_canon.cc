#include "history/json_canon.h"

#include <simdjson.h>

#include <algorithm>
#include <vector>

#include "core/json_writer.h"

namespace glexia::history {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

void AppendCanonical(element value, bool sort_arrays, std::string& out) {
  switch (value.type()) {
    case element_type::OBJECT: {
      std::vector<std::pair<std::string_view, std::string>> members;
      simdjson::dom::object obj;
      if (value.get_object().get(obj) != simdjson::SUCCESS) return;
      for (auto field : obj) {
        std::string text;
        AppendCanonical(field.value, sort_arrays, text);
        members.emplace_back(field.key, std::move(text));
      }
      std::sort(members.begin(), members.end());
      out.push_back('{');
      for (size_t i = 0; i < members.size(); ++i) {
        if (i) out.push_back(',');
        AppendJsonString(out, members[i].first);
        out.push_back(':');
        out.append(members[i].second);
      }
      out.push_back('}');
      return;
    }
    case element_type::ARRAY: {
      std::vector<std::string> items;
      simdjson::dom::array arr;
      if (value.get_array().get(arr) != simdjson::SUCCESS) return;
      for (element item : arr) {
        std::string text;
        AppendCanonical(item, sort_arrays, text);
        items.push_back(std::move(text));
      }
      if (sort_arrays) std::sort(items.begin(), items.end());
      out.push_back('[');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(',');
        out.append(items[i]);
      }
      out.push_back(']');
      return;
    }
    default:
      out.append(simdjson::minify(value));
      return;
  }
}

bool IsSoftware(std::string_view type) { return type == "malware" || type == "tool"; }

// STIX 2.0/2.1 framing and false flags: members that carry no content.
bool IsFraming(std::string_view type, std::string_view key, element value) {
  if (key == "spec_version") return true;
  bool flag = false;
  if ((key == "revoked" || key == "x_mitre_deprecated") && value.get_bool().get(flag) == simdjson::SUCCESS)
    return !flag;
  if (!IsSoftware(type)) return false;
  if (key == "is_family") return value.get_bool().get(flag) == simdjson::SUCCESS && flag;
  if (key == "labels") {
    simdjson::dom::array labels;
    std::string_view only;
    return value.get_array().get(labels) == simdjson::SUCCESS && labels.size() == 1 &&
           labels.at(0).get_string().get(only) == simdjson::SUCCESS && only == type;
  }
  return false;
}

// Structural equality, order-sensitive: the cheap common case before the
// order-insensitive canonical comparison.
bool SameBytesOfValue(element x, element y) {
  if (x.type() != y.type()) return false;
  switch (x.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object a = x.get_object().value_unsafe(), b = y.get_object().value_unsafe();
      if (a.size() != b.size()) return false;
      for (auto field : a) {
        element other;
        if (b.at_key(field.key).get(other) != simdjson::SUCCESS || !SameBytesOfValue(field.value, other)) return false;
      }
      return true;
    }
    case element_type::ARRAY: {
      simdjson::dom::array a = x.get_array().value_unsafe(), b = y.get_array().value_unsafe();
      if (a.size() != b.size()) return false;
      auto ia = a.begin(), ib = b.begin();
      for (; ia != a.end(); ++ia, ++ib)
        if (!SameBytesOfValue(*ia, *ib)) return false;
      return true;
    }
    case element_type::STRING: return x.get_string().value_unsafe() == y.get_string().value_unsafe();
    default: return simdjson::minify(x) == simdjson::minify(y);
  }
}

using Members = std::vector<std::pair<std::string_view, element>>;

Members ContentMembers(simdjson::dom::object obj) {
  std::string_view type;
  if (obj["type"].get_string().get(type) != simdjson::SUCCESS) type = {};
  Members out;
  for (auto field : obj)
    if (!IsFraming(type, field.key, field.value)) out.emplace_back(field.key, field.value);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

}  // namespace

bool IsOrderedList(std::string_view field) {
  // Matrix columns are in matrix order; everything else ATT&CK lists is a set.
  return field == "tactic_refs";
}

Result<CanonicalObject> Canonicalize(std::string_view raw) {
  element doc;
  if (auto err = ThreadParser().parse(raw.data(), raw.size()).get(doc); err) {
    return Status::Corruption(std::string("object JSON does not parse: ") + simdjson::error_message(err));
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return Status::Corruption("object JSON is not an object");
  std::string_view type;
  if (obj["type"].get_string().get(type) != simdjson::SUCCESS) type = {};
  CanonicalObject out;
  for (auto field : obj) {
    if (IsFraming(type, field.key, field.value)) continue;
    std::string text;
    AppendCanonical(field.value, !IsOrderedList(field.key), text);
    out.emplace(std::string(field.key), std::move(text));
  }
  return out;
}

Status ChangedFields(std::string_view raw_a, std::string_view raw_b, std::vector<std::string>* fields,
                     std::string* description_a, std::string* description_b, bool* both_have_description) {
  thread_local simdjson::dom::parser parser_a, parser_b;
  element doc_a, doc_b;
  simdjson::dom::object a, b;
  if (parser_a.parse(raw_a.data(), raw_a.size()).get(doc_a) != simdjson::SUCCESS ||
      parser_b.parse(raw_b.data(), raw_b.size()).get(doc_b) != simdjson::SUCCESS ||
      doc_a.get_object().get(a) != simdjson::SUCCESS || doc_b.get_object().get(b) != simdjson::SUCCESS) {
    return Status::Corruption("object JSON does not parse");
  }
  Members ma = ContentMembers(a), mb = ContentMembers(b);
  fields->clear();
  size_t i = 0, j = 0;
  while (i < ma.size() || j < mb.size()) {
    if (j == mb.size() || (i < ma.size() && ma[i].first < mb[j].first)) {
      fields->emplace_back(ma[i++].first);
    } else if (i == ma.size() || mb[j].first < ma[i].first) {
      fields->emplace_back(mb[j++].first);
    } else {
      if (!SameBytesOfValue(ma[i].second, mb[j].second)) {
        bool sort = !IsOrderedList(ma[i].first);
        std::string ca, cb;
        AppendCanonical(ma[i].second, sort, ca);
        AppendCanonical(mb[j].second, sort, cb);
        if (ca != cb) fields->emplace_back(ma[i].first);
      }
      ++i, ++j;
    }
  }
  std::string_view da, db;
  *both_have_description = a["description"].get_string().get(da) == simdjson::SUCCESS &&
                           b["description"].get_string().get(db) == simdjson::SUCCESS;
  description_a->assign(da);
  description_b->assign(db);
  return Status::Ok();
}

std::string CanonicalStringValue(std::string_view canonical) {
  if (canonical.size() < 2 || canonical.front() != '"') return {};
  element doc;
  std::string padded(canonical);
  if (ThreadParser().parse(padded).get(doc) != simdjson::SUCCESS) return {};
  std::string_view s;
  if (doc.get_string().get(s) != simdjson::SUCCESS) return {};
  return std::string(s);
}

}  // namespace glexia::history
