#include "taxii/collection.h"

#include <algorithm>
#include <charconv>
#include <simdjson.h>

#include "taxii/stix21.h"

namespace glexia::taxii {
namespace {

std::string CreatedOf(std::string_view raw) {
  thread_local simdjson::dom::parser parser;
  std::string_view created;
  simdjson::dom::element doc;
  if (parser.parse(raw.data(), raw.size()).get(doc) != simdjson::SUCCESS) return "";
  if (doc["created"].get_string().get(created) != simdjson::SUCCESS) return "";
  return std::string(created);
}

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

bool ParseSize(std::string_view text, size_t* value) {
  if (text.empty() || text.size() > 18) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string NextToken(int64_t release_id, size_t offset) {
  return std::to_string(release_id) + "-" + std::to_string(offset);
}

}  // namespace

const ServedObject* ReleaseObjects::Find(std::string_view id) const {
  auto it = std::lower_bound(objects.begin(), objects.end(), id,
                             [](const ServedObject& o, std::string_view key) { return o.id < key; });
  return it != objects.end() && it->id == id ? &*it : nullptr;
}

Result<std::shared_ptr<const ReleaseObjects>> LoadReleaseObjects(store::Store& store,
                                                                 const store::ReleaseInfo& release) {
  auto loaded = std::make_shared<ReleaseObjects>();
  loaded->release = release;
  loaded->date_added = release.imported_at;
  if (!NormalizeTimestamp(release.imported_at, &loaded->date_added_key)) {
    return Status::Corruption("release " + release.domain + " " + release.version +
                              " has an unparseable import time '" + release.imported_at + "'");
  }
  Status conversion_error;
  loaded->objects.reserve(static_cast<size_t>(release.object_count));
  Status st = store.ForEachObject(release.id, [&](const store::ObjectVersion& object, std::string_view raw) {
    if (!conversion_error.ok()) return;
    ServedObject served;
    served.id = object.stix_id;
    served.type = object.type;
    served.version = object.modified.empty() ? CreatedOf(raw) : object.modified;
    if (!NormalizeTimestamp(served.version, &served.version_key)) served.version_key.clear();
    auto json = ConvertToStix21(raw);
    if (!json.ok()) {
      conversion_error = json.status().WithContext(object.stix_id);
      return;
    }
    served.json = std::move(json).value();
    if (object.type == "x-mitre-collection") loaded->mitre_collection_id = object.stix_id;
    loaded->objects.push_back(std::move(served));
  });
  GLEXIA_RETURN_IF_ERROR(st);
  GLEXIA_RETURN_IF_ERROR(conversion_error);
  std::sort(loaded->objects.begin(), loaded->objects.end(),
            [](const ServedObject& a, const ServedObject& b) { return a.id < b.id; });
  return std::shared_ptr<const ReleaseObjects>(std::move(loaded));
}

Result<std::shared_ptr<const ReleaseObjects>> ReleaseObjectsCache::Get(store::Store& store,
                                                                      const store::ReleaseInfo& release) {
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if ((*it)->release.id == release.id && (*it)->release.bundle_sha256 == release.bundle_sha256 &&
          (*it)->release.imported_at == release.imported_at) {
        auto hit = *it;
        entries_.erase(it);
        entries_.push_back(hit);
        return hit;
      }
    }
  }
  // Loaded outside the lock so other releases stay servable; two threads may
  // both load the same release once, which is harmless.
  GLEXIA_ASSIGN_OR_RETURN(auto loaded, LoadReleaseObjects(store, release));
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& e) { return e->release.id == release.id; });
  entries_.push_back(loaded);
  while (entries_.size() > capacity_) entries_.erase(entries_.begin());
  return loaded;
}

