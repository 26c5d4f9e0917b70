// OpenAPI completeness: every /api/ route is documented, and every documented
// GET route answers with ids taken from the live lists.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "api/api_test_env.h"

namespace glexia::api::testing {
namespace {

std::string Str(simdjson::dom::object o, const char* key) {
  std::string_view value;
  if (o[key].get_string().get(value) != simdjson::SUCCESS) return {};
  return std::string(value);
}

// Fills a documented path's parameters with ids that exist.
std::string ExampleTarget(Env& env, const std::string& path) {
  static std::map<std::string, std::string> examples;  // segment → "id?domain=..."
  std::string out, query;
  std::string previous;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '{') {
      size_t close = path.find('}', i);
      std::string name = path.substr(i + 1, close - i - 1);
      if (name == "domain") {
        out += "enterprise-attack";
      } else if (name == "version") {
        out += "18.1";
      } else {
        auto it = examples.find(previous);
        if (it == examples.end()) {
          std::string value = "T1591.002";
          simdjson::dom::parser parser;
          for (const char* domain : {"enterprise-attack", "ics-attack", "mobile-attack"}) {
            auto list = env.Get("/api/v1/" + previous + "?limit=1&include_inactive=true&domain=" + domain);
            if (list.status != 200) break;
            simdjson::dom::array items = parser.parse(list.body)["items"].get_array();
            if (items.size() == 0) continue;
            simdjson::dom::object item = items.at(0).get_object();
            std::string id = Str(item, "attack_id").empty() ? Str(item, "stix_id") : Str(item, "attack_id");
            value = id + "?domain=" + domain;
            break;
          }
          it = examples.emplace(previous, value).first;
        }
        std::string value = it->second;
        size_t q = value.find('?');
        if (q != std::string::npos) {
          query = value.substr(q);
          value = value.substr(0, q);
        }
        out += value;
      }
      i = close + 1;
    } else {
      if (path[i] == '/') previous = out.substr(out.rfind('/') + 1);
      out.push_back(path[i++]);
    }
  }
  if (path == "/api/v1/search") query = "?q=reconnaissance";
  return out + query;
}

TEST(Api, OpenApiDocumentsEveryRouteAndEveryDocumentedRouteAnswers) {
  Env& env = SharedEnv();
  auto r = env.Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.body;
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.body);
  EXPECT_EQ(Str(doc.get_object(), "openapi").rfind("3.0", 0), 0u);
  std::set<std::string> documented;
  std::vector<std::string> get_paths;
  for (auto [path, item] : doc["paths"].get_object()) {
    for (auto [method, operation] : item.get_object()) {
      std::string m(method);
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      documented.insert(m + " " + std::string(path));
      EXPECT_FALSE(Str(operation.get_object(), "summary").empty()) << path;
      if (m == "GET") get_paths.emplace_back(path);
    }
  }
  size_t api_routes = 0;
  for (const server::Router::Route& route : env.router.routes()) {
    if (route.pattern.rfind("/api/", 0) != 0) continue;
    ++api_routes;
    std::string path = route.pattern;
    if (size_t star = path.find("*}"); star != std::string::npos) path.erase(star, 1);
    EXPECT_TRUE(documented.count(route.method + " " + path)) << route.method << " " << route.pattern;
  }
  EXPECT_GE(api_routes, 30u);
  EXPECT_EQ(documented.size(), api_routes);
  for (const std::string& path : get_paths) {
    std::string target = ExampleTarget(env, path);
    auto answer = env.Get(target);
    EXPECT_TRUE((answer.status != 404 && answer.status != 405 && answer.status < 500) || answer.status == 503)
        << target << " → " << answer.status << " " << answer.body.substr(0, 300);
    EXPECT_EQ(answer.content_type.rfind("application/json", 0), 0u) << target;
  }
}

}  // namespace
}  // namespace glexia::api::testing
