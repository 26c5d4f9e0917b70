// TAXII 2.1 endpoints against real ATT&CK releases imported into a fresh
// store. Expected values come from walking the raw bundles in the test.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/file_io.h"
#include "model/model.h"
#include "server/http.h"
#include "stix/bundle.h"
#include "store/store.h"
#include "taxii/routes.h"
#include "taxii/service.h"
#include "taxii/stix21.h"

namespace glexia::taxii {
namespace {

const std::string kData = GLEXIA_ATTACK_DATA;

std::string Str(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view v;
  return e.get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string("<not a string>");
}

struct RawObject {
  std::string type, id, modified;
  std::string raw_minified;  // whole object, minified by simdjson from the bundle text
};

// The bundle's objects, read independently of the store.
struct RawBundle {
  std::string bundle_id;
  std::vector<RawObject> objects;
  std::map<std::string, size_t> by_id;
};

RawBundle ReadRaw(const std::string& path) {
  RawBundle out;
  auto data = ReadInputFile(path);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(*data);
  out.bundle_id = std::string(std::string_view(doc["id"]));
  for (simdjson::dom::element o : doc["objects"].get_array()) {
    RawObject r;
    r.type = std::string(std::string_view(o["type"]));
    r.id = std::string(std::string_view(o["id"]));
    std::string_view m;
    if (o["modified"].get_string().get(m) == simdjson::SUCCESS) r.modified = std::string(m);
    r.raw_minified = simdjson::minify(o);
    out.by_id[r.id] = out.objects.size();
    out.objects.push_back(std::move(r));
  }
  return out;
}

class TaxiiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = std::string(GLEXIA_TEST_WORK) + "/taxii";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = store::OpenSqliteStore(dir + "/store.db");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = opened->release();
    for (const char* file : {"enterprise-attack/enterprise-attack-18.1.json.gz", "ics-attack/ics-attack-17.1.json.gz",
                             "ics-attack/ics-attack-18.1.json.gz"}) {
      auto bundle = stix::ReadBundle(kData + "/" + file);
      ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
      auto imported = store_->Import(*bundle, {});
      ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    }
    enterprise_ = new RawBundle(ReadRaw(kData + "/enterprise-attack/enterprise-attack-18.1.json.gz"));
    ics_ = new RawBundle(ReadRaw(kData + "/ics-attack/ics-attack-18.1.json.gz"));
    app_ = new server::App();
    app_->store = store_;
    app_->public_base_url = "http://glexia.test";
    router_ = new server::Router();
    RegisterRoutes(*router_, *app_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete app_;
    delete enterprise_;
    delete ics_;
    delete store_;
  }

  static server::Response Get(const std::string& target, std::string accept = "application/taxii+json;version=2.1",
                              const std::string& method = "GET") {
    server::Request req;
    req.method = method;
    req.target = target;
    if (!accept.empty()) req.headers["accept"] = accept;
    return router_->Dispatch(req);
  }
  static simdjson::dom::element Parse(simdjson::dom::parser& parser, const server::Response& r) {
    simdjson::dom::element doc;
    EXPECT_EQ(parser.parse(r.body).get(doc), simdjson::SUCCESS) << r.body.substr(0, 300);
    return doc;
  }
  static std::string ObjectsPath(const std::string& root) {
    return "/taxii2/" + root + "/collections/" + CollectionIdFor(root) + "/objects/";
  }
  // Every id served by `path` (with extra query `query`), walking `next`.
  static std::vector<std::string> Walk(const std::string& path, const std::string& query, size_t limit,
                                       size_t* pages = nullptr) {
    std::vector<std::string> ids;
    std::string next;
    size_t count = 0;
    for (int guard = 0; guard < 10000; ++guard) {
      std::string target = path + "?limit=" + std::to_string(limit) + query + (next.empty() ? "" : "&next=" + next);
      server::Response r = Get(target);
      EXPECT_EQ(r.status, 200) << target << " " << r.body.substr(0, 300);
      if (r.status != 200) break;
      EXPECT_EQ(r.content_type, "application/taxii+json;version=2.1");
      simdjson::dom::parser parser;
      auto doc = Parse(parser, r);
      simdjson::dom::array objects;
      size_t on_page = 0;
      if (doc["objects"].get_array().get(objects) == simdjson::SUCCESS) {
        for (auto o : objects) {
          ids.emplace_back(std::string_view(o["id"]));
          ++on_page;
        }
      }
      EXPECT_LE(on_page, limit);
      ++count;
      bool more = doc["more"].get_bool().value();
      if (!more) {
        EXPECT_TRUE(doc["next"].error() != simdjson::SUCCESS) << "next without more";
        break;
      }
      EXPECT_EQ(on_page, limit) << "a page before the last is full";
      next = std::string(std::string_view(doc["next"]));
    }
    if (pages) *pages = count;
    return ids;
  }
  static std::set<std::string> IdsOf(const RawBundle& b, const std::function<bool(const RawObject&)>& keep) {
    std::set<std::string> out;
    for (const auto& o : b.objects) {
      if (keep(o)) out.insert(o.id);
    }
    return out;
  }
  static std::string ImportedAt(const std::string& domain, const std::string& version) {
    return store_->GetRelease(domain, version)->imported_at;
  }

