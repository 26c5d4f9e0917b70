// Sync against a local HTTP server that serves a test-written index with
// loopback URLs pointing at the real bundles in GLEXIA_ATTACK_DATA.
#include "sync/sync.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>

#include "core/sha256.h"
#include "sync/test_http_server.h"
#include "sync/test_support.h"

namespace glexia::sync {
namespace {

using testing::AttackData;
using testing::FactsOf;
using testing::ReadRaw;
using testing::TestReply;
using testing::TestRequest;
using Action = ReleaseOutcome::Action;

struct Release {
  std::string domain, version, modified;
  std::string file;  // under GLEXIA_ATTACK_DATA, served at /data/<file>
};

// Collection names and ids per domain, from the sample index MITRE publishes.
std::map<std::string, std::pair<std::string, std::string>> SampleCollections() {
  std::map<std::string, std::pair<std::string, std::string>> out;
  simdjson::dom::parser parser;
  std::string raw = ReadRaw(AttackData("index.json"));
  simdjson::dom::element root = parser.parse(raw);
  for (simdjson::dom::element c : root["collections"].get_array()) {
    std::string name(std::string_view(c["name"].get_string()));
    std::string id(std::string_view(c["id"].get_string()));
    std::string domain = name.find("Enterprise") != std::string::npos ? "enterprise-attack"
                         : name.find("Mobile") != std::string::npos   ? "mobile-attack"
                                                                       : "ics-attack";
    out[domain] = {name, id};
  }
  return out;
}

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    store_ = testing::OpenTestStore(dir_);
    ASSERT_NE(store_, nullptr);
    server_ = std::make_unique<testing::TestHttpServer>([this](const TestRequest& r) { return Answer(r); });
  }

  TestReply Answer(const TestRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    auto scripted = faults_.find(r.path);
    if (scripted != faults_.end() && !scripted->second.empty()) {
      TestReply reply = scripted->second.front();
      scripted->second.pop_front();
      return reply;
    }
    auto alias = aliases_.find(r.path);
    std::string path = alias != aliases_.end() ? alias->second : r.path;
    if (path == "/index.json") return {200, index_, "application/json"};
    if (path.rfind("/data/", 0) == 0) {
      std::string body = ReadRaw(AttackData(path.substr(6)));
      if (!body.empty()) return {200, body};
    }
    return {404, "not found", "text/plain"};
  }

  // Publishes an index listing `releases` (URLs on the test server).
  void SetIndex(const std::vector<Release>& releases) {
    static const auto collections = SampleCollections();
    std::map<std::string, std::string> versions;  // domain → JSON of its versions
    for (const Release& r : releases) {
      std::string& v = versions[r.domain];
      v += std::string(v.empty() ? "" : ",") + "{\"version\":\"" + r.version + "\",\"url\":\"" +
           server_->Url("/data/" + r.file) + "\",\"modified\":\"" + r.modified + "\"}";
    }
    std::string json = "{\"id\":\"test-index\",\"name\":\"MITRE ATT&CK\",\"modified\":\"2025-11-13T14:00:00.188Z\","
                       "\"collections\":[";
    bool first = true;
    for (const auto& [domain, list] : versions) {
      const auto& [name, id] = collections.at(domain);
      json += std::string(first ? "" : ",") + "{\"id\":\"" + id + "\",\"name\":\"" + name +
              "\",\"created\":\"2018-01-17T12:56:55.080Z\",\"versions\":[" + list + "]}";
      first = false;
    }
    json += "]}";
    std::lock_guard<std::mutex> lock(mu_);
    index_ = json;
  }

  void Fault(const std::string& path, TestReply reply) {
    std::lock_guard<std::mutex> lock(mu_);
    faults_[path].push_back(std::move(reply));
  }

  SyncOptions Options() {
    SyncOptions o;
    o.source = server_->Url("/index.json");
    o.work_dir = dir_ + "/work";
    o.download.backoff = std::chrono::milliseconds(10);
    o.download.timeout = std::chrono::seconds(30);
    o.download.progress = false;
    o.on_message = [this](const std::string& line) { messages_ += line + "\n"; };
    return o;
  }

