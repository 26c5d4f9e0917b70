// HTTP routes of the history layer: object history and comparison (API and
// page) and release changelogs (API in JSON/Markdown/layer, and a page).
// Changelogs are cached per (domain, from, to, store generation), so a
// repeated request costs a map lookup.
#include "history/routes.h"

#include <list>
#include <map>
#include <memory>
#include <mutex>

#include "history/changelog.h"
#include "history/object_history.h"
#include "history/render.h"
#include "model/model.h"
#include "web/html.h"

namespace glexia::history {
namespace {

constexpr size_t kMaxCachedChangelogs = 32;  // entries; two keys may share one changelog
constexpr size_t kMaxCachedIndexes = 4;

int HttpStatusOf(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    default: return 500;
  }
}

// Small LRU keyed by string; values are immutable and shared.
template <typename T>
class Lru {
 public:
  explicit Lru(size_t capacity) : capacity_(capacity) {}
  std::shared_ptr<const T> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.second);
    return it->second.first;
  }
  void Put(const std::string& key, std::shared_ptr<const T> value) {
    std::lock_guard lock(mu_);
    if (auto it = map_.find(key); it != map_.end()) {
      order_.erase(it->second.second);
      map_.erase(it);
    }
    order_.push_front(key);
    map_[key] = {std::move(value), order_.begin()};
    while (map_.size() > capacity_) {
      map_.erase(order_.back());
      order_.pop_back();
    }
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::list<std::string> order_;
  std::map<std::string, std::pair<std::shared_ptr<const T>, std::list<std::string>::iterator>> map_;
};

std::string SitePath(const ObjectRef& ref) {
  model::Object object;
  object.type = ref.type;
  object.kind = model::KindFromStixType(ref.type);
  object.stix_id = ref.stix_id;
  object.attack_id = ref.attack_id;
  return web::ObjectPath(object);
}

// A GET form to pick another release pair of the same domain.
std::string PairForm(const Changelog& log, const std::vector<store::ReleaseInfo>& releases) {
  auto options = [&](const std::string& selected) {
    std::string out;
    for (const auto& r : releases) {
      if (r.domain != log.to.domain) continue;
      out += "<option" + std::string(r.version == selected ? " selected" : "") + ">" + HtmlEscape(r.version) +
             "</option>";
    }
    return out;
  };
  return "<form class=\"release-pair\" method=\"get\" action=\"/changes\"><input type=\"hidden\" name=\"domain\" "
         "value=\"" + HtmlEscape(log.to.domain) + "\"><label>From <select name=\"from\">" + options(log.from.version) +
         "</select></label> <label>to <select name=\"to\">" + options(log.to.version) +
         "</select></label> <button type=\"submit\">Compare releases</button></form>\n";
}

struct CachedChangelog {
  Changelog log;
  std::string json, markdown, layer, html_body;  // rendered once, when built
};

struct History {
  History(server::App& a, const server::Router& r) : app(a), router(r) {}
  server::App& app;
  const server::Router& router;
  Lru<CachedChangelog> changelogs{kMaxCachedChangelogs};
  Lru<ReleaseIndex> indexes{kMaxCachedIndexes};

  int64_t Generation() {
    auto g = app.store->Generation();
    return g.ok() ? *g : -1;
  }

  // `to` empty = newest release of the domain; `from` empty = the one before `to`.
  Status ResolvePair(std::string_view domain, std::string from, std::string to, store::ReleaseInfo* a,
                     store::ReleaseInfo* b) {
    std::string dom = domain.empty() ? "enterprise-attack" : std::string(domain);
    auto releases = app.store->ListReleases();
    if (!releases.ok()) return releases.status();
    std::vector<store::ReleaseInfo> of_domain;
    for (const auto& r : *releases)
      if (r.domain == dom) of_domain.push_back(r);
    if (of_domain.empty()) return Status::NotFound("no release of " + dom + " is imported");
    if (to.empty()) to = of_domain.back().version;
    if (from.empty()) {
      for (size_t i = 1; i < of_domain.size(); ++i)
        if (of_domain[i].version == to) from = of_domain[i - 1].version;
      if (from.empty()) from = to;
    }
    auto ra = FindRelease(*app.store, dom, from);
    if (!ra.ok()) return ra.status();
    auto rb = FindRelease(*app.store, dom, to);
    if (!rb.ok()) return rb.status();
    *a = *ra;
    *b = *rb;
    return Status::Ok();
  }

  Result<std::shared_ptr<const CachedChangelog>> GetChangelog(const server::Request& req) {
    // Keyed by the request's own words first, so a warm hit costs one
    // generation check and no release lookups.
    std::string generation = std::to_string(Generation());
    std::string asked = "q|" + req.Query("domain") + "|" + req.Query("from") + "|" + req.Query("to") + "|" + generation;
    if (auto hit = changelogs.Get(asked)) return hit;
    store::ReleaseInfo from, to;
    GLEXIA_RETURN_IF_ERROR(ResolvePair(req.Query("domain"), req.Query("from"), req.Query("to"), &from, &to));
    std::string key = to.domain + "|" + from.version + "|" + to.version + "|" + generation;
    if (auto hit = changelogs.Get(key)) {
      changelogs.Put(asked, hit);
      return hit;
    }
    GLEXIA_ASSIGN_OR_RETURN(Changelog log, BuildChangelog(*app.store, from, to));
    auto cached = std::make_shared<CachedChangelog>();
    cached->json = ChangelogJson(log);
    cached->markdown = ChangelogMarkdown(log);
    cached->layer = ChangelogLayer(log);
    cached->html_body = ChangelogHtml(log, SitePath);
    cached->log = std::move(log);
    std::shared_ptr<const CachedChangelog> out = cached;
    changelogs.Put(key, out);
    changelogs.Put(asked, out);
    return out;
  }