  static store::Store* store_;
  static server::App* app_;
  static server::Router* router_;
  static RawBundle* enterprise_;
  static RawBundle* ics_;
};

store::Store* TaxiiTest::store_ = nullptr;
server::App* TaxiiTest::app_ = nullptr;
server::Router* TaxiiTest::router_ = nullptr;
RawBundle* TaxiiTest::enterprise_ = nullptr;
RawBundle* TaxiiTest::ics_ = nullptr;

TEST_F(TaxiiTest, UuidV5MatchesTheNameBasedBundleIdOfAssembledBundles) {
  // README of the data: 2.0 bundle ids are uuid5(NAMESPACE_URL, "<domain>-<release>").
  EXPECT_EQ("bundle--" + UuidV5Url("enterprise-attack-18.1"), enterprise_->bundle_id);
}

TEST_F(TaxiiTest, DiscoveryListsALatestAndAPinnedRootPerRelease) {
  server::Response r = Get("/taxii2/");
  ASSERT_EQ(r.status, 200);
  simdjson::dom::parser parser;
  auto doc = Parse(parser, r);
  EXPECT_FALSE(std::string_view(doc["title"]).empty());
  std::set<std::string> roots;
  for (auto root : doc["api_roots"].get_array()) roots.insert(std::string(std::string_view(root)));
  std::set<std::string> expected = {"http://glexia.test/taxii2/enterprise-attack/",
                                    "http://glexia.test/taxii2/enterprise-attack-18.1/",
                                    "http://glexia.test/taxii2/ics-attack/", "http://glexia.test/taxii2/ics-attack-17.1/",
                                    "http://glexia.test/taxii2/ics-attack-18.1/"};
  EXPECT_EQ(roots, expected);
  EXPECT_EQ(std::string_view(doc["default"]), "http://glexia.test/taxii2/enterprise-attack/");
}

TEST_F(TaxiiTest, ApiRootAndCollectionsDescribeOneReadOnlyCollection) {
  server::Response r = Get("/taxii2/ics-attack-17.1/");
  ASSERT_EQ(r.status, 200) << r.body;
  simdjson::dom::parser parser;
  auto doc = Parse(parser, r);
  EXPECT_EQ(std::string_view(doc["versions"].at(0)), "application/taxii+json;version=2.1");
  EXPECT_TRUE(doc["max_content_length"].is_int64());

  r = Get("/taxii2/ics-attack-17.1/collections/");
  ASSERT_EQ(r.status, 200);
  doc = Parse(parser, r);
  auto collections = doc["collections"].get_array();
  ASSERT_EQ(collections.size(), 1u);
  auto c = collections.at(0);
  std::string id = Str(c["id"]);
  EXPECT_EQ(id, CollectionIdFor("ics-attack-17.1"));
  EXPECT_EQ(id.size(), 36u);
  EXPECT_TRUE(bool(c["can_read"]));
  EXPECT_FALSE(bool(c["can_write"]));
  EXPECT_EQ(std::string_view(c["media_types"].at(0)), "application/stix+json;version=2.1");
  // The latest root and the pinned root have different, stable collection ids.
  EXPECT_NE(CollectionIdFor("ics-attack"), CollectionIdFor("ics-attack-18.1"));

  r = Get("/taxii2/ics-attack-17.1/collections/" + id + "/");
  ASSERT_EQ(r.status, 200);
  doc = Parse(parser, r);
  EXPECT_EQ(std::string_view(doc["id"]), id);
}

TEST_F(TaxiiTest, PagingThroughTheWholeEnterpriseCollectionYieldsExactlyTheBundle) {
  size_t pages = 0;
  std::vector<std::string> ids = Walk(ObjectsPath("enterprise-attack-18.1"), "", 1000, &pages);
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "an object was served twice";
  EXPECT_EQ(unique, IdsOf(*enterprise_, [](const RawObject&) { return true; }));
  EXPECT_EQ(pages, (enterprise_->objects.size() + 999) / 1000);
}

TEST_F(TaxiiTest, LatestRootServesTheNewestRelease) {
  std::vector<std::string> ids = Walk(ObjectsPath("ics-attack"), "", 333);
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  EXPECT_EQ(unique, IdsOf(*ics_, [](const RawObject&) { return true; }));
}

TEST_F(TaxiiTest, Stix20ObjectsAreServedAsStix21) {
  std::vector<std::string> ids;
  std::string next;
  size_t checked = 0, malware = 0, tools = 0;
  simdjson::dom::parser parser, raw_parser;
  for (int guard = 0; guard < 100; ++guard) {
    server::Response r = Get(ObjectsPath("enterprise-attack-18.1") + "?limit=1000" + (next.empty() ? "" : "&next=" + next));
    ASSERT_EQ(r.status, 200);
    auto doc = Parse(parser, r);
    for (simdjson::dom::object served : doc["objects"].get_array()) {
      std::string id = Str(served["id"]);
      const RawObject& raw = enterprise_->objects.at(enterprise_->by_id.at(id));
      simdjson::dom::object original = raw_parser.parse(raw.raw_minified).get_object();
      EXPECT_EQ(std::string_view(served["spec_version"]), "2.1") << id;
      // Every original member is kept with the same value, except the 2.0 labels.
      for (auto field : original) {
        if (field.key == "labels" && (raw.type == "malware" || raw.type == "tool")) continue;
        simdjson::dom::element value;
        ASSERT_EQ(served[field.key].get(value), simdjson::SUCCESS) << id << " lost " << field.key;
        EXPECT_EQ(simdjson::minify(value), simdjson::minify(field.value)) << id << " " << field.key;
      }
      size_t extra = served.size() - original.size();
      if (raw.type == "malware") {
        ++malware;
        EXPECT_TRUE(bool(served["is_family"])) << id;
        EXPECT_TRUE(served["labels"].error() != simdjson::SUCCESS) << id;
        EXPECT_EQ(extra + 1, 2u) << id;  // +spec_version +is_family -labels
      } else if (raw.type == "tool") {
        ++tools;
        EXPECT_TRUE(served["labels"].error() != simdjson::SUCCESS) << id;
        EXPECT_TRUE(served["is_family"].error() != simdjson::SUCCESS) << id;
        EXPECT_EQ(extra + 1, 1u) << id;  // +spec_version -labels
      } else {
        EXPECT_EQ(extra, 1u) << id;  // +spec_version
      }
      ++checked;
    }
    if (!bool(doc["more"])) break;
    next = std::string(std::string_view(doc["next"]));
  }
  EXPECT_EQ(checked, enterprise_->objects.size());
  EXPECT_GT(malware, 0u);
  EXPECT_GT(tools, 0u);
}

TEST_F(TaxiiTest, Stix21ObjectsAreServedWithTheirOwnMembers) {
  server::Response r = Get(ObjectsPath("ics-attack-18.1") + "?match[type]=malware&limit=1000");
  ASSERT_EQ(r.status, 200);
  simdjson::dom::parser parser, raw_parser;
  auto doc = Parse(parser, r);
  size_t n = 0;
  for (auto served : doc["objects"].get_array()) {
    std::string id = Str(served["id"]);
    const RawObject& raw = ics_->objects.at(ics_->by_id.at(id));
    EXPECT_EQ(simdjson::minify(served), raw.raw_minified) << id;
    ++n;
  }
  EXPECT_EQ(n, IdsOf(*ics_, [](const RawObject& o) { return o.type == "malware"; }).size());
}

TEST_F(TaxiiTest, TheRawStoreStillHoldsTheOriginal20Bytes) {
  const RawObject& any_malware = *std::find_if(enterprise_->objects.begin(), enterprise_->objects.end(),
                                               [](const RawObject& o) { return o.type == "malware"; });
  auto rel = store_->GetRelease("enterprise-attack", "18.1");
  auto found = store_->FindObjects(rel->id, any_malware.id);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  auto raw = store_->RawBytes((*found)[0].object_id);
  ASSERT_TRUE(raw.ok());
  simdjson::dom::parser parser;
  EXPECT_EQ(simdjson::minify(parser.parse(*raw)), any_malware.raw_minified);
  EXPECT_NE(raw->find("\"labels\""), std::string::npos);
  EXPECT_EQ(raw->find("\"spec_version\""), std::string::npos);
}

TEST_F(TaxiiTest, MatchTypeAndIdCombineWithAnd) {
  auto groups = Walk(ObjectsPath("enterprise-attack-18.1"), "&match[type]=intrusion-set", 100);
  EXPECT_EQ(std::set<std::string>(groups.begin(), groups.end()),
            IdsOf(*enterprise_, [](const RawObject& o) { return o.type == "intrusion-set"; }));

  auto software = Walk(ObjectsPath("enterprise-attack-18.1"), "&match[type]=malware,tool", 1000);
  EXPECT_EQ(std::set<std::string>(software.begin(), software.end()),
            IdsOf(*enterprise_, [](const RawObject& o) { return o.type == "malware" || o.type == "tool"; }));

  const std::string g = *IdsOf(*enterprise_, [](const RawObject& o) { return o.type == "intrusion-set"; }).begin();
  const std::string t = *IdsOf(*enterprise_, [](const RawObject& o) { return o.type == "attack-pattern"; }).begin();
  auto both = Walk(ObjectsPath("enterprise-attack-18.1"), "&match[id]=" + g + "," + t, 10);
  EXPECT_EQ(std::set<std::string>(both.begin(), both.end()), (std::set<std::string>{g, t}));
  auto anded = Walk(ObjectsPath("enterprise-attack-18.1"), "&match[id]=" + g + "," + t + "&match[type]=intrusion-set", 10);
  EXPECT_EQ(anded, std::vector<std::string>{g});
  auto none = Walk(ObjectsPath("enterprise-attack-18.1"), "&match[id]=" + g + "&match[type]=attack-pattern", 10);
  EXPECT_TRUE(none.empty());
}

TEST_F(TaxiiTest, MatchVersionFirstLastAllAndTimestamp) {
  std::set<std::string> all_ics = IdsOf(*ics_, [](const RawObject&) { return true; });
  for (const char* v : {"first", "last", "all", "first,last"}) {
    auto ids = Walk(ObjectsPath("ics-attack-18.1"), std::string("&match[version]=") + v, 1000);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), all_ics) << v;
  }
  // A specific timestamp selects exactly the objects modified then.
  const RawObject& sample = *std::find_if(ics_->objects.begin(), ics_->objects.end(),
                                          [](const RawObject& o) { return o.type == "attack-pattern"; });
  auto ids = Walk(ObjectsPath("ics-attack-18.1"), "&match[version]=" + sample.modified, 1000);
  std::set<std::string> expected = IdsOf(*ics_, [&](const RawObject& o) { return o.modified == sample.modified; });
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  EXPECT_TRUE(expected.count(sample.id));
  ids = Walk(ObjectsPath("ics-attack-18.1"), "&match[version]=1999-01-01T00:00:00Z", 1000);
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(Get(ObjectsPath("ics-attack-18.1") + "?match[version]=latest").status, 400);
}