  std::vector<store::ReleaseInfo> Releases() {
    auto r = store_->ListReleases();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<store::ReleaseInfo>{};
  }

  int BundleRequests() {
    int n = 0;
    for (const auto& r : server_->Requests()) n += r.path.rfind("/data/", 0) == 0;
    return n;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<testing::TestHttpServer> server_;
  std::mutex mu_;
  std::string index_;
  std::map<std::string, std::deque<TestReply>> faults_;
  std::map<std::string, std::string> aliases_;
  std::string messages_;
};

const Release kIcs171{"ics-attack", "17.1", "2025-05-06T14:00:00.188Z", "ics-attack/ics-attack-17.1.json.gz"};
const Release kIcs180{"ics-attack", "18.0", "2025-10-28T14:00:00.188Z", "ics-attack/ics-attack-18.0.json.gz"};
const Release kIcs181{"ics-attack", "18.1", "2025-11-13T14:00:00.188Z", "ics-attack/ics-attack-18.1.json.gz"};
const Release kMobile171{"mobile-attack", "17.1", "2025-05-06T14:00:00.188Z", "mobile-attack/mobile-attack-17.1.json.gz"};
const Release kMobile181{"mobile-attack", "18.1", "2025-11-13T14:00:00.188Z", "mobile-attack/mobile-attack-18.1.json.gz"};

TEST_F(SyncTest, FullSyncImportsTheLatestOfEachDomainWithMetadata) {
  SetIndex({kIcs171, kIcs181, kMobile171, kMobile181});
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  EXPECT_EQ(report->Count(Action::kImported), 2);

  auto releases = Releases();
  ASSERT_EQ(releases.size(), 2u);
  std::map<std::string, const store::ReleaseInfo*> by_domain;
  for (const auto& r : releases) by_domain[r.domain] = &r;
  for (const Release* want : {&kIcs181, &kMobile181}) {
    ASSERT_TRUE(by_domain.count(want->domain)) << want->domain;
    const store::ReleaseInfo& got = *by_domain[want->domain];
    testing::RawFacts facts = FactsOf(AttackData(want->file));
    EXPECT_EQ(got.version, want->version);
    EXPECT_EQ(got.object_count, facts.objects);
    EXPECT_EQ(got.source, server_->Url("/data/" + want->file));
    EXPECT_EQ(got.index_modified, want->modified);
    EXPECT_EQ(got.downloaded_at.size(), std::string("2026-01-01T00:00:00Z").size()) << got.downloaded_at;
    auto json = ReadInputFile(AttackData(want->file));
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(got.bundle_sha256, Sha256Hex(*json));
  }
  // Only the latest of each domain was fetched.
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs171.file), 0);
  EXPECT_EQ(server_->CountRequests("/data/" + kMobile171.file), 0);
}

TEST_F(SyncTest, SecondSyncWithNothingNewDoesNoWork) {
  SetIndex({kIcs180, kIcs181});
  auto first = SyncOnce(*store_, Options());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->Count(Action::kImported), 1);
  auto generation = store_->Generation();
  ASSERT_TRUE(generation.ok());
  int bundle_requests = BundleRequests();
  messages_.clear();

  auto second = SyncOnce(*store_, Options());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->Count(Action::kImported), 0);
  EXPECT_EQ(second->Count(Action::kUpToDate), 1);
  EXPECT_EQ(BundleRequests(), bundle_requests);  // the index only
  EXPECT_EQ(*store_->Generation(), *generation);
  EXPECT_NE(messages_.find("up to date: ics-attack 18.1"), std::string::npos) << messages_;
  EXPECT_NE(messages_.find("nothing new"), std::string::npos) << messages_;
}

