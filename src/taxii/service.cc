#include "taxii/service.h"

#include <algorithm>
#include <cctype>

#include "core/json_writer.h"
#include "core/version.h"
#include "stix/bundle.h"
#include "taxii/stix21.h"

namespace glexia::taxii {

using server::Request;
using server::Response;

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string HeaderOf(const Request& req, const std::string& lower_name) {
  auto it = req.headers.find(lower_name);
  return it == req.headers.end() ? "" : it->second;
}

std::string ParamOf(const Request& req, const std::string& name) {
  auto it = req.params.find(name);
  return it == req.params.end() ? "" : it->second;
}

Response TaxiiJson(std::string body) {
  Response r;
  r.status = 200;
  r.content_type = std::string(kTaxiiMediaType);
  r.body = std::move(body);
  return r;
}

Response FromStatus(const glexia::Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return ErrorResponse(400, "Bad request", status.message());
    case StatusCode::kNotFound: return ErrorResponse(404, "Not found", status.message());
    default: return ErrorResponse(500, "Internal error", status.message());
  }
}

// The newest release of each domain, and every release, by root name.
struct RootEntry {
  std::string name;
  store::ReleaseInfo release;
  bool latest = false;
};

std::vector<RootEntry> Roots(const std::vector<store::ReleaseInfo>& releases) {
  std::vector<RootEntry> out;
  std::vector<std::string> domains;
  for (const auto& r : releases) {
    if (std::find(domains.begin(), domains.end(), r.domain) == domains.end()) domains.push_back(r.domain);
  }
  for (const auto& domain : domains) {
    const store::ReleaseInfo* newest = nullptr;
    for (const auto& r : releases) {
      if (r.domain == domain && (!newest || CompareVersions(newest->version, r.version) < 0)) newest = &r;
    }
    out.push_back({domain, *newest, true});
    for (const auto& r : releases) {
      if (r.domain == domain) out.push_back({domain + "-" + r.version, r, false});
    }
  }
  return out;
}

std::string DomainTitle(std::string_view domain) {
  if (domain == "enterprise-attack") return "Enterprise ATT&CK";
  if (domain == "mobile-attack") return "Mobile ATT&CK";
  if (domain == "ics-attack") return "ICS ATT&CK";
  return std::string(domain);
}

void WriteDateHeaders(Response& r, const ReleaseObjects& objects, bool any) {
  if (!any) return;
  // Every object of a release shares the release's import time.
  r.headers.emplace_back("X-TAXII-Date-Added-First", objects.date_added);
  r.headers.emplace_back("X-TAXII-Date-Added-Last", objects.date_added);
}

// A TAXII envelope of one page of objects, with the date-added headers.
Response EnvelopeResponse(const Page& page, const ReleaseObjects& objects) {
  JsonWriter w;
  w.BeginObject().Field("more", page.more);
  if (page.more) w.Field("next", page.next);
  if (!page.objects.empty()) {
    w.Key("objects").BeginArray();
    for (const ServedObject* o : page.objects) w.Raw(o->json);
    w.EndArray();
  }
  w.EndObject();
  Response r = TaxiiJson(w.Take());
  WriteDateHeaders(r, objects, !page.objects.empty());
  return r;
}


}  // namespace