TEST_F(TaxiiTest, MatchSpecVersion) {
  auto ids = Walk(ObjectsPath("ics-attack-18.1"), "&match[spec_version]=2.1&match[type]=campaign", 1000);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            IdsOf(*ics_, [](const RawObject& o) { return o.type == "campaign"; }));
  EXPECT_TRUE(Walk(ObjectsPath("enterprise-attack-18.1"), "&match[spec_version]=2.0", 1000).empty());
}

TEST_F(TaxiiTest, AddedAfterComparesWithTheImportTimeAndDateHeadersAreSet) {
  const std::string imported = ImportedAt("ics-attack", "18.1");
  server::Response r = Get(ObjectsPath("ics-attack-18.1") + "?limit=5");
  ASSERT_EQ(r.status, 200);
  std::map<std::string, std::string> headers(r.headers.begin(), r.headers.end());
  EXPECT_EQ(headers["X-TAXII-Date-Added-First"], imported);
  EXPECT_EQ(headers["X-TAXII-Date-Added-Last"], imported);

  auto before = Walk(ObjectsPath("ics-attack-18.1"), "&added_after=2000-01-01T00:00:00.000Z", 1000);
  EXPECT_EQ(before.size(), ics_->objects.size());
  auto after = Walk(ObjectsPath("ics-attack-18.1"), "&added_after=" + imported, 1000);
  EXPECT_TRUE(after.empty());
  EXPECT_EQ(Get(ObjectsPath("ics-attack-18.1") + "?added_after=yesterday").status, 400);
}

