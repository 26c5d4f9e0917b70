// Router and Request/Response helpers, without a socket.
#include <gtest/gtest.h>

#include <stdexcept>

#include "server/http.h"

namespace glexia::server {
namespace {

Request MakeRequest(std::string method, std::string target) {
  Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  EXPECT_TRUE(ParseTarget(req.target, &req));
  return req;
}

Response Echo(const Request& req) {
  std::string body = req.method + " " + req.path;
  for (const auto& [k, v] : req.params) body += " " + k + "=" + v;
  return Response::Text(200, body);
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(RequestTest, QueryIsDecodedWithPlusAsSpaceAndKeepsOrder) {
  Request req = MakeRequest("GET", "/a%20b/c?q=lateral+movement&x=%41%2b&q=2&flag&empty=&bad=%zz%4");
  EXPECT_EQ(req.path, "/a b/c");
  EXPECT_EQ(req.Query("q"), "lateral movement");
  EXPECT_EQ(req.Query("x"), "A+");
  EXPECT_EQ(req.QueryAll("q"), (std::vector<std::string>{"lateral movement", "2"}));
  EXPECT_TRUE(req.HasQuery("flag"));
  EXPECT_EQ(req.Query("flag", "fallback"), "");
  EXPECT_TRUE(req.HasQuery("empty"));
  EXPECT_FALSE(req.HasQuery("missing"));
  EXPECT_EQ(req.Query("missing", "fallback"), "fallback");
  EXPECT_EQ(req.Query("bad"), "%zz%4");
}

TEST(RequestTest, PlusInPathStaysPlusAndBadTargetsAreRejected) {
  Request req = MakeRequest("GET", "/a+b?c=d+e#frag");
  EXPECT_EQ(req.path, "/a+b");
  EXPECT_EQ(req.Query("c"), "d e");
  Request bad;
  EXPECT_FALSE(ParseTarget("http://example.com/x", &bad));
  EXPECT_FALSE(ParseTarget("", &bad));
  EXPECT_FALSE(ParseTarget("/a%00b", &bad));
}

TEST(RequestTest, HeaderAndParamLookups) {
  Request req;
  req.headers["if-none-match"] = "\"abc\"";
  req.params["id"] = "T1591.002";
  EXPECT_EQ(req.Header("if-none-match"), "\"abc\"");
  EXPECT_EQ(req.Header("accept"), "");
  EXPECT_EQ(req.Param("id"), "T1591.002");
  EXPECT_EQ(req.Param("other"), "");
}

TEST(ResponseTest, FactoriesAndSetHeaderReplacesCaseInsensitively) {
  Response r = Response::Json(201, "{}");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json");
  r.SetHeader("ETag", "\"1\"");
  r.SetHeader("etag", "\"2\"");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "\"2\"");
  r.SetHeader("Content-Type", "application/taxii+json;version=2.1");
  EXPECT_EQ(r.content_type, "application/taxii+json;version=2.1");
  EXPECT_TRUE(r.headers.size() == 1u);
  EXPECT_EQ(Response::Text(200, "x").content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(Response::Html(404, "x").content_type, "text/html; charset=utf-8");
  Response redirect = Response::Redirect("/x?a=<b>", 301);
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(HeaderOf(redirect, "Location"), "/x?a=<b>");
  EXPECT_EQ(redirect.body.find("<b>"), std::string::npos);
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.Add("GET", "/", Echo);
    router.Add("GET", "/techniques/{id}", Echo);
    router.Add("GET", "/techniques/new", Echo);
    router.Add("POST", "/techniques/{id}", Echo);
    router.Add("GET", "/static/{path*}", Echo);
    router.Add("GET", "/a/{x}/b/{y}", Echo);
    router.Add("DELETE", "/only-delete", Echo);
    router.Add("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("secret detail"); });
    router.Add("GET", "/api/v1/boom", [](const Request&) -> Response { throw std::runtime_error("secret detail"); });
  }
  Response Run(std::string method, std::string target) {
    Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    return router.Dispatch(req);
  }
  Router router;
};

TEST_F(RouterTest, CapturesParametersAndPrefersLiterals) {
  EXPECT_EQ(Run("GET", "/").body, "GET /");
  EXPECT_EQ(Run("GET", "/techniques/T1591.002").body, "GET /techniques/T1591.002 id=T1591.002");
  EXPECT_EQ(Run("GET", "/techniques/new").body, "GET /techniques/new");
  EXPECT_EQ(Run("POST", "/techniques/T1").body, "POST /techniques/T1 id=T1");
  EXPECT_EQ(Run("GET", "/a/1/b/2?z=1").body, "GET /a/1/b/2 x=1 y=2");
  EXPECT_EQ(Run("GET", "/static/css/site.css").body, "GET /static/css/site.css path=css/site.css");
}

TEST_F(RouterTest, EncodedSlashStaysInsideOneParameter) {
  EXPECT_EQ(Run("GET", "/techniques/a%2Fb").body, "GET /techniques/a/b id=a/b");
  EXPECT_EQ(Run("GET", "/techniques/a%20b").body, "GET /techniques/a b id=a b");
}

TEST_F(RouterTest, NotFoundForUnknownPathsAndEmptySegments) {
  EXPECT_EQ(Run("GET", "/nothing").status, 404);
  EXPECT_EQ(Run("GET", "/techniques").status, 404);
  EXPECT_EQ(Run("GET", "/techniques/").status, 404);
  EXPECT_EQ(Run("GET", "/techniques/T1/extra").status, 404);
  EXPECT_EQ(Run("GET", "/static").status, 404);
  EXPECT_EQ(Run("GET", "/static/").status, 404);
}

TEST_F(RouterTest, WrongMethodIs405WithAllowHeader) {
  Response r = Run("PUT", "/techniques/T1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(HeaderOf(r, "Allow"), "GET, POST, HEAD");
  Response d = Run("GET", "/only-delete");
  EXPECT_EQ(d.status, 405);
  EXPECT_EQ(HeaderOf(d, "Allow"), "DELETE");
}

TEST_F(RouterTest, HeadIsServedByTheGetRoute) {
  Response r = Run("HEAD", "/techniques/T1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "HEAD /techniques/T1 id=T1");  // the handler sees the real method; the server drops the body
  EXPECT_EQ(Run("HEAD", "/only-delete").status, 405);
}

TEST_F(RouterTest, DefaultErrorPageEscapesTheMessage) {
  Response r = Run("GET", "/%3Cscript%3Ealert(1)%3C/script%3E");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(RouterTest, LongestPrefixRendererWins) {
  router.SetErrorRenderer("/api/", [](const Request&, int status, std::string_view message) {
    return Response::Json(status, "{\"api\":\"" + std::string(message.substr(0, 3)) + "\"}");
  });
  router.SetErrorRenderer("/api/v1/", [](const Request&, int status, std::string_view) {
    return Response::Json(status, "{\"v1\":true}");
  });
  Response v1 = Run("GET", "/api/v1/missing");
  EXPECT_EQ(v1.status, 404);
  EXPECT_EQ(v1.body, "{\"v1\":true}");
  Response api = Run("GET", "/api/other");
  EXPECT_EQ(api.content_type, "application/json");
  EXPECT_EQ(api.body.substr(0, 7), "{\"api\":");
  EXPECT_EQ(Run("GET", "/apix").content_type, "text/html; charset=utf-8");
}

TEST_F(RouterTest, HandlerExceptionsBecome500WithoutDetails) {
  router.SetErrorRenderer("/api/", [](const Request&, int status, std::string_view) {
    return Response::Json(status, "{\"error\":" + std::to_string(status) + "}");
  });
  Response html = Run("GET", "/boom");
  EXPECT_EQ(html.status, 500);
  EXPECT_EQ(html.body.find("secret detail"), std::string::npos);
  Response json = Run("GET", "/api/v1/boom");
  EXPECT_EQ(json.status, 500);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body, "{\"error\":500}");
}

TEST_F(RouterTest, RequestsBuiltWithoutTargetUseThePath) {
  Request req;
  req.method = "GET";
  req.path = "/techniques/T1";
  EXPECT_EQ(router.Dispatch(req).body, "GET /techniques/T1 id=T1");
  EXPECT_EQ(req.Param("id"), "T1");
}

}  // namespace
}  // namespace glexia::server
