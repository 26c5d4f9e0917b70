#include "stix/bundle.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <unordered_set>

#include "core/file_io.h"
#include "core/sha256.h"

namespace glexia::stix {
namespace {

using simdjson::dom::element;

std::string_view GetString(element obj, std::string_view key) {
  std::string_view out;
  if (obj[key].get_string().get(out) != simdjson::SUCCESS) return {};
  return out;
}

bool GetBool(element obj, std::string_view key) {
  bool out = false;
  if (obj[key].get_bool().get(out) != simdjson::SUCCESS) return false;
  return out;
}

std::string AttackIdOf(element obj) {
  simdjson::dom::array refs;
  if (obj["external_references"].get_array().get(refs) != simdjson::SUCCESS) return {};
  for (element ref : refs) {
    if (!IsAttackSourceName(GetString(ref, "source_name"))) continue;
    std::string_view id = GetString(ref, "external_id");
    if (!id.empty()) return std::string(id);
  }
  return {};
}

std::string JoinStrings(element obj, std::string_view key) {
  simdjson::dom::array arr;
  std::string out;
  if (obj[key].get_array().get(arr) != simdjson::SUCCESS) return out;
  for (element v : arr) {
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(s);
  }
  return out;
}

std::string DomainFromCollectionName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower.find("enterprise") != std::string::npos) return "enterprise-attack";
  if (lower.find("mobile") != std::string::npos) return "mobile-attack";
  if (lower.find("ics") != std::string::npos) return "ics-attack";
  return {};
}

// When the whole-document parse fails, walk the objects one by one so the
// message can name the byte offset and the object where the damage is.
std::string LocateJsonError(const std::string& data) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string_view view(data.data(), data.size(), data.capacity());
  simdjson::ondemand::document doc;
  if (parser.iterate(view).get(doc) != simdjson::SUCCESS) return "at byte offset 0";
  auto offset_of = [&](const char* p) { return std::to_string(p - data.data()); };
  simdjson::ondemand::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return "at byte offset 0 (the top level is not an object)";
  simdjson::dom::parser dom;
  for (auto field : root) {
    simdjson::ondemand::raw_json_string key;
    if (field.key().get(key) != simdjson::SUCCESS) break;
    if (key != "objects") continue;
    simdjson::ondemand::array arr;
    if (field.value().get_array().get(arr) != simdjson::SUCCESS) break;
    size_t index = 0;
    for (auto item : arr) {
      std::string_view raw;
      simdjson::ondemand::object item_obj;
      if (item.get_object().get(item_obj) != simdjson::SUCCESS || item_obj.raw_json().get(raw) != simdjson::SUCCESS) {
        const char* loc = nullptr;
        if (doc.current_location().get(loc) == simdjson::SUCCESS)
          return "at byte offset " + offset_of(loc) + " (object #" + std::to_string(index) + ")";
        return "in object #" + std::to_string(index) + " (the document ends inside it: truncated?)";
      }
      auto err = dom.parse(raw.data(), raw.size(), false).error();
      if (err != simdjson::SUCCESS)
        return "in object #" + std::to_string(index) + " starting at byte offset " + offset_of(raw.data()) + ": " +
               simdjson::error_message(err);
      ++index;
    }
    break;
  }
  const char* loc = nullptr;
  if (doc.current_location().get(loc) == simdjson::SUCCESS) return "near byte offset " + offset_of(loc);
  return "near the end of the document (byte " + std::to_string(data.size()) + "; truncated?)";
}

Status CheckSpan(std::string_view raw, const std::string& name, size_t index) {
  if (raw.size() > UINT32_MAX)
    return Status::Corruption(name + ": object #" + std::to_string(index) + " is larger than 4 GiB");
  return Status::Ok();
}

}  // namespace

bool IsKnownDomain(std::string_view d) {
  return d == "enterprise-attack" || d == "mobile-attack" || d == "ics-attack";
}

bool IsAttackSourceName(std::string_view s) {
  return s == "mitre-attack" || s == "mitre-mobile-attack" || s == "mitre-ics-attack";
}

void DomainAndReleaseFromFileName(const std::string& path, std::string* domain, std::string* release) {
  static const std::regex kPattern(R"((enterprise-attack|mobile-attack|ics-attack)-(\d+(?:\.\d+)?)\.json(?:\.gz)?$)");
  std::string file = std::filesystem::path(path).filename().string();
  std::smatch m;
  if (std::regex_search(file, m, kPattern)) {
    *domain = m[1];
    *release = m[2];
  } else {
    domain->clear();
    release->clear();
  }
}

Result<Bundle> ReadBundle(const std::string& path, const ReadOptions& options) {
  GLEXIA_ASSIGN_OR_RETURN(std::string data, ReadInputFile(path));
  return ParseBundle(std::move(data), path, options);
}