  Result<std::shared_ptr<const ReleaseIndex>> GetIndex(const store::ReleaseInfo& release) {
    std::string key = std::to_string(release.id) + "|" + std::to_string(Generation());
    if (auto hit = indexes.Get(key)) return hit;
    GLEXIA_ASSIGN_OR_RETURN(auto index, LoadReleaseIndex(*app.store, release));
    indexes.Put(key, index);
    return index;
  }

  Result<ObjectComparison> Compare(const server::Request& req) {
    std::string domain;
    GLEXIA_ASSIGN_OR_RETURN(std::string stix_id,
                            ResolveStixId(*app.store, req.Param("id"), req.Query("domain"), &domain));
    store::ReleaseInfo from, to;
    GLEXIA_RETURN_IF_ERROR(ResolvePair(domain, req.Query("from"), req.Query("to"), &from, &to));
    GLEXIA_ASSIGN_OR_RETURN(auto a, GetIndex(from));
    GLEXIA_ASSIGN_OR_RETURN(auto b, GetIndex(to));
    return CompareObject(*app.store, stix_id, *a, *b);
  }

  server::Response Fail(const server::Request& req, const Status& status) {
    return router.Error(req, HttpStatusOf(status), status.message());
  }

  web::PageContext Page(std::string title, const store::ReleaseInfo& release, const server::Request& req) {
    web::PageContext page;
    page.title = std::move(title);
    page.domain = release.domain;
    page.release = release.version;
    page.path = req.path;
    auto releases = app.store->ListReleases();
    if (releases.ok()) page.releases = std::move(*releases);
    return page;
  }
};


}  // namespace

void RegisterRoutes(server::Router& router, server::App& app) {
  auto h = std::make_shared<History>(app, router);

  router.Add(
      "GET", "/api/v1/objects/{id}/history",
      [h](const server::Request& req) {
        auto history = GetObjectHistory(*h->app.store, req.Param("id"), req.Query("domain"));
        if (!history.ok()) return h->Fail(req, history.status());
        return server::Response::Json(200, HistoryJson(*history));
      },
      "One object in every imported release of its domain: version, modified, status, raw hash, changed");

  router.Add(
      "GET", "/api/v1/objects/{id}/compare",
      [h](const server::Request& req) {
        auto comparison = h->Compare(req);
        if (!comparison.ok()) return h->Fail(req, comparison.status());
        return server::Response::Json(200, ComparisonJson(*comparison));
      },
      "Field-level diff and relationships gained/lost of one object between releases ?from= and ?to=");

  router.Add(
      "GET", "/api/v1/changelog",
      [h](const server::Request& req) {
        std::string format = req.Query("format", "json");
        if (format != "json" && format != "md" && format != "layer") {
          return h->router.Error(req, 400, "format must be json, md or layer");
        }
        auto cached = h->GetChangelog(req);
        if (!cached.ok()) return h->Fail(req, cached.status());
        const CachedChangelog& c = **cached;
        if (format == "md") {
          server::Response r = server::Response::Text(200, c.markdown);
          r.content_type = "text/markdown; charset=utf-8";
          return r;
        }
        return server::Response::Json(200, format == "layer" ? c.layer : c.json);
      },
      "Release changelog of ?domain= between ?from= and ?to= (format=json|md|layer), classified as MITRE's tool");

  for (int k = 0; k <= static_cast<int>(model::Kind::kAsset); ++k) {
    auto kind = static_cast<model::Kind>(k);
    std::string segment(model::KindPathSegment(kind));
    if (segment.empty()) continue;
    router.Add(
        "GET", "/" + segment + "/{id}/compare",
        [h](const server::Request& req) {
          auto comparison = h->Compare(req);
          if (!comparison.ok()) return h->Fail(req, comparison.status());
          const ObjectComparison& c = *comparison;
          std::string label = c.object.attack_id.empty() ? c.object.name : c.object.attack_id + " " + c.object.name;
          return web::RenderPage(h->Page(label + ": " + c.from.version + " → " + c.to.version, c.to, req),
                                 ComparisonHtml(c, SitePath));
        },
        "Page: compare one " + std::string(model::KindLabel(kind)) + " between releases ?from= and ?to=");
  }

  router.Add(
      "GET", "/changes",
      [h](const server::Request& req) {
        auto cached = h->GetChangelog(req);
        if (!cached.ok()) return h->Fail(req, cached.status());
        const Changelog& log = (*cached)->log;
        web::PageContext page = h->Page("Changes " + log.from.version + " → " + log.to.version, log.to, req);
        std::string body = PairForm(log, page.releases) + (*cached)->html_body;
        return web::RenderPage(page, body);
      },
      "Page: release changelog of ?domain= between ?from= and ?to=");
}

}  // namespace glexia::history