Status ParseObjectQuery(const QueryParams& params, int64_t release_id,
                        const std::vector<std::string_view>& allowed_matches, ObjectQuery* query) {
  *query = ObjectQuery();
  for (const auto& [name, value] : params) {
    if (name == "added_after") {
      if (!NormalizeTimestamp(value, &query->added_after_key)) {
        return Status::InvalidArgument("added_after must be an RFC 3339 UTC timestamp, got '" + value + "'");
      }
    } else if (name == "limit") {
      size_t limit = 0;
      if (!ParseSize(value, &limit) || limit == 0) {
        return Status::InvalidArgument("limit must be a positive integer, got '" + value + "'");
      }
      query->limit = std::min(limit, kMaxPageSize);
    } else if (name == "next") {
      size_t dash = value.find('-');
      size_t token_release = 0;
      if (dash == std::string::npos || !ParseSize(std::string_view(value).substr(0, dash), &token_release) ||
          !ParseSize(std::string_view(value).substr(dash + 1), &query->offset) ||
          static_cast<int64_t>(token_release) != release_id) {
        return Status::InvalidArgument("next token '" + value + "' does not belong to this collection");
      }
      query->has_next_token = true;
    } else if (name.starts_with("match[") && name.ends_with("]")) {
      std::string_view field = std::string_view(name).substr(6, name.size() - 7);
      if (std::find(allowed_matches.begin(), allowed_matches.end(), field) == allowed_matches.end()) {
        return Status::InvalidArgument("match[" + std::string(field) + "] is not supported here");
      }
      std::vector<std::string> values = SplitCommas(value);
      if (values.empty()) return Status::InvalidArgument("match[" + std::string(field) + "] is empty");
      if (field == "id") {
        query->ids.insert(query->ids.end(), values.begin(), values.end());
      } else if (field == "type") {
        query->types.insert(query->types.end(), values.begin(), values.end());
      } else if (field == "spec_version") {
        query->spec_versions.insert(query->spec_versions.end(), values.begin(), values.end());
      } else if (field == "version") {
        query->version_any = false;
        for (const std::string& v : values) {
          if (v == "first" || v == "last" || v == "all") {
            query->version_any = true;  // a release holds exactly one version of each object
            continue;
          }
          std::string key;
          if (!NormalizeTimestamp(v, &key)) {
            return Status::InvalidArgument("match[version] takes first, last, all or a timestamp, got '" + v + "'");
          }
          query->version_keys.push_back(std::move(key));
        }
      }
    }
    // Other parameters are ignored, as TAXII asks of unknown ones.
  }
  return Status::Ok();
}

Result<Page> RunQuery(const ReleaseObjects& objects, const ObjectQuery& query, int64_t release_id,
                      std::string_view only_id) {
  std::vector<const ServedObject*> matched;
  const bool all_added_after = query.added_after_key.empty() || objects.date_added_key > query.added_after_key;
  if (all_added_after) {
    auto keep = [&](const ServedObject& o) {
      if (!query.ids.empty() && !Contains(query.ids, o.id)) return false;
      if (!query.types.empty() && !Contains(query.types, o.type)) return false;
      if (!query.spec_versions.empty() && !Contains(query.spec_versions, "2.1")) return false;
      if (!query.version_any && !Contains(query.version_keys, o.version_key)) return false;
      return true;
    };
    if (!only_id.empty()) {
      if (const ServedObject* o = objects.Find(only_id); o && keep(*o)) matched.push_back(o);
    } else {
      for (const ServedObject& o : objects.objects) {
        if (keep(o)) matched.push_back(&o);
      }
    }
  }
  if (query.offset > matched.size()) {
    return Status::InvalidArgument("next token points past the end of the results");
  }
  Page page;
  size_t end = std::min(matched.size(), query.offset + query.limit);
  page.objects.assign(matched.begin() + static_cast<ptrdiff_t>(query.offset),
                      matched.begin() + static_cast<ptrdiff_t>(end));
  page.more = end < matched.size();
  if (page.more) page.next = NextToken(release_id, end);
  return page;
}

}  // namespace glexia::taxii
