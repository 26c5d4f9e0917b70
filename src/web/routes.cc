// Routes of the web layer and the release/domain resolution every page shares:
// ?release= and ?domain= pick the release; without a domain, an object is
// looked up in enterprise, then mobile, then ICS.
#include "web/routes.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <regex>

#include "web/pages.h"
#include "web/paths.h"
#include "web/site.h"
#include "web/static_assets.h"

namespace glexia::web {
namespace {

using model::Kind;

constexpr const char* kDomains[] = {"enterprise-attack", "mobile-attack", "ics-attack"};

std::string ParamValue(const server::Request& req, const std::string& name) {
  auto it = req.params.find(name);
  return it == req.params.end() ? std::string() : it->second;
}

server::Response Redirect(const std::string& location) {
  server::Response r;
  r.status = 302;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  r.body = "See " + location + "\n";
  SetSecurityHeaders(r);
  return r;
}

bool LooksLikeAttackId(std::string_view q) {
  static const std::regex kId(R"(^\s*(TA|T|G|S|M|C|DS|DC|DET|AN|A)\d{4}(\.\d{3})?\s*$)", std::regex::icase);
  return std::regex_match(q.begin(), q.end(), kId);
}

std::string TrimCopy(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

struct Lookup {
  std::shared_ptr<const model::ReleaseModel> model;
  const model::Object* object = nullptr;
  int status = 200;
  std::string message;
};

// Domains to try for a request, in order; only those that have the release.
std::vector<std::string> CandidateDomains(const std::vector<store::ReleaseInfo>& releases, const std::string& domain,
                                          const std::string& release) {
  std::vector<std::string> out;
  auto has = [&](const std::string& d) {
    return std::any_of(releases.begin(), releases.end(),
                       [&](const auto& r) { return r.domain == d && (release.empty() || r.version == release); });
  };
  if (!domain.empty()) {
    if (has(domain)) out.push_back(domain);
    return out;
  }
  for (const char* d : kDomains) {
    if (has(d)) out.push_back(d);
  }
  for (const auto& r : releases) {  // domains ATT&CK may add later
    if (std::find(out.begin(), out.end(), r.domain) == out.end() && has(r.domain)) out.push_back(r.domain);
  }
  return out;
}

Lookup ModelFor(server::App& app, const server::Request& req) {
  Lookup l;
  std::string domain = QueryValue(req, "domain");
  std::string release = QueryValue(req, "release");
  auto domains = CandidateDomains(app.models->Releases(), domain, release);
  if (domains.empty()) {
    l.status = 404;
    l.message = release.empty() && domain.empty()
                    ? "No ATT&CK release is imported yet."
                    : "No imported release matches" + (domain.empty() ? "" : " domain " + domain) +
                          (release.empty() ? "" : " release " + release) + ".";
    return l;
  }
  auto m = app.models->Get(domains.front(), release);
  if (!m.ok()) {
    l.status = m.status().code() == StatusCode::kNotFound ? 404 : 500;
    l.message = m.status().message();
    return l;
  }
  l.model = m.value();
  return l;
}

Lookup FindObject(server::App& app, const server::Request& req, const std::string& id) {
  Lookup l;
  std::string domain = QueryValue(req, "domain");
  std::string release = QueryValue(req, "release");
  auto domains = CandidateDomains(app.models->Releases(), domain, release);
  for (const auto& d : domains) {
    auto m = app.models->Get(d, release);
    if (!m.ok()) continue;
    if (const model::Object* o = m.value()->Resolve(id)) {
      l.model = m.value();
      l.object = o;
      return l;
    }
  }
  l.status = 404;
  l.message = id + " is not in " +
              (domains.empty() ? std::string("any imported release")
                               : (release.empty() ? "the newest imported release" : "release " + release) +
                                     (domain.empty() ? " of any domain" : " of " + domain)) +
              ".";
  return l;
}

}  // namespace

std::string QueryValue(const server::Request& req, std::string_view key) {
  for (const auto& [k, v] : req.query) {
    if (k == key) return v;
  }
  return "";
}

Site::Site(server::App& app, size_t cache_entries, size_t cache_bytes) : app_(app), cache_(cache_entries, cache_bytes) {}

template <typename F>
server::Response Site::Cached(const server::Request& req, F&& render) {
  if (cache_.CheckGeneration([this] {
        auto g = app_.store->Generation();
        return g.ok() ? g.value() : int64_t{-1};
      })) {
    (void)app_.models->Refresh();
  }
  std::string key = std::to_string(cache_.generation()) + " " + req.target;
  if (auto hit = cache_.Get(key)) return *hit;
  server::Response r = render();
  if (r.status == 200) cache_.Put(key, std::make_shared<const server::Response>(r));
  return r;
}

server::Response Site::Error(const server::Request& req, int status, std::string_view message) {
  PageContext page;
  page.title = status == 404 ? "Not found" : "Error";
  page.path = req.path;
  page.releases = app_.models ? app_.models->Releases() : std::vector<store::ReleaseInfo>{};
  std::string body = "<section class=\"card\"><h1>" + std::string(status == 404 ? "Not found" : "Something went wrong") +
                     "</h1><p>" + Escape(message) + "</p><p><a href=\"/\">Home</a> &middot; <a href=\"/search\">"
                     "Search</a></p></section>";
  return RenderPage(page, body, status);
}

server::Response Site::Home(const server::Request& req) {
  return Cached(req, [&] {
    PageContext page;
    page.title = "ATT&CK knowledge platform";
    page.path = "/";
    page.releases = app_.models->Releases();
    return RenderPage(page, HomeBody(app_, page.releases));
  });
}

server::Response Site::Static(const server::Request& req) { return ServeStatic(req); }

server::Response Site::Matrix(const server::Request& req) {
  return Cached(req, [&] {
    server::Request scoped = req;
    std::string domain = ParamValue(req, "domain");
    if (domain.empty()) domain = "enterprise-attack";
    if (domain.find("-attack") == std::string::npos) domain += "-attack";  // /matrix/enterprise
    bool found = false;
    for (auto& [k, v] : scoped.query) {
      if (k == "domain") {
        v = domain;
        found = true;
      }
    }
    if (!found) scoped.query.emplace_back("domain", domain);
    Lookup l = ModelFor(app_, scoped);
    if (!l.model) return Error(req, l.status, l.message);
    PageEnv env{app_, l.model, app_.models->Releases(), {}};
    return RenderPage(env.Context(DomainLabel(domain) + " matrix " + env.release().version, "/matrix/" + domain),
                      MatrixBody(env, QueryValue(req, "platform")));
  });
}

server::Response Site::Search(const server::Request& req) {
  std::string q = TrimCopy(QueryValue(req, "q"));
  if (LooksLikeAttackId(q)) {
    Lookup l = FindObject(app_, req, q);
    if (l.object) {
      return Redirect(ObjectPath(*l.object) + ReleaseQuery(l.model->release().version, l.model->release().domain));
    }
  }
  return Cached(req, [&] {
    Lookup l = ModelFor(app_, req);
    if (!l.model) return Error(req, l.status, l.message);
    PageEnv env{app_, l.model, app_.models->Releases(), {}};
    return RenderPage(env.Context(q.empty() ? "Search" : "Search: " + q, "/search"), SearchBody(env, q));
  });
}

server::Response Site::KindIndex(const server::Request& req, Kind kind) {
  return Cached(req, [&] {
    Lookup l = ModelFor(app_, req);
    if (!l.model) return Error(req, l.status, l.message);
    PageEnv env{app_, l.model, app_.models->Releases(), {}};
    return RenderPage(env.Context(std::string(KindPluralLabel(kind)), "/" + std::string(PageSegment(kind))),
                      KindIndexBody(env, kind));
  });
}

server::Response Site::ObjectPage(const server::Request& req, std::optional<Kind> kind) {
  return Cached(req, [&] {
    std::string id = ParamValue(req, "id");
    Lookup l = FindObject(app_, req, id);
    if (!l.object) return Error(req, l.status, l.message);
    const model::Object& o = *l.object;
    std::string canonical = ObjectPath(o);
    if (canonical != req.path) {
      // /groups/T1591 or /objects/<stix id of a technique>: send to the real page.
      if (!kind || *kind != o.kind || (!o.attack_id.empty() && id != o.attack_id)) {
        std::string query = req.target.find('?') == std::string::npos ? "" : req.target.substr(req.target.find('?'));
        return Redirect(canonical + query);
      }
    }
    PageEnv env{app_, l.model, app_.models->Releases(), {}};
    std::string title = (o.attack_id.empty() ? "" : o.attack_id + ": ") + o.name;
    std::string body = o.kind == Kind::kTechnique ? TechniquePageBody(env, o) : ObjectPageBody(env, o);
    return RenderPage(env.Context(title, canonical), body);
  });
}

void RegisterRoutes(server::Router& router, server::App& app) {
  auto site = std::make_shared<Site>(app);
  router.Add("GET", "/", [site](const server::Request& r) { return site->Home(r); }, "Home page");
  router.Add("GET", "/static/{file}", [site](const server::Request& r) { return site->Static(r); },
             "Stylesheet and icon");
  router.Add("GET", "/favicon.ico", [site](const server::Request& r) { return site->Static(r); }, "Icon");
  router.Add("GET", "/matrix", [site](const server::Request& r) { return site->Matrix(r); }, "Enterprise matrix");
  router.Add("GET", "/matrix/{domain}", [site](const server::Request& r) { return site->Matrix(r); },
             "Matrix of a domain (?release=, ?platform=)");
  router.Add("GET", "/search", [site](const server::Request& r) { return site->Search(r); },
             "Search (?q=; ATT&CK IDs redirect)");
  router.Add("GET", "/objects/{id}", [site](const server::Request& r) { return site->ObjectPage(r, std::nullopt); },
             "Any object by STIX id");
  for (Kind kind : {Kind::kTechnique, Kind::kTactic, Kind::kGroup, Kind::kSoftware, Kind::kCampaign,
                    Kind::kMitigation, Kind::kDataSource, Kind::kDataComponent, Kind::kDetectionStrategy,
                    Kind::kAnalytic, Kind::kAsset, Kind::kMatrix}) {
    std::string segment(PageSegment(kind));
    router.Add("GET", "/" + segment, [site, kind](const server::Request& r) { return site->KindIndex(r, kind); },
               std::string(KindPluralLabel(kind)) + " of a release");
    router.Add("GET", "/" + segment + "/{id}",
               [site, kind](const server::Request& r) { return site->ObjectPage(r, kind); },
               std::string(KindSingularLabel(kind)) + " page");
  }
  router.SetErrorRenderer("/", [site](const server::Request& r, int status, std::string_view message) {
    return site->Error(r, status, message);
  });
}

}  // namespace glexia::web