TEST_F(TaxiiTest, ObjectByIdVersionsAndManifest) {
  const RawObject& sample = *std::find_if(ics_->objects.begin(), ics_->objects.end(),
                                          [](const RawObject& o) { return o.type == "intrusion-set"; });
  const std::string base = ObjectsPath("ics-attack-18.1");
  simdjson::dom::parser parser;
  server::Response r = Get(base + sample.id + "/");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = Parse(parser, r);
  ASSERT_EQ(doc["objects"].get_array().size(), 1u);
  EXPECT_EQ(simdjson::minify(doc["objects"].at(0)), sample.raw_minified);

  r = Get(base + sample.id + "/?match[version]=1999-01-01T00:00:00Z");
  ASSERT_EQ(r.status, 200);
  doc = Parse(parser, r);
  EXPECT_TRUE(doc["objects"].error() != simdjson::SUCCESS);

  r = Get(base + sample.id + "/versions/");
  ASSERT_EQ(r.status, 200);
  doc = Parse(parser, r);
  ASSERT_EQ(doc["versions"].get_array().size(), 1u);
  EXPECT_EQ(std::string_view(doc["versions"].at(0)), sample.modified);
  EXPECT_FALSE(bool(doc["more"]));

  const std::string manifest = "/taxii2/ics-attack-18.1/collections/" + CollectionIdFor("ics-attack-18.1") + "/manifest/";
  r = Get(manifest + "?match[type]=intrusion-set&limit=1000");
  ASSERT_EQ(r.status, 200);
  doc = Parse(parser, r);
  std::set<std::string> ids;
  for (auto record : doc["objects"].get_array()) {
    std::string id = Str(record["id"]);
    ids.insert(id);
    EXPECT_EQ(std::string_view(record["version"]), ics_->objects[ics_->by_id.at(id)].modified);
    EXPECT_EQ(std::string_view(record["date_added"]), ImportedAt("ics-attack", "18.1"));
    EXPECT_EQ(std::string_view(record["media_type"]), "application/stix+json;version=2.1");
  }
  EXPECT_EQ(ids, IdsOf(*ics_, [](const RawObject& o) { return o.type == "intrusion-set"; }));
  // The manifest pages like the objects endpoint.
  auto manifest_ids = Walk(manifest, "", 400);
  EXPECT_EQ(manifest_ids.size(), ics_->objects.size());
}

