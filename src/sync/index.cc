#include "sync/index.h"

#include <curl/curl.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>

#include "stix/bundle.h"

namespace glexia::sync {
namespace {

std::string_view StringField(simdjson::dom::element e, const char* key) {
  std::string_view s;
  if (e[key].get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// The path of a file:// URL, percent-decoded. Only local hosts make sense.
Result<std::string> FileUrlToPath(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return Status::InvalidArgument("malformed file URL \"" + url + "\"");
  char* path = nullptr;
  if (curl_url_get(u.get(), CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK || !path)
    return Status::InvalidArgument("malformed file URL \"" + url + "\"");
  std::string out(path);
  curl_free(path);
  return out;
}

}  // namespace

bool IsRemoteUrl(std::string_view s) { return StartsWithNoCase(s, "http://") || StartsWithNoCase(s, "https://"); }

std::string DomainFromCollectionName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.find("enterprise") != std::string::npos) return "enterprise-attack";
  if (lower.find("mobile") != std::string::npos) return "mobile-attack";
  if (lower.find("ics") != std::string::npos) return "ics-attack";
  return {};
}

Result<std::string> ResolveReference(const std::string& base, const std::string& ref) {
  if (ref.empty()) return Status::InvalidArgument("empty URL");
  const bool has_scheme = ref.find("://") != std::string::npos;
  if (IsRemoteUrl(ref)) return ref;
  if (StartsWithNoCase(ref, "file://")) {
    // A remote index must never make us read local files.
    if (IsRemoteUrl(base)) return Status::InvalidArgument("a remote index may not point at a local file: " + ref);
    return FileUrlToPath(ref);
  }
  if (has_scheme) return Status::InvalidArgument("unsupported URL scheme in \"" + ref + "\" (use http, https or file)");
  if (IsRemoteUrl(base)) {
    std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
    if (!u || curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK ||
        curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK)
      return Status::InvalidArgument("cannot resolve \"" + ref + "\" against " + base);
    char* full = nullptr;
    if (curl_url_get(u.get(), CURLUPART_URL, &full, 0) != CURLUE_OK || !full)
      return Status::InvalidArgument("cannot resolve \"" + ref + "\" against " + base);
    std::string out(full);
    curl_free(full);
    return out;
  }
  std::filesystem::path p(ref);
  if (p.is_absolute()) return ref;
  return (std::filesystem::path(base).parent_path() / p).lexically_normal().string();
}

bool LooksLikeCollectionIndex(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size(), true).get(root) != simdjson::SUCCESS) return false;
  simdjson::dom::array collections;
  return root.is_object() && root["collections"].get_array().get(collections) == simdjson::SUCCESS;
}

Result<CollectionIndex> ParseCollectionIndex(std::string_view json, const std::string& base) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(json.data(), json.size(), true).get(root); err != simdjson::SUCCESS)
    return Status::Corruption(base + ": the collection index is not valid JSON (" + simdjson::error_message(err) + ")");
  simdjson::dom::array collections;
  if (!root.is_object() || root["collections"].get_array().get(collections) != simdjson::SUCCESS)
    return Status::Corruption(base + ": not a collection index (no \"collections\" array)");

  CollectionIndex index;
  index.name = std::string(StringField(root, "name"));
  index.modified = std::string(StringField(root, "modified"));
  for (simdjson::dom::element collection : collections) {
    std::string name(StringField(collection, "name"));
    std::string id(StringField(collection, "id"));
    simdjson::dom::array versions;
    if (collection["versions"].get_array().get(versions) != simdjson::SUCCESS)
      return Status::Corruption(base + ": collection \"" + name + "\" has no \"versions\" array");
    std::string collection_domain = DomainFromCollectionName(name);
    for (simdjson::dom::element v : versions) {
      IndexEntry entry;
      entry.version = std::string(StringField(v, "version"));
      std::string url(StringField(v, "url"));
      entry.modified = std::string(StringField(v, "modified"));
      entry.collection_id = id;
      entry.collection_name = name;
      if (entry.version.empty() || url.empty())
        return Status::Corruption(base + ": a version of collection \"" + name + "\" lacks \"version\" or \"url\"");
      auto resolved = ResolveReference(base, url);
      if (!resolved.ok()) return resolved.status().WithContext(base);
      entry.url = std::move(resolved).value();
      entry.domain = collection_domain;
      if (entry.domain.empty()) {
        std::string file_release;
        stix::DomainAndReleaseFromFileName(url, &entry.domain, &file_release);
      }
      if (!stix::IsKnownDomain(entry.domain))
        return Status::Corruption(base + ": cannot tell the ATT&CK domain of collection \"" + name + "\" (" + url + ")");
      index.entries.push_back(std::move(entry));
    }
  }
  return index;
}

}  // namespace glexia::sync