bool AcceptsTaxii21(std::string_view accept_header) {
  accept_header = Trim(accept_header);
  if (accept_header.empty()) return true;
  size_t start = 0;
  while (start <= accept_header.size()) {
    size_t comma = accept_header.find(',', start);
    if (comma == std::string_view::npos) comma = accept_header.size();
    std::string_view range = Trim(accept_header.substr(start, comma - start));
    start = comma + 1;
    // media-range *( ";" parameter )
    size_t semi = range.find(';');
    std::string type = Lower(Trim(range.substr(0, semi)));
    bool version_ok = true;
    bool q_zero = false;
    while (semi != std::string_view::npos) {
      size_t next = range.find(';', semi + 1);
      std::string_view param = Trim(range.substr(semi + 1, next == std::string_view::npos ? next : next - semi - 1));
      size_t eq = param.find('=');
      std::string name = Lower(Trim(param.substr(0, eq)));
      std::string_view value = eq == std::string_view::npos ? "" : Trim(param.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      if (name == "version") version_ok = value == "2.1";
      if (name == "q") q_zero = value.find_first_not_of("0.") == std::string_view::npos;
      semi = next;
    }
    if (q_zero) continue;
    if (type == "*/*" || type == "application/*") return true;
    if (type == "application/taxii+json" && version_ok) return true;
  }
  return false;
}

Response ErrorResponse(int status, std::string_view title, std::string_view description) {
  JsonWriter w;
  w.BeginObject().Field("title", title);
  if (!description.empty()) w.Field("description", description);
  w.Field("http_status", std::to_string(status));  // a string in TAXII 2.1
  w.EndObject();
  Response r = TaxiiJson(w.Take());
  r.status = status;
  return r;
}

std::string CollectionIdFor(std::string_view root_name) {
  return UuidV5Url("glexia-taxii:" + std::string(root_name));
}

struct Service::Target {
  RootEntry root;
  std::string collection_id;
  std::shared_ptr<const ReleaseObjects> objects;
};

std::string Service::BaseUrl(const Request& req) const {
  if (!app_.public_base_url.empty()) {
    std::string base = app_.public_base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
  }
  std::string host = HeaderOf(req, "host");
  return host.empty() ? "" : "http://" + host;
}

Response Service::Resolve(const Request& req, bool need_collection, bool need_objects, Target* target) {
  if (!AcceptsTaxii21(HeaderOf(req, "accept"))) {
    return ErrorResponse(406, "Not acceptable",
                         "this server answers only with application/taxii+json;version=2.1");
  }
  auto releases = app_.store->ListReleases();
  if (!releases.ok()) return FromStatus(releases.status());
  const std::string root_name = ParamOf(req, "root");
  bool found = false;
  for (auto& entry : Roots(*releases)) {
    if (entry.name == root_name) {
      target->root = std::move(entry);
      found = true;
      break;
    }
  }
  if (!found) return ErrorResponse(404, "Unknown API root", "no API root named '" + root_name + "'");
  target->collection_id = CollectionIdFor(target->root.name);
  if (need_collection && ParamOf(req, "collection") != target->collection_id) {
    return ErrorResponse(404, "Unknown collection",
                         "API root '" + root_name + "' has no collection '" + ParamOf(req, "collection") + "'");
  }
  if (need_objects) {
    auto objects = cache_.Get(*app_.store, target->root.release);
    if (!objects.ok()) return FromStatus(objects.status());
    target->objects = std::move(objects).value();
  }
  Response ok;
  ok.status = 0;  // 0 = resolved, carry on
  return ok;
}

Response Service::Discovery(const Request& req) {
  if (!AcceptsTaxii21(HeaderOf(req, "accept"))) {
    return ErrorResponse(406, "Not acceptable",
                         "this server answers only with application/taxii+json;version=2.1");
  }
  auto releases = app_.store->ListReleases();
  if (!releases.ok()) return FromStatus(releases.status());
  const std::string base = BaseUrl(req) + "/taxii2/";
  std::vector<RootEntry> roots = Roots(*releases);
  JsonWriter w;
  w.BeginObject()
      .Field("title", "Glexia ATT&CK TAXII server")
      .Field("description",
             "Every imported MITRE ATT&CK release, read-only. The API root <domain> serves the newest "
             "release of the domain; <domain>-<version> serves one release.");
  auto is_enterprise = [](const RootEntry& e) { return e.latest && e.release.domain == "enterprise-attack"; };
  auto def = std::find_if(roots.begin(), roots.end(), is_enterprise);
  if (def == roots.end()) def = std::find_if(roots.begin(), roots.end(), [](const RootEntry& e) { return e.latest; });
  if (def != roots.end()) w.Field("default", base + def->name + "/");
  w.Key("api_roots").BeginArray();
  for (const auto& root : roots) w.String(base + root.name + "/");
  w.EndArray().EndObject();
  return TaxiiJson(w.Take());
}

Response Service::ApiRoot(const Request& req) {
  Target t;
  if (Response r = Resolve(req, false, false, &t); r.status != 0) return r;
  const auto& rel = t.root.release;
  JsonWriter w;
  w.BeginObject()
      .Field("title", DomainTitle(rel.domain) + (t.root.latest ? " (newest release, " : " (release ") + rel.version + ")")
      .Field("description", t.root.latest ? "Follows the newest imported " + rel.domain + " release; now " + rel.version + "."
                                          : "Pinned to " + rel.domain + " " + rel.version + ".")
      .Key("versions").BeginArray().String(kTaxiiMediaType).EndArray()
      .Field("max_content_length", int64_t{0})  // nothing can be posted
      .EndObject();
  return TaxiiJson(w.Take());
}

namespace {
void WriteCollection(JsonWriter& w, const std::string& id, const RootEntry& root) {
  const auto& rel = root.release;
  std::string title = rel.collection_name.empty() ? DomainTitle(rel.domain) : rel.collection_name;
  w.BeginObject()
      .Field("id", id)
      .Field("title", title + " " + rel.version)
      .Field("description", "All " + std::to_string(rel.object_count) + " objects of " + rel.domain + " " +
                                rel.version + " as STIX 2.1 (imported from STIX " + rel.spec_version + ").")
      .Field("alias", root.name)
      .Field("can_read", true)
      .Field("can_write", false)
      .Key("media_types").BeginArray().String(kStixMediaType).EndArray()
      .EndObject();
}
}  // namespace

Response Service::Collections(const Request& req) {
  Target t;
  if (Response r = Resolve(req, false, false, &t); r.status != 0) return r;
  JsonWriter w;
  w.BeginObject().Key("collections").BeginArray();
  WriteCollection(w, t.collection_id, t.root);
  w.EndArray().EndObject();
  return TaxiiJson(w.Take());
}

Response Service::Collection(const Request& req) {
  Target t;
  if (Response r = Resolve(req, true, false, &t); r.status != 0) return r;
  JsonWriter w;
  WriteCollection(w, t.collection_id, t.root);
  return TaxiiJson(w.Take());
}

Response Service::Objects(const Request& req) {
  Target t;
  if (Response r = Resolve(req, true, true, &t); r.status != 0) return r;
  ObjectQuery query;
  const int64_t rid = t.root.release.id;
  if (auto st = ParseObjectQuery(req.query, rid, {"id", "type", "version", "spec_version"}, &query); !st.ok()) {
    return FromStatus(st);
  }
  auto page = RunQuery(*t.objects, query, rid);
  if (!page.ok()) return FromStatus(page.status());
  return EnvelopeResponse(*page, *t.objects);
}

Response Service::Object(const Request& req) {
  Target t;
  if (Response r = Resolve(req, true, true, &t); r.status != 0) return r;
  const std::string id = ParamOf(req, "object");
  if (!t.objects->Find(id)) {
    return ErrorResponse(404, "Unknown object", "collection has no object '" + id + "'");
  }
  ObjectQuery query;
  const int64_t rid = t.root.release.id;
  if (auto st = ParseObjectQuery(req.query, rid, {"version", "spec_version"}, &query); !st.ok()) {
    return FromStatus(st);
  }
  auto page = RunQuery(*t.objects, query, rid, id);
  if (!page.ok()) return FromStatus(page.status());
  return EnvelopeResponse(*page, *t.objects);
}

Response Service::Versions(const Request& req) {
  Target t;
  if (Response r = Resolve(req, true, true, &t); r.status != 0) return r;
  const std::string id = ParamOf(req, "object");
  if (!t.objects->Find(id)) {
    return ErrorResponse(404, "Unknown object", "collection has no object '" + id + "'");
  }
  ObjectQuery query;
  const int64_t rid = t.root.release.id;
  if (auto st = ParseObjectQuery(req.query, rid, {"spec_version"}, &query); !st.ok()) return FromStatus(st);
  auto page = RunQuery(*t.objects, query, rid, id);
  if (!page.ok()) return FromStatus(page.status());
  JsonWriter w;
  w.BeginObject().Field("more", page->more);
  if (page->more) w.Field("next", page->next);
  if (!page->objects.empty()) {
    w.Key("versions").BeginArray();
    for (const ServedObject* o : page->objects) w.String(o->version);
    w.EndArray();
  }
  w.EndObject();
  Response r = TaxiiJson(w.Take());
  WriteDateHeaders(r, *t.objects, !page->objects.empty());
  return r;
}

Response Service::Manifest(const Request& req) {
  Target t;
  if (Response r = Resolve(req, true, true, &t); r.status != 0) return r;
  ObjectQuery query;
  const int64_t rid = t.root.release.id;
  if (auto st = ParseObjectQuery(req.query, rid, {"id", "type", "version", "spec_version"}, &query); !st.ok()) {
    return FromStatus(st);
  }
  auto page = RunQuery(*t.objects, query, rid);
  if (!page.ok()) return FromStatus(page.status());
  JsonWriter w;
  w.BeginObject().Field("more", page->more);
  if (page->more) w.Field("next", page->next);
  if (!page->objects.empty()) {
    w.Key("objects").BeginArray();
    for (const ServedObject* o : page->objects) {
      w.BeginObject()
          .Field("id", o->id)
          .Field("date_added", t.objects->date_added)
          .Field("version", o->version)
          .Field("media_type", kStixMediaType)
          .EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  Response r = TaxiiJson(w.Take());
  WriteDateHeaders(r, *t.objects, !page->objects.empty());
  return r;
}

Response Service::StatusResource(const Request& req) {
  Target t;
  if (Response r = Resolve(req, false, false, &t); r.status != 0) return r;
  return ErrorResponse(404, "Unknown status", "this server accepts no writes, so it has no status resources");
}

Response Service::ReadOnly(const Request& req) {
  Target t;
  if (Response r = Resolve(req, true, false, &t); r.status != 0) return r;
  return ErrorResponse(403, "Collection is read-only",
                       "Glexia serves imported ATT&CK releases; objects cannot be added or deleted over TAXII");
}

}  // namespace glexia::taxii
