// /api/v1 behaviour on real ATT&CK data, through Router::Dispatch (and a real
// socket for the limits the server enforces). Expected facts are read from the
// bundle files here with simdjson, not from the program's own output.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "api/api_test_env.h"
#include "core/sha256.h"
#include "server/test_client.h"

namespace glexia::api::testing {
namespace {

std::string Str(simdjson::dom::object o, const char* key) {
  std::string_view value;
  if (o[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return std::string(value);
}

std::string HeaderOf(const server::Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

// The raw bundle object with this ATT&CK ID (active one preferred) or STIX id.
simdjson::dom::object FindRaw(simdjson::dom::parser& parser, const std::string& bundle, const std::string& id) {
  simdjson::dom::object found;
  for (simdjson::dom::object o : parser.parse(bundle)["objects"].get_array()) {
    if (Str(o, "id") == id) return o;
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) != simdjson::SUCCESS) continue;
    for (simdjson::dom::object ref : refs) {
      if (Str(ref, "source_name") == "mitre-attack" && Str(ref, "external_id") == id) {
        bool revoked = false;
        if (o["revoked"].get_bool().get(revoked) != simdjson::SUCCESS) revoked = false;
        if (!revoked) return o;
        found = o;
      }
    }
  }
  return found;
}

std::string Bundle(const std::string& domain, const std::string& version) {
  for (const BundleFile& b : ManifestBundles()) {
    if (b.domain == domain && b.version == version) return b.path;
  }
  ADD_FAILURE() << "no bundle " << domain << " " << version;
  return {};
}

void ExpectApiError(const server::Response& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u) << r.content_type;
  simdjson::dom::parser parser;
  simdjson::dom::object error;
  ASSERT_EQ(parser.parse(r.body)["error"].get_object().get(error), simdjson::SUCCESS) << r.body;
  int64_t s = 0;
  ASSERT_EQ(error["status"].get_int64().get(s), simdjson::SUCCESS);
  EXPECT_EQ(s, status);
  EXPECT_EQ(Str(error, "code"), code);
  EXPECT_FALSE(Str(error, "message").empty());
  EXPECT_EQ(error.size(), 3u) << r.body;
}

TEST(Api, BusinessRelationshipsInEnterprise181HasEveryFact) {
  Env& env = SharedEnv();
  auto r = env.Get("/api/v1/techniques/T1591.002?release=18.1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u);
  simdjson::dom::parser api_parser, raw_parser;
  simdjson::dom::element doc = api_parser.parse(r.body);
  EXPECT_EQ(Str(doc["release"].get_object(), "domain"), "enterprise-attack");
  EXPECT_EQ(Str(doc["release"].get_object(), "version"), "18.1");
  simdjson::dom::object t = doc["object"].get_object();
  EXPECT_EQ(Str(t, "attack_id"), "T1591.002");
  EXPECT_EQ(Str(t, "name"), "Business Relationships");
  EXPECT_EQ(Str(t, "status"), "active");

  std::vector<std::string> tactics;
  for (simdjson::dom::object tactic : t["tactics"].get_array()) {
    tactics.push_back(Str(tactic, "attack_id") + " " + Str(tactic, "name"));
  }
  EXPECT_EQ(tactics, std::vector<std::string>{"TA0043 Reconnaissance"});
  std::vector<std::string> platforms;
  for (std::string_view p : t["platforms"].get_array()) platforms.emplace_back(p);
  EXPECT_EQ(platforms, std::vector<std::string>{"PRE"});
  EXPECT_EQ(Str(t["parent"].get_object(), "attack_id"), "T1591");

  std::map<std::string, std::set<std::string>> strategies;
  for (simdjson::dom::object s : t["detection"]["strategies"].get_array()) {
    for (simdjson::dom::object a : s["analytics"].get_array()) strategies[Str(s, "attack_id")].insert(Str(a, "attack_id"));
  }
  ASSERT_TRUE(strategies.count("DET0855"));
  EXPECT_TRUE(strategies["DET0855"].count("AN1987"));

  std::set<std::string> mitigations;
  for (simdjson::dom::object m : t["mitigations"].get_array()) mitigations.insert(Str(m, "attack_id"));
  EXPECT_TRUE(mitigations.count("M1056"));

  // Procedure texts equal the `uses` relationship descriptions in the bundle.
  const std::string& bundle = BundleBytes(Bundle("enterprise-attack", "18.1"));
  std::string technique_stix = Str(FindRaw(raw_parser, bundle, "T1591.002"), "id");
  ASSERT_EQ(Str(t, "stix_id"), technique_stix);
  std::map<std::string, std::string> api_groups;
  for (simdjson::dom::object g : t["groups"].get_array()) api_groups[Str(g, "stix_id")] = Str(g, "procedure");
  std::map<std::string, std::string> raw_procedures;
  for (simdjson::dom::object o : raw_parser.parse(bundle)["objects"].get_array()) {
    if (Str(o, "type") == "relationship" && Str(o, "relationship_type") == "uses" &&
        Str(o, "target_ref") == technique_stix && Str(o, "source_ref").rfind("intrusion-set--", 0) == 0) {
      raw_procedures[Str(o, "source_ref")] = Str(o, "description");
    }
  }
  for (const std::string group : {"G0034", "G0035", "G1004"}) {
    std::string group_stix = Str(FindRaw(raw_parser, bundle, group), "id");
    ASSERT_TRUE(api_groups.count(group_stix)) << group;
    EXPECT_FALSE(api_groups[group_stix].empty()) << group;
    EXPECT_EQ(api_groups[group_stix], raw_procedures[group_stix]) << group;
  }

  // Both external references, as in the bundle.
  simdjson::dom::object raw = FindRaw(raw_parser, bundle, "T1591.002");
  std::vector<std::string> want_refs, got_refs;
  for (simdjson::dom::object ref : raw["external_references"].get_array()) {
    want_refs.push_back(Str(ref, "source_name") + "|" + Str(ref, "url"));
  }
  for (simdjson::dom::object ref : t["external_references"].get_array()) {
    got_refs.push_back(Str(ref, "source_name") + "|" + Str(ref, "url"));
  }
  EXPECT_EQ(want_refs.size(), 2u);
  EXPECT_EQ(got_refs, want_refs);
}

TEST(Api, AnalyticsCarryPlatformsLogSourcesAndTunablesFromTheBundle) {
  Env& env = SharedEnv();
  simdjson::dom::parser api_parser, raw_parser;
  const std::string& bundle = BundleBytes(Bundle("enterprise-attack", "18.1"));
  auto an1987 = env.Get("/api/v1/analytics/AN1987?release=18.1");
  ASSERT_EQ(an1987.status, 200) << an1987.body;
  simdjson::dom::object a = api_parser.parse(an1987.body)["object"].get_object();
  simdjson::dom::object raw = FindRaw(raw_parser, bundle, "AN1987");
  EXPECT_EQ(Str(a, "description"), Str(raw, "description"));
  std::vector<std::string> platforms;
  for (std::string_view p : a["platforms"].get_array()) platforms.emplace_back(p);
  EXPECT_EQ(platforms, std::vector<std::string>{"PRE"});
  std::set<std::string> strategies;
  for (simdjson::dom::object s : a["detection_strategies"].get_array()) strategies.insert(Str(s, "attack_id"));
  EXPECT_TRUE(strategies.count("DET0855"));

  // The first analytic of the bundle with log sources and mutable elements.
  std::string analytic_id;
  std::vector<std::string> want_sources, want_tunables;
  for (simdjson::dom::object o : raw_parser.parse(bundle)["objects"].get_array()) {
    simdjson::dom::array sources, tunables;
    if (Str(o, "type") != "x-mitre-analytic" ||
        o["x_mitre_log_source_references"].get_array().get(sources) != simdjson::SUCCESS || sources.size() == 0 ||
        o["x_mitre_mutable_elements"].get_array().get(tunables) != simdjson::SUCCESS || tunables.size() == 0) {
      continue;
    }
    analytic_id = Str(o, "id");
    for (simdjson::dom::object ls : sources) {
      want_sources.push_back(Str(ls, "x_mitre_data_component_ref") + "|" + Str(ls, "name") + "|" + Str(ls, "channel"));
    }
    for (simdjson::dom::object t : tunables) want_tunables.push_back(Str(t, "field") + "|" + Str(t, "description"));
    break;
  }
  ASSERT_FALSE(analytic_id.empty());
  auto r = env.Get("/api/v1/analytics/" + analytic_id + "?release=18.1");
  ASSERT_EQ(r.status, 200) << r.body;
  simdjson::dom::object api = api_parser.parse(r.body)["object"].get_object();
  std::vector<std::string> got_sources, got_tunables;
  for (simdjson::dom::object ls : api["log_sources"].get_array()) {
    simdjson::dom::object dc = ls["data_component"].get_object();
    got_sources.push_back(Str(dc, "stix_id") + "|" + Str(ls, "name") + "|" + Str(ls, "channel"));
    EXPECT_FALSE(Str(dc, "name").empty());
    EXPECT_EQ(Str(dc, "attack_id").rfind("DC", 0), 0u);
  }
  for (simdjson::dom::object t : api["mutable_elements"].get_array()) {
    got_tunables.push_back(Str(t, "field") + "|" + Str(t, "description"));
  }
  EXPECT_EQ(got_sources, want_sources);
  EXPECT_EQ(got_tunables, want_tunables);
}

TEST(Api, RawIsTheExactBundleBytesWithTheirHashAsEtag) {
  Env& env = SharedEnv();
  for (const BundleFile& b : ManifestBundles()) {
    SCOPED_TRACE(b.domain + " " + b.version);
    const std::string& bundle = BundleBytes(b.path);
    simdjson::dom::parser parser;
    // Sample: the first technique, group and relationship of the bundle.
    std::vector<std::string> ids;
    std::set<std::string> types;
    for (simdjson::dom::object o : parser.parse(bundle)["objects"].get_array()) {
      std::string type = Str(o, "type");
      if ((type == "attack-pattern" || type == "intrusion-set" || type == "relationship") && types.insert(type).second) {
        ids.push_back(Str(o, "id"));
      }
    }
    ASSERT_EQ(ids.size(), 3u);
    for (const std::string& id : ids) {
      auto r = env.Get("/api/v1/raw/" + id + "?domain=" + b.domain + "&release=" + b.version);
      ASSERT_EQ(r.status, 200) << id << ": " << r.body;
      EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u);
      EXPECT_NE(bundle.find(r.body), std::string::npos) << id << " bytes are not in the bundle";
      EXPECT_EQ(Str(parser.parse(r.body).get_object(), "id"), id);
      EXPECT_EQ(r.body.front(), '{');
      EXPECT_EQ(r.body.back(), '}');
      std::string etag = HeaderOf(r, "ETag");
      EXPECT_EQ(etag, "\"" + Sha256Hex(r.body) + "\"");
      auto again = env.Get("/api/v1/raw/" + id + "?domain=" + b.domain + "&release=" + b.version, "GET",
                           {{"if-none-match", etag}});
      EXPECT_EQ(again.status, 304);
      EXPECT_TRUE(again.body.empty());
    }
  }
  // The hash the object view reports is the one the raw endpoint serves.
  auto object = env.Get("/api/v1/objects/T1591.002?release=18.1");
  auto raw = env.Get("/api/v1/raw/T1591.002?release=18.1");
  simdjson::dom::parser parser;
  EXPECT_EQ("\"" + Str(parser.parse(object.body)["object"].get_object(), "raw_sha256") + "\"", HeaderOf(raw, "ETag"));
}

TEST(Api, ErrorsHaveOneJsonShapeAndTheRightStatus) {
  Env& env = SharedEnv();
  ExpectApiError(env.Get("/api/v1/objects/T9999.999"), 404, "not_found");
  ExpectApiError(env.Get("/api/v1/techniques/G0034"), 404, "not_found");
  ExpectApiError(env.Get("/api/v1/techniques/T1591.002?release=99.9"), 404, "not_found");
  ExpectApiError(env.Get("/api/v1/no-such-endpoint"), 404, "not_found");
  ExpectApiError(env.Get("/api/v1/techniques?limit=abc"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/techniques?limit=0"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/techniques?offset=-1"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/techniques?include_inactive=perhaps"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/objects?type=spaceship"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/techniques?tactic=TA9999"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/objects/T1591.002?domain=moon"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/search"), 400, "bad_request");
  ExpectApiError(env.Get("/api/v1/techniques", "POST"), 405, "method_not_allowed");
  ExpectApiError(env.Get("/api/v1/raw/T1591.002", "DELETE"), 405, "method_not_allowed");
  ExpectApiError(env.Get("/api/v1/releases/enterprise-attack/99.9"), 404, "not_found");
  // The server renders the limits it enforces through the same renderer.
  for (int status : {413, 414, 500}) {
    server::Request req;
    req.method = "POST";
    req.path = "/api/v1/techniques";
    ExpectApiError(env.router.Error(req, status, "limit"), status,
                   status == 413 ? "payload_too_large" : status == 414 ? "uri_too_long" : "internal_error");
  }
}

TEST(Api, ServerLimitsOnApiPathsAnswerJson) {
  Env& env = SharedEnv();
  server::ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.access_log = false;
  options.max_body_bytes = 1024;
  server::HttpServer http(options, env.router);
  std::string error;
  ASSERT_TRUE(http.Listen(&error)) << error;
  std::thread runner([&] { http.Run(false); });
  auto big = server::testing::Fetch(http.port(), "POST", "/api/v1/techniques",
                                    "Content-Type: application/json\r\n", std::string(4096, 'x'));
  auto long_target = server::testing::Fetch(http.port(), "GET", "/api/v1/techniques?q=" + std::string(5000, 'a'));
  auto ok = server::testing::Fetch(http.port(), "GET", "/api/v1/techniques/T1591.002?release=18.1");
  http.Stop();
  runner.join();
  for (auto* reply : {&big, &long_target}) {
    ASSERT_TRUE(reply->ok) << reply->error;
    server::Response r;
    r.status = reply->status;
    r.content_type = reply->Header("content-type");
    r.body = reply->body;
    ExpectApiError(r, reply == &big ? 413 : 414, reply == &big ? "payload_too_large" : "uri_too_long");
  }
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.status, 200);
}

TEST(Api, ListsFilterAndPage) {
  Env& env = SharedEnv();
  // Expected: active techniques of reconnaissance on PRE, read from the bundle.
  simdjson::dom::parser parser;
  std::set<std::string> want;
  for (simdjson::dom::object o : parser.parse(BundleBytes(Bundle("enterprise-attack", "18.1")))["objects"].get_array()) {
    if (Str(o, "type") != "attack-pattern") continue;
    bool flag = false;
    if ((o["revoked"].get_bool().get(flag) == simdjson::SUCCESS && flag) ||
        (o["x_mitre_deprecated"].get_bool().get(flag) == simdjson::SUCCESS && flag)) {
      continue;
    }
    bool recon = false, pre = false;
    for (simdjson::dom::object phase : o["kill_chain_phases"].get_array()) recon |= Str(phase, "phase_name") == "reconnaissance";
    simdjson::dom::array platforms;
    if (o["x_mitre_platforms"].get_array().get(platforms) == simdjson::SUCCESS) {
      for (std::string_view p : platforms) pre |= p == "PRE";
    }
    if (!recon || !pre) continue;
    for (simdjson::dom::object ref : o["external_references"].get_array()) {
      if (Str(ref, "source_name") == "mitre-attack") want.insert(Str(ref, "external_id"));
    }
  }
  ASSERT_GT(want.size(), 20u);
  std::set<std::string> got;
  std::string next = "/api/v1/techniques?tactic=TA0043&platform=PRE&release=18.1&limit=7";
  int pages = 0;
  while (!next.empty() && pages < 100) {
    auto r = env.Get(next);
    ASSERT_EQ(r.status, 200) << r.body;
    simdjson::dom::element doc = parser.parse(r.body);
    EXPECT_EQ(static_cast<size_t>(doc["total"].get_int64()), want.size());
    for (simdjson::dom::object item : doc["items"].get_array()) got.insert(Str(item, "attack_id"));
    std::string_view n;
    next = doc["next"].get_string().get(n) == simdjson::SUCCESS ? std::string(n) : std::string();
    ++pages;
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(pages, static_cast<int>((want.size() + 6) / 7));
  // Shortname and name select the same tactic; q narrows by text.
  auto by_name = env.Get("/api/v1/objects?type=technique&tactic=reconnaissance&platform=pre&release=18.1&limit=1");
  ASSERT_EQ(by_name.status, 200);
  EXPECT_EQ(static_cast<size_t>(parser.parse(by_name.body)["total"].get_int64()), want.size());
  auto text = env.Get("/api/v1/techniques?q=business%20relationships&release=18.1");
  ASSERT_EQ(text.status, 200);
  std::set<std::string> text_ids;
  for (simdjson::dom::object item : parser.parse(text.body)["items"].get_array()) text_ids.insert(Str(item, "attack_id"));
  EXPECT_TRUE(text_ids.count("T1591.002"));
}

TEST(Api, RevokedObjectsNameTheirReplacement) {
  Env& env = SharedEnv();
  simdjson::dom::parser parser;
  const std::string& bundle = BundleBytes(Bundle("enterprise-attack", "18.1"));
  std::map<std::string, std::string> revoked_by;
  std::map<std::string, std::string> attack_ids;
  std::set<std::string> revoked;
  for (simdjson::dom::object o : parser.parse(bundle)["objects"].get_array()) {
    if (Str(o, "type") == "relationship" && Str(o, "relationship_type") == "revoked-by") {
      revoked_by[Str(o, "source_ref")] = Str(o, "target_ref");
    }
    bool flag = false;
    if (o["revoked"].get_bool().get(flag) == simdjson::SUCCESS && flag) revoked.insert(Str(o, "id"));
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) != simdjson::SUCCESS) continue;
    for (simdjson::dom::object ref : refs) {
      if (Str(ref, "source_name") == "mitre-attack") attack_ids[Str(o, "id")] = Str(ref, "external_id");
    }
  }
  int checked = 0;
  for (const auto& [source, target] : revoked_by) {
    if (!revoked.count(source) || revoked.count(target) || source.rfind("attack-pattern--", 0) != 0) continue;
    auto r = env.Get("/api/v1/objects/" + source + "?release=18.1");
    ASSERT_EQ(r.status, 200) << r.body;
    simdjson::dom::object o = parser.parse(r.body)["object"].get_object();
    EXPECT_EQ(Str(o, "status"), "revoked");
    simdjson::dom::object replacement;
    ASSERT_EQ(o["replaced_by"].get_object().get(replacement), simdjson::SUCCESS) << r.body;
    EXPECT_EQ(Str(replacement, "stix_id"), target);
    EXPECT_EQ(Str(replacement, "attack_id"), attack_ids[target]);
    if (++checked == 5) break;
  }
  EXPECT_EQ(checked, 5);
}

TEST(Api, IdsResolveInOtherDomainsOnlyWhenNoDomainIsGiven) {
  Env& env = SharedEnv();
  simdjson::dom::parser parser;
  auto ids_of = [&](const std::string& path) {
    std::set<std::string> out;
    for (simdjson::dom::object o : parser.parse(BundleBytes(path))["objects"].get_array()) {
      if (Str(o, "type") != "attack-pattern") continue;
      for (simdjson::dom::object ref : o["external_references"].get_array()) {
        std::string source = Str(ref, "source_name");
        if (source == "mitre-attack" || source == "mitre-ics-attack") out.insert(Str(ref, "external_id"));
      }
    }
    return out;
  };
  std::set<std::string> enterprise = ids_of(Bundle("enterprise-attack", "18.1"));
  std::set<std::string> ics = ids_of(Bundle("ics-attack", "18.1"));
  std::string ics_only;
  for (const std::string& id : ics) {
    if (!enterprise.count(id)) {
      ics_only = id;
      break;
    }
  }
  ASSERT_FALSE(ics_only.empty());
  auto found = env.Get("/api/v1/techniques/" + ics_only);
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(Str(parser.parse(found.body)["release"].get_object(), "domain"), "ics-attack");
  ExpectApiError(env.Get("/api/v1/techniques/" + ics_only + "?domain=enterprise-attack"), 404, "not_found");
  // An ID in both domains answers from the one asked for.
  auto mobile = env.Get("/api/v1/objects/TA0027?domain=mobile");
  if (mobile.status == 200) {
    EXPECT_EQ(Str(parser.parse(mobile.body)["release"].get_object(), "domain"), "mobile-attack");
  }
}

TEST(Api, GroupTechniquesSayHow) {
  Env& env = SharedEnv();
  simdjson::dom::parser parser;
  const std::string& bundle = BundleBytes(Bundle("enterprise-attack", "18.1"));
  // Independent: G0034's software, and the techniques that software uses.
  std::map<std::string, std::string> ids;
  std::set<std::string> inactive;
  struct Rel { std::string type, source, target; };
  std::vector<Rel> rels;
  for (simdjson::dom::object o : parser.parse(bundle)["objects"].get_array()) {
    bool flag = false;
    std::string id = Str(o, "id");
    if ((o["revoked"].get_bool().get(flag) == simdjson::SUCCESS && flag) ||
        (o["x_mitre_deprecated"].get_bool().get(flag) == simdjson::SUCCESS && flag)) {
      inactive.insert(id);
    }
    if (Str(o, "type") == "relationship") {
      rels.push_back({Str(o, "relationship_type"), Str(o, "source_ref"), Str(o, "target_ref")});
      continue;
    }
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) != simdjson::SUCCESS) continue;
    for (simdjson::dom::object ref : refs) {
      if (Str(ref, "source_name") == "mitre-attack") ids[id] = Str(ref, "external_id");
    }
  }
  std::string group;
  for (const auto& [id, attack_id] : ids) {
    if (attack_id == "G0034") group = id;
  }
  auto active_rel = [&](const std::string& id, const Rel& r) {
    return !inactive.count(id) && !inactive.count(r.source) && !inactive.count(r.target);
  };
  std::set<std::string> software, via_software;
  for (const Rel& r : rels) {
    if (r.type == "uses" && r.source == group && (r.target.rfind("malware--", 0) == 0 || r.target.rfind("tool--", 0) == 0) &&
        active_rel("", r)) {
      software.insert(r.target);
    }
  }
  for (const Rel& r : rels) {
    if (r.type == "uses" && software.count(r.source) && r.target.rfind("attack-pattern--", 0) == 0 && active_rel("", r)) {
      via_software.insert(ids[r.target]);
    }
  }
  ASSERT_FALSE(via_software.empty());
  auto r = env.Get("/api/v1/groups/G0034/techniques?release=18.1");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> got;
  bool has_procedure = false;
  for (simdjson::dom::object use : parser.parse(r.body)["techniques"].get_array()) {
    for (std::string_view how : use["how"].get_array()) {
      if (how == "via-software") got.insert(Str(use["technique"].get_object(), "attack_id"));
    }
    for (simdjson::dom::object s : use["via_software"].get_array()) {
      EXPECT_TRUE(software.count(Str(s, "stix_id"))) << Str(s, "stix_id");
      has_procedure |= !Str(s, "procedure").empty();
    }
  }
  EXPECT_EQ(got, via_software);
  EXPECT_TRUE(has_procedure);
}