TEST_F(SyncTest, ANewVersionInTheIndexIsTheOnlyOneImported) {
  SetIndex({kIcs171});
  auto first = SyncOnce(*store_, Options());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->Count(Action::kImported), 1);

  SetIndex({kIcs171, kIcs180});
  auto second = SyncOnce(*store_, Options());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->Count(Action::kImported), 1);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs171.file), 1);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs180.file), 1);
  auto releases = Releases();
  ASSERT_EQ(releases.size(), 2u);
  EXPECT_EQ(releases[0].version, "17.1");
  EXPECT_EQ(releases[1].version, "18.0");
}

TEST_F(SyncTest, AllVersionsImportsEveryListedRelease) {
  SetIndex({kIcs171, kIcs180, kIcs181});
  SyncOptions o = Options();
  o.versions = VersionSelection::kAll;
  auto report = SyncOnce(*store_, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(Action::kImported), 3);
  EXPECT_EQ(Releases().size(), 3u);
}

TEST_F(SyncTest, ServerErrorThenSuccessIsRetried) {
  SetIndex({kIcs181});
  Fault("/data/" + kIcs181.file, {500, "boom", "text/plain"});
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  EXPECT_EQ(report->Count(Action::kImported), 1);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs181.file), 2);
  EXPECT_NE(messages_.find("retrying ics-attack 18.1"), std::string::npos) << messages_;
}

TEST_F(SyncTest, NotFoundIsNotRetried) {
  SetIndex({kIcs181});
  aliases_["/data/" + kIcs181.file] = "/missing";
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_EQ(report->FirstError().code(), StatusCode::kNotFound);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs181.file), 1);
  EXPECT_TRUE(Releases().empty());
}

TEST_F(SyncTest, ADownloadCutShortIsResumedWithRange) {
  SetIndex({kIcs181});
  std::string body = ReadRaw(AttackData(kIcs181.file));
  TestReply cut{200, body};
  cut.cut_after = body.size() / 2;
  cut.honour_range = true;
  Fault("/data/" + kIcs181.file, cut);
  TestReply rest{200, body};
  rest.honour_range = true;
  Fault("/data/" + kIcs181.file, rest);
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  auto requests = server_->Requests();
  ASSERT_GE(requests.size(), 3u);
  EXPECT_EQ(requests.back().headers["range"], "bytes=" + std::to_string(body.size() / 2) + "-");
  auto releases = Releases();
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(releases[0].bundle_sha256, Sha256Hex(*ReadInputFile(AttackData(kIcs181.file))));
}

TEST_F(SyncTest, ATruncatedDownloadIsRejectedAndNothingImported) {
  SetIndex({kIcs181});
  std::string body = ReadRaw(AttackData(kIcs181.file));
  SyncOptions o = Options();
  o.download.retries = 2;
  for (int i = 0; i < 3; ++i) {
    TestReply cut{200, body};
    cut.cut_after = body.size() / 3;
    Fault("/data/" + kIcs181.file, cut);
  }
  auto report = SyncOnce(*store_, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs181.file), 3);
  EXPECT_NE(report->FirstError().message().find("ics-attack 18.1"), std::string::npos);
  EXPECT_TRUE(Releases().empty());
  // No partial file is left behind.
  for (auto& entry : std::filesystem::directory_iterator(o.work_dir)) ADD_FAILURE() << entry.path();
}

TEST_F(SyncTest, ATruncatedBodyThatLooksCompleteIsRejected) {
  SetIndex({kIcs181});
  std::string body = ReadRaw(AttackData(kIcs181.file));
  Fault("/data/" + kIcs181.file, {200, body.substr(0, body.size() / 2)});
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_EQ(report->FirstError().code(), StatusCode::kCorruption) << report->FirstError().ToString();
  EXPECT_EQ(report->FirstError().message().find('\n'), std::string::npos);
  EXPECT_TRUE(Releases().empty());
}

TEST_F(SyncTest, ABundleOfAnotherReleaseThanTheIndexSaysIsRejected) {
  SetIndex({kIcs181});
  aliases_["/data/" + kIcs181.file] = "/data/" + kIcs171.file;
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->Count(Action::kFailed), 1);
  std::string message = report->FirstError().message();
  EXPECT_NE(message.find("17.1"), std::string::npos) << message;
  EXPECT_NE(message.find("18.1"), std::string::npos) << message;
  EXPECT_TRUE(Releases().empty());
}

