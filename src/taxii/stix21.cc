#include "taxii/stix21.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <simdjson.h>

#include "core/json_writer.h"

namespace glexia::taxii {
namespace {

simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

// labels minus `drop`; `*keep_key` false when nothing is left.
std::string LabelsWithout(simdjson::dom::element labels, std::string_view drop, bool* keep_key) {
  simdjson::dom::array array;
  if (labels.get_array().get(array) != simdjson::SUCCESS) {  // not an array: keep as is
    *keep_key = true;
    return simdjson::minify(labels);
  }
  std::string out = "[";
  size_t kept = 0;
  for (simdjson::dom::element label : array) {
    std::string_view text;
    if (label.get_string().get(text) == simdjson::SUCCESS && text == drop) continue;
    if (kept++ > 0) out += ',';
    out += simdjson::minify(label);
  }
  out += ']';
  *keep_key = kept > 0;
  return out;
}

}  // namespace

Result<std::string> ConvertToStix21(std::string_view raw) {
  simdjson::dom::element doc;
  if (ThreadParser().parse(raw.data(), raw.size()).get(doc) != simdjson::SUCCESS) {
    return Status::Corruption("object bytes are not valid JSON");
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) {
    return Status::Corruption("object bytes are not a JSON object");
  }
  if (object["spec_version"].error() == simdjson::SUCCESS) return simdjson::minify(doc);

  std::string_view type;
  if (object["type"].get_string().get(type) != simdjson::SUCCESS) type = {};
  const bool is_malware = type == "malware";
  const bool is_tool = type == "tool";

  std::string out;
  out.reserve(raw.size());
  out += '{';
  bool first = true;
  auto member = [&](std::string_view key, std::string_view json_value) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, key);
    out += ':';
    out += json_value;
  };
  bool spec_written = false;
  for (auto field : object) {
    std::string_view key = field.key;
    if ((is_malware || is_tool) && key == "labels") {
      bool keep = false;
      std::string labels = LabelsWithout(field.value, is_malware ? "malware" : "tool", &keep);
      if (keep) member(key, labels);
      continue;
    }
    member(key, simdjson::minify(field.value));
    if (key == "type") {
      member("spec_version", "\"2.1\"");
      spec_written = true;
    }
  }
  if (!spec_written) member("spec_version", "\"2.1\"");
  if (is_malware && object["is_family"].error() != simdjson::SUCCESS) member("is_family", "true");
  out += '}';
  return out;
}

std::string UuidV5Url(std::string_view name) {
  static constexpr std::array<unsigned char, 16> kUrlNamespace = {
      0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, kUrlNamespace.data(), kUrlNamespace.size());
  EVP_DigestUpdate(ctx, name.data(), name.size());
  EVP_DigestFinal_ex(ctx, digest, &digest_len);
  EVP_MD_CTX_free(ctx);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  std::string out;
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

bool NormalizeTimestamp(std::string_view text, std::string* sortable) {
  // YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z
  auto digits = [&](size_t from, size_t count) {
    if (from + count > text.size()) return false;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
  };
  if (text.size() < 20 || !digits(0, 4) || text[4] != '-' || !digits(5, 2) || text[7] != '-' ||
      !digits(8, 2) || (text[10] != 'T' && text[10] != 't') || !digits(11, 2) || text[13] != ':' ||
      !digits(14, 2) || text[16] != ':' || !digits(17, 2)) {
    return false;
  }
  std::string fraction;
  size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') fraction += text[pos++];
    if (fraction.empty() || fraction.size() > 9) return false;
  }
  if (pos + 1 != text.size() || (text[pos] != 'Z' && text[pos] != 'z')) return false;
  fraction.resize(9, '0');
  std::string out(text.substr(0, 19));
  out[10] = 'T';
  out += '.';
  out += fraction;
  *sortable = std::move(out);
  return true;
}

}  // namespace glexia::taxii