TEST(Api, SearchPutsAnExactIdFirst) {
  Env& env = SharedEnv();
  simdjson::dom::parser parser;
  auto r = env.Get("/api/v1/search?q=T1591.002&release=18.1");
  ASSERT_EQ(r.status, 200) << r.body;
  simdjson::dom::array results = parser.parse(r.body)["results"].get_array();
  ASSERT_GE(results.size(), 1u);
  EXPECT_EQ(Str(results.at(0).get_object(), "attack_id"), "T1591.002");
  EXPECT_EQ(Str(results.at(0).get_object(), "match"), "id");
  auto words = env.Get("/api/v1/search?q=business%20relationships&release=18.1&limit=10");
  ASSERT_EQ(words.status, 200) << words.body;
  std::set<std::string> found;
  for (simdjson::dom::object hit : parser.parse(words.body)["results"].get_array()) found.insert(Str(hit, "attack_id"));
  EXPECT_TRUE(found.count("T1591.002"));
  ExpectApiError(env.Get("/api/v1/search?q=x&limit=many"), 400, "bad_request");
}

TEST(Api, ReleasesListEveryImportedBundleWithItsHash) {
  Env& env = SharedEnv();
  simdjson::dom::parser parser;
  auto r = env.Get("/api/v1/releases");
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> got;
  for (simdjson::dom::object rel : parser.parse(r.body)["releases"].get_array()) {
    got.insert(Str(rel, "domain") + " " + Str(rel, "version") + " " + Str(rel, "bundle_sha256"));
    int64_t count = 0;
    EXPECT_EQ(rel["object_count"].get_int64().get(count), simdjson::SUCCESS);
    EXPECT_GT(count, 0);
  }
  // MANIFEST.tsv column 9 is the SHA-256 of the uncompressed JSON.
  std::set<std::string> want;
  std::ifstream in(std::string(GLEXIA_ATTACK_DATA) + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t pos = 0;
    while (pos <= line.size()) {
      size_t tab = line.find('\t', pos);
      f.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    if (f.size() > 8) want.insert(f[1] + " " + f[2] + " " + f[8]);
  }
  EXPECT_EQ(got, want);
  auto one = env.Get("/api/v1/releases/enterprise/18.1");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Str(parser.parse(one.body).get_object(), "version"), "18.1");
}

TEST(Api, AnalysisWithoutEngineIs503) {
  Env& env = SharedEnv();
  ASSERT_EQ(env.app.analysis, nullptr);
  auto r = env.Get("/api/v1/techniques/T1591.002/analysis?release=18.1");
  ExpectApiError(r, 503, "unavailable");
  EXPECT_NE(r.body.find("analysis engine not loaded"), std::string::npos);
}

}  // namespace
}  // namespace glexia::api::testing
