// The objects one TAXII collection serves (one imported release, as STIX
// 2.1) and the TAXII 2.1 filter/paging rules over them. No HTTP here, so the
// rules can be tested directly.
//
// Date added: every object of a release was "added" when the release was
// imported (store::ReleaseInfo::imported_at). A release holds one version of
// each object, so match[version]=first, last and all select the same object.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace glexia::taxii {

struct ServedObject {
  std::string id;
  std::string type;
  std::string version;      // modified, or created for objects without modified
  std::string version_key;  // NormalizeTimestamp(version); "" if unparseable
  std::string json;         // the object as STIX 2.1 (see stix21.h)
};

// Immutable once loaded; share as shared_ptr<const ReleaseObjects>.
struct ReleaseObjects {
  store::ReleaseInfo release;
  std::string date_added;      // RFC 3339, from release.imported_at
  std::string date_added_key;  // sortable form of date_added
  std::vector<ServedObject> objects;  // sorted by id: the collection's stable order
  std::string mitre_collection_id;    // x-mitre-collection id, empty in 2.0 bundles

  const ServedObject* Find(std::string_view id) const;
};

// Reads every object of `release` from the store and converts it to 2.1.
Result<std::shared_ptr<const ReleaseObjects>> LoadReleaseObjects(store::Store& store,
                                                                 const store::ReleaseInfo& release);

// Keeps the last few loaded releases (conversion of a large release takes
// a fraction of a second). Thread-safe.
class ReleaseObjectsCache {
 public:
  explicit ReleaseObjectsCache(size_t capacity = 3) : capacity_(capacity) {}
  Result<std::shared_ptr<const ReleaseObjects>> Get(store::Store& store, const store::ReleaseInfo& release);

 private:
  std::mutex mutex_;
  size_t capacity_;
  std::vector<std::shared_ptr<const ReleaseObjects>> entries_;  // most recently used last
};

inline constexpr size_t kDefaultPageSize = 1000;
inline constexpr size_t kMaxPageSize = 1000;

// One request's filters, all combined with AND. Empty lists mean "any".
struct ObjectQuery {
  std::string added_after_key;  // sortable; empty = no filter
  std::vector<std::string> ids;
  std::vector<std::string> types;
  std::vector<std::string> spec_versions;
  // match[version]: first/last/all and specific timestamps (sortable keys).
  // No entry means "last" (the spec's default).
  bool version_any = true;
  std::vector<std::string> version_keys;
  size_t limit = kDefaultPageSize;
  size_t offset = 0;  // from the `next` token
  bool has_next_token = false;
};

// Query parameters of a request, as (name, value) pairs in order.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Parses added_after, limit, next and match[...] for `release_id`'s
// collection. `allowed_matches` names the match[] fields this endpoint
// accepts (e.g. {"id","type","version","spec_version"}); others are
// InvalidArgument, as are malformed values and foreign `next` tokens.
Status ParseObjectQuery(const QueryParams& params, int64_t release_id,
                        const std::vector<std::string_view>& allowed_matches, ObjectQuery* query);

struct Page {
  std::vector<const ServedObject*> objects;
  bool more = false;
  std::string next;  // token for the following page when `more`
};

// Applies the filters (and, when `only` is non-empty, the object id) and cuts
// the page. InvalidArgument when the `next` token points past the results.
Result<Page> RunQuery(const ReleaseObjects& objects, const ObjectQuery& query, int64_t release_id,
                      std::string_view only_id = {});

}  // namespace glexia::taxii