TEST_F(SyncTest, ABundleOfAnotherDomainThanTheIndexSaysIsRejected) {
  SetIndex({kIcs171});
  aliases_["/data/" + kIcs171.file] = "/data/" + kMobile171.file;
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_NE(report->FirstError().message().find("mobile-attack"), std::string::npos)
      << report->FirstError().message();
  EXPECT_TRUE(Releases().empty());
}

TEST_F(SyncTest, AnUnreachableIndexIsAClearErrorAndTheStoreIsUntouched) {
  SyncOptions o = Options();
  o.source = "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/index.json";
  o.download.retries = 1;
  auto report = SyncOnce(*store_, o);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(report.status().message().find("127.0.0.1"), std::string::npos) << report.status().message();
  EXPECT_TRUE(Releases().empty());
  EXPECT_EQ(*store_->Generation(), 0);
}

TEST_F(SyncTest, AnUnreachableBundleHostFailsThatRelease) {
  SetIndex({kIcs181});
  std::string dead = "http://127.0.0.1:" + std::to_string(testing::UnusedPort());
  {
    std::lock_guard<std::mutex> lock(mu_);
    size_t at = index_.find(server_->Url(""));
    ASSERT_NE(at, std::string::npos);
    index_.replace(at, server_->Url("").size(), dead);
  }
  SyncOptions o = Options();
  o.download.retries = 0;
  auto report = SyncOnce(*store_, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_EQ(report->FirstError().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(Releases().empty());
}

TEST_F(SyncTest, ABodyOverTheSizeLimitIsRefusedWithoutRetry) {
  SetIndex({kIcs181});
  SyncOptions o = Options();
  o.download.max_bytes = 64 * 1024;  // the index fits, the bundle (~500 KB gzip) does not
  auto report = SyncOnce(*store_, o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->Count(Action::kFailed), 1);
  EXPECT_NE(report->FirstError().message().find("--max-bytes"), std::string::npos);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs181.file), 1);
  EXPECT_TRUE(Releases().empty());
}

TEST_F(SyncTest, ARepublishedReleaseIsReplaced) {
  SetIndex({kIcs181});
  ASSERT_TRUE(SyncOnce(*store_, Options()).ok());
  ASSERT_EQ(Releases().size(), 1u);
  // MITRE re-publishes 18.1: a newer modified time and different bytes (here:
  // the same JSON plus a trailing newline, uncompressed).
  Release republished = kIcs181;
  republished.modified = "2025-12-01T00:00:00.000Z";
  SetIndex({republished});
  auto json = ReadInputFile(AttackData(kIcs181.file));
  ASSERT_TRUE(json.ok());
  std::string changed = *json + "\n";
  Fault("/data/" + kIcs181.file, {200, changed, "application/json"});
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->FirstError().ok()) << report->FirstError().ToString();
  EXPECT_EQ(report->Count(Action::kReplaced), 1);
  auto releases = Releases();
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(releases[0].index_modified, republished.modified);
  EXPECT_EQ(releases[0].bundle_sha256, Sha256Hex(changed));
  // And now it is current.
  int requests = BundleRequests();
  auto again = SyncOnce(*store_, Options());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Count(Action::kUpToDate), 1);
  EXPECT_EQ(BundleRequests(), requests);
}

TEST_F(SyncTest, AnOlderIndexTimeDoesNotReplace) {
  SetIndex({kIcs181});
  ASSERT_TRUE(SyncOnce(*store_, Options()).ok());
  Release older = kIcs181;
  older.modified = "2020-01-01T00:00:00.000Z";
  SetIndex({older});
  auto report = SyncOnce(*store_, Options());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->Count(Action::kUpToDate), 1);
  EXPECT_EQ(server_->CountRequests("/data/" + kIcs181.file), 1);
}

}  // namespace
}  // namespace glexia::sync