Result<Bundle> ParseBundle(std::string input, const std::string& name, const ReadOptions& options) {
  if (input.empty()) return Status::Corruption(name + ": file is empty");
  // Records point into the buffer, so it moves into the Bundle before parsing.
  Bundle bundle;
  bundle.data = std::move(input);
  std::string& data = bundle.data;
  if (data.capacity() < data.size() + simdjson::SIMDJSON_PADDING) data.reserve(data.size() + simdjson::SIMDJSON_PADDING);
  bundle.source = name;
  bundle.sha256 = Sha256Hex(data);

  // 1. Validate the whole document once (DOM); this also gives typed access.
  simdjson::dom::parser dom;
  element root;
  if (auto err = dom.parse(data.data(), data.size(), false).get(root); err != simdjson::SUCCESS) {
    std::string where = LocateJsonError(data);
    return Status::Corruption(name + ": malformed JSON " + where + " (" + simdjson::error_message(err) + ")");
  }
  if (!root.is_object()) return Status::Corruption(name + ": not a STIX bundle: the top level is not a JSON object");
  if (GetString(root, "type") != "bundle")
    return Status::Corruption(name + ": not a STIX bundle: top-level \"type\" is not \"bundle\"");
  simdjson::dom::array dom_objects;
  if (root["objects"].get_array().get(dom_objects) != simdjson::SUCCESS)
    return Status::Corruption(name + ": not a STIX bundle: it has no \"objects\" array");
  bundle.spec_version = std::string(GetString(root, "spec_version"));

  // 2. Exact byte spans and member offsets come from the on-demand parser,
  //    which points into the buffer; the DOM cannot tell positions.
  simdjson::ondemand::parser outer, inner;
  simdjson::padded_string_view view(data.data(), data.size(), data.capacity());
  const char* buffer_end = data.data() + data.capacity();
  simdjson::ondemand::document doc;
  simdjson::ondemand::object od_root;
  if (outer.iterate(view).get(doc) != simdjson::SUCCESS || doc.get_object().get(od_root) != simdjson::SUCCESS)
    return Status::Corruption(name + ": malformed JSON at byte offset 0");
  simdjson::ondemand::array od_objects;
  if (od_root["objects"].get_array().get(od_objects) != simdjson::SUCCESS)
    return Status::Corruption(name + ": not a STIX bundle: it has no \"objects\" array");

  bundle.objects.reserve(dom_objects.size());
  for (auto item : od_objects) {
    std::string_view raw;
    simdjson::ondemand::object item_obj;
    if (item.get_object().get(item_obj) != simdjson::SUCCESS || item_obj.raw_json().get(raw) != simdjson::SUCCESS)
      return Status::Corruption(name + ": malformed JSON in object #" + std::to_string(bundle.objects.size()));
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
      raw.remove_suffix(1);
    GLEXIA_RETURN_IF_ERROR(CheckSpan(raw, name, bundle.objects.size()));
    ObjectRecord rec;
    rec.raw = raw;
    simdjson::padded_string_view span(raw.data(), raw.size(), static_cast<size_t>(buffer_end - raw.data()));
    simdjson::ondemand::document odoc;
    simdjson::ondemand::object oobj;
    if (inner.iterate(span).get(odoc) == simdjson::SUCCESS && odoc.get_object().get(oobj) == simdjson::SUCCESS) {
      for (auto field : oobj) {
        simdjson::ondemand::raw_json_string key;
        if (field.key().get(key) != simdjson::SUCCESS) break;
        rec.member_starts.push_back(static_cast<uint32_t>(key.raw() - 1 - raw.data()));
        // Arrays of objects (external_references, kill_chain_phases, ...) are
        // cut per element too: a release that adds one reference then shares
        // every other element with the previous release.
        simdjson::ondemand::array arr;
        if (field.value().get_array().get(arr) != simdjson::SUCCESS) continue;
        for (auto element : arr) {
          simdjson::ondemand::object element_obj;
          std::string_view element_raw;
          if (element.get_object().get(element_obj) != simdjson::SUCCESS ||
              element_obj.raw_json().get(element_raw) != simdjson::SUCCESS)
            break;
          rec.member_starts.push_back(static_cast<uint32_t>(element_raw.data() - raw.data()));
        }
      }
    }
    if (!rec.member_starts.empty()) rec.member_starts.front() = 0;
    bundle.objects.push_back(std::move(rec));
  }
  if (bundle.objects.size() != dom_objects.size())
    return Status::Internal(name + ": object count mismatch between parsers");

  // 3. Facts per object from the DOM, plus the checks the issue asks for.
  size_t missing = 0;
  std::string missing_examples;
  std::unordered_set<std::string_view> seen_ids;  // views into the records' ids
  std::vector<std::string_view> duplicates;
  std::map<std::string, size_t> domain_votes;
  std::string matrix_domain, source_name_domain;
  size_t index = 0;
  for (element obj : dom_objects) {
    ObjectRecord& rec = bundle.objects[index];
    if (!obj.is_object()) {
      ++missing;
      if (missing <= 3) missing_examples += (missing_examples.empty() ? "#" : ", #") + std::to_string(index);
      ++index;
      continue;
    }
    rec.type = std::string(GetString(obj, "type"));
    rec.id = std::string(GetString(obj, "id"));
    if (rec.type.empty() || rec.id.empty()) {
      ++missing;
      if (missing <= 3) missing_examples += (missing_examples.empty() ? "#" : ", #") + std::to_string(index);
      ++index;
      continue;
    }
    if (!seen_ids.insert(rec.id).second) duplicates.push_back(rec.id);
    rec.attack_id = AttackIdOf(obj);
    rec.name = std::string(GetString(obj, "name"));
    rec.modified = std::string(GetString(obj, "modified"));
    rec.version = std::string(GetString(obj, "x_mitre_version"));
    rec.revoked = GetBool(obj, "revoked");
    rec.deprecated = GetBool(obj, "x_mitre_deprecated");
    if (rec.type != "relationship") {
      rec.aliases = JoinStrings(obj, "aliases");
      std::string more = JoinStrings(obj, "x_mitre_aliases");
      if (!more.empty()) rec.aliases += (rec.aliases.empty() ? "" : " ") + more;
      rec.description = std::string(GetString(obj, "description"));
    }
    if (bundle.spec_version.empty()) {
      std::string_view sv = GetString(obj, "spec_version");
      if (!sv.empty()) bundle.spec_version = std::string(sv);
    }
    simdjson::dom::array domains;
    if (obj["x_mitre_domains"].get_array().get(domains) == simdjson::SUCCESS) {
      for (element d : domains) {
        std::string_view s;
        if (d.get_string().get(s) == simdjson::SUCCESS) ++domain_votes[std::string(s)];
      }
    }
    if (rec.type == "x-mitre-collection" && bundle.collection_name.empty()) {
      bundle.collection_name = rec.name;
      if (bundle.release.empty()) bundle.release = rec.version;
    }
    if (rec.type == "x-mitre-matrix" && IsKnownDomain(rec.attack_id)) matrix_domain = rec.attack_id;
    if (source_name_domain.empty()) {
      simdjson::dom::array refs;
      if (obj["external_references"].get_array().get(refs) == simdjson::SUCCESS) {
        for (element ref : refs) {
          std::string_view sn = GetString(ref, "source_name");
          if (sn == "mitre-mobile-attack") source_name_domain = "mobile-attack";
          if (sn == "mitre-ics-attack") source_name_domain = "ics-attack";
        }
      }
    }
    ++index;
  }
  if (missing > 0)
    return Status::Corruption(name + ": " + std::to_string(missing) + " object(s) without \"id\" or \"type\" (first: " +
                              missing_examples + ")");
  if (!duplicates.empty()) {
    std::string list;
    for (size_t i = 0; i < duplicates.size() && i < 3; ++i) list += (i ? ", " : "") + std::string(duplicates[i]);
    return Status::Corruption(name + ": duplicate object id(s) in one bundle: " + list +
                              (duplicates.size() > 3 ? " and " + std::to_string(duplicates.size() - 3) + " more" : ""));
  }
  if (bundle.objects.empty()) return Status::Corruption(name + ": the bundle has no objects");
  if (bundle.spec_version.empty()) bundle.spec_version = "2.0";

  // Domain: the collection's name, then the domains the objects declare, then
  // the matrix's own id, then old-style external-id source names, then the file name.
  std::string file_domain, file_release;
  DomainAndReleaseFromFileName(name, &file_domain, &file_release);
  bundle.domain = DomainFromCollectionName(bundle.collection_name);
  if (bundle.domain.empty() && !domain_votes.empty()) {
    auto best = std::max_element(domain_votes.begin(), domain_votes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    bundle.domain = best->first;
  }
  if (bundle.domain.empty()) bundle.domain = matrix_domain;
  if (bundle.domain.empty()) bundle.domain = source_name_domain;
  if (bundle.domain.empty()) bundle.domain = file_domain;
  if (bundle.release.empty()) bundle.release = file_release;
  if (!options.domain.empty()) bundle.domain = options.domain;
  if (!options.release.empty()) bundle.release = options.release;

  if (!IsKnownDomain(bundle.domain))
    return Status::InvalidArgument(name + ": cannot tell the ATT&CK domain" +
                                   (bundle.domain.empty() ? std::string() : " (found \"" + bundle.domain + "\")") +
                                   "; pass --domain enterprise-attack|mobile-attack|ics-attack");
  if (bundle.release.empty())
    return Status::InvalidArgument(name +
                                   ": cannot tell the ATT&CK release (no x-mitre-collection object and the file name "
                                   "is not <domain>-<X.Y>.json); pass --release X.Y");
  return bundle;
}

}  // namespace glexia::stix