void ExpectTaxiiError(const server::Response& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/taxii+json;version=2.1");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.body).get(doc), simdjson::SUCCESS) << r.body;
  EXPECT_FALSE(std::string_view(doc["title"]).empty());
  EXPECT_EQ(std::string_view(doc["http_status"]), std::to_string(status));
}

TEST_F(TaxiiTest, ContentNegotiation) {
  for (const char* ok : {"application/taxii+json;version=2.1", "application/taxii+json", "*/*",
                         "application/taxii+json; version=2.1", "text/html, application/taxii+json;q=0.5", ""}) {
    EXPECT_EQ(Get("/taxii2/", ok).status, 200) << ok;
    EXPECT_EQ(Get(ObjectsPath("ics-attack") + "?limit=1", ok).status, 200) << ok;
  }
  for (const char* bad : {"application/json", "text/html", "application/taxii+json;version=2.0",
                          "application/stix+json;version=2.1", "application/taxii+json;q=0"}) {
    ExpectTaxiiError(Get("/taxii2/", bad), 406);
    ExpectTaxiiError(Get(ObjectsPath("ics-attack"), bad), 406);
  }
}

TEST_F(TaxiiTest, UnknownRootCollectionAndObjectAre404) {
  ExpectTaxiiError(Get("/taxii2/enterprise-attack-99.9/"), 404);
  ExpectTaxiiError(Get("/taxii2/nothing/collections/"), 404);
  ExpectTaxiiError(Get("/taxii2/ics-attack/collections/" + CollectionIdFor("ics-attack-18.1") + "/objects/"), 404);
  ExpectTaxiiError(Get("/taxii2/ics-attack/collections/not-a-collection/"), 404);
  ExpectTaxiiError(Get(ObjectsPath("ics-attack") + "attack-pattern--00000000-0000-4000-8000-000000000000/"), 404);
  ExpectTaxiiError(Get(ObjectsPath("ics-attack") + "attack-pattern--00000000-0000-4000-8000-000000000000/versions/"), 404);
  ExpectTaxiiError(Get("/taxii2/ics-attack/no-such-endpoint/"), 404);
  ExpectTaxiiError(Get("/taxii2/ics-attack/status/1234/"), 404);
}

TEST_F(TaxiiTest, WritesAreRefused) {
  ExpectTaxiiError(Get(ObjectsPath("ics-attack"), "application/taxii+json;version=2.1", "POST"), 403);
  ExpectTaxiiError(Get(ObjectsPath("ics-attack") + ics_->objects[0].id + "/", "application/taxii+json;version=2.1",
                       "DELETE"), 403);
  server::Response r = Get("/taxii2/", "application/taxii+json;version=2.1", "POST");
  ExpectTaxiiError(r, 405);
  ExpectTaxiiError(Get("/taxii2/ics-attack/collections/", "application/taxii+json;version=2.1", "DELETE"), 405);
}

TEST_F(TaxiiTest, BadLimitAndNextAre400) {
  const std::string path = ObjectsPath("ics-attack-18.1");
  for (const char* limit : {"0", "-1", "abc", "1.5", ""}) {
    ExpectTaxiiError(Get(path + "?limit=" + limit), 400);
  }
  ExpectTaxiiError(Get(path + "?next=garbage"), 400);
  ExpectTaxiiError(Get(path + "?next=1-99999999"), 400);
  // A token from another collection does not apply here.
  server::Response first = Get(ObjectsPath("ics-attack-17.1") + "?limit=10");
  simdjson::dom::parser parser;
  auto doc = Parse(parser, first);
  std::string token = Str(doc["next"]);
  ExpectTaxiiError(Get(path + "?next=" + token), 400);
  ExpectTaxiiError(Get(path + "?match[foo]=bar"), 400);
  // A huge limit is capped at the server's page size, not refused.
  server::Response capped = Get(path + "?limit=100000");
  EXPECT_EQ(capped.status, 200);
}

}  // namespace
}  // namespace glexia::taxii
