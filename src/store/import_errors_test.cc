// Bad input is refused with a clear message naming the file and the problem,
// and a failed or killed import leaves the store exactly as it was.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "core/file_io.h"
#include "store/store.h"
#include "store/test_util.h"

namespace glexia::store {
namespace {

std::string Write(const std::string& name, const std::string& bytes) {
  std::string path = ScratchPath("import-errors", name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string Gzip(const std::string& bytes) {
  uLongf cap = compressBound(bytes.size()) + 64;
  std::string out(cap, '\0');
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = bytes.size();
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = cap;
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

const char* kTinyBundle = R"({"type": "bundle", "id": "bundle--1", "objects": [
 {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "spec_version": "2.1", "name": "Enterprise ATT&CK", "x_mitre_version": "99.1"},
 {"type": "attack-pattern", "id": "attack-pattern--1", "spec_version": "2.1", "name": "One",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T9999"}]}]})";

std::string Message(const std::string& path) {
  auto b = stix::ReadBundle(path);
  EXPECT_FALSE(b.ok()) << path;
  return b.ok() ? std::string() : b.status().ToString();
}

TEST(ImportErrors, MalformedJsonNamesFileAndOffset) {
  std::string bad = kTinyBundle;
  bad.replace(bad.find("\"One\""), 5, "\"One\" oops");
  std::string path = Write("malformed.json", bad);
  std::string msg = Message(path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("malformed JSON"), std::string::npos) << msg;
  EXPECT_NE(msg.find("byte offset"), std::string::npos) << msg;
}

TEST(ImportErrors, NotABundle) {
  std::string msg = Message(Write("not-bundle.json", R"({"type": "attack-pattern", "id": "x"})"));
  EXPECT_NE(msg.find("not a STIX bundle"), std::string::npos) << msg;
  msg = Message(Write("array.json", "[1, 2, 3]"));
  EXPECT_NE(msg.find("not a STIX bundle"), std::string::npos) << msg;
}

TEST(ImportErrors, TruncatedGzip) {
  std::string gz = Gzip(kTinyBundle);
  std::string path = Write("truncated.json.gz", gz.substr(0, gz.size() / 2));
  std::string msg = Message(path);
  EXPECT_NE(msg.find("truncated gzip"), std::string::npos) << msg;
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
}

TEST(ImportErrors, GzipOfValidBundleImports) {
  auto b = stix::ReadBundle(Write("ok.json.gz", Gzip(kTinyBundle)));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->domain, "enterprise-attack");
  EXPECT_EQ(b->release, "99.1");
}

TEST(ImportErrors, EmptyFile) {
  std::string msg = Message(Write("empty.json", ""));
  EXPECT_NE(msg.find("empty"), std::string::npos) << msg;
}

TEST(ImportErrors, ObjectsWithoutIdOrType) {
  std::string text = R"({"type": "bundle", "id": "bundle--2", "objects": [
    {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "name": "ICS ATT&CK", "x_mitre_version": "1.0"},
    {"type": "attack-pattern"}, {"id": "attack-pattern--3"}, {"type": "malware", "id": "malware--4"}]})";
  std::string msg = Message(Write("no-id.json", text));
  EXPECT_NE(msg.find("2 object(s) without"), std::string::npos) << msg;
  EXPECT_NE(msg.find("#1"), std::string::npos) << msg;
}

TEST(ImportErrors, DuplicateIdsAreNamed) {
  std::string text = R"({"type": "bundle", "id": "bundle--3", "objects": [
    {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "name": "Mobile ATT&CK", "x_mitre_version": "1.0"},
    {"type": "malware", "id": "malware--dup"}, {"type": "malware", "id": "malware--dup"}]})";
  std::string msg = Message(Write("dup.json", text));
  EXPECT_NE(msg.find("duplicate"), std::string::npos) << msg;
  EXPECT_NE(msg.find("malware--dup"), std::string::npos) << msg;
}

TEST(ImportErrors, UnreadableOrMissingFile) {
  std::string msg = Message(ScratchPath("import-errors", "missing.json"));
  EXPECT_NE(msg.find("cannot open"), std::string::npos) << msg;
  std::string dir = ScratchPath("import-errors", "a-directory.json");
  std::filesystem::create_directories(dir);
  msg = Message(dir);
  EXPECT_NE(msg.find("not a regular file"), std::string::npos) << msg;
}

TEST(ImportErrors, UnknownDomainOrReleaseAsksForOverride) {
  std::string text = R"({"type": "bundle", "id": "bundle--4", "objects": [{"type": "malware", "id": "malware--1"}]})";
  std::string msg = Message(Write("anonymous.json", text));
  EXPECT_NE(msg.find("--domain"), std::string::npos) << msg;
  stix::ReadOptions opts;
  opts.domain = "mobile-attack";
  opts.release = "3.0";
  auto b = stix::ReadBundle(Write("anonymous2.json", text), opts);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->release, "3.0");
}

TEST(OldReleases, EightEraBundleImportsWithItsDomainAndIds) {
  // 8.x bundles carry no collection object: the release comes from the
  // conventional file name, so the fixture is read under that name.
  std::ifstream in(std::string(GLEXIA_SOURCE_DIR) + "/tests/fixtures/old-releases/mobile-8x-layout.json");
  std::string fixture = Write("mobile-attack-8.2.json", std::string(std::istreambuf_iterator<char>(in), {}));
  auto b = stix::ReadBundle(fixture);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->domain, "mobile-attack");
  EXPECT_EQ(b->release, "8.2");
  auto store = OpenSqliteStore(ScratchPath("import-errors", "old.db"));
  ASSERT_TRUE(store.ok());
  auto result = (*store)->Import(*b, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto t = (*store)->FindObjects(result->release.id, "T1476");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 1u);
  auto unknown = (*store)->FindObjects(result->release.id, "x-example-unknown-type--9b0a5c4e-0000-4000-8000-000000000002");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->size(), 1u);  // kept, not rejected
}

TEST(Replace, DifferentBundleNeedsReplaceAndKeepsStoreConsistent) {
  auto store = OpenSqliteStore(ScratchPath("import-errors", "replace.db"));
  ASSERT_TRUE(store.ok());
  auto first = stix::ReadBundle(Write("first.json", kTinyBundle));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*store)->Import(*first, {}).ok());
  std::string changed = kTinyBundle;
  changed.replace(changed.find("\"One\""), 5, "\"One, renamed\"");
  auto second = stix::ReadBundle(Write("second.json", changed));
  ASSERT_TRUE(second.ok());
  auto refused = (*store)->Import(*second, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(refused.status().message().find("--replace"), std::string::npos);
  ImportOptions replace;
  replace.replace = true;
  auto replaced = (*store)->Import(*second, replace);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_TRUE(replaced->replaced);
  auto found = (*store)->FindObjects(replaced->release.id, "T9999");
  ASSERT_TRUE(found.ok() && found->size() == 1);
  EXPECT_EQ(found->front().name, "One, renamed");
  auto raw = (*store)->RawBytes(found->front().object_id);
  ASSERT_TRUE(raw.ok());
  EXPECT_NE(raw->find("One, renamed"), std::string::npos);
  auto releases = (*store)->ListReleases();
  ASSERT_TRUE(releases.ok());
  EXPECT_EQ(releases->size(), 1u);
}

// A child process imports enterprise 18.1 and is killed with SIGKILL once it
// is well into the import; the store must still hold exactly what it held.
TEST(Atomicity, KilledImportLeavesStoreIntact) {
  std::string db = ScratchPath("import-errors", "killed.db");
  int64_t objects_before = 0;
  {
    auto store = OpenSqliteStore(db);
    ASSERT_TRUE(store.ok());
    auto mobile = stix::ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/mobile-attack/mobile-attack-17.1.json.gz");
    ASSERT_TRUE(mobile.ok());
    auto r = (*store)->Import(*mobile, {});
    ASSERT_TRUE(r.ok());
    objects_before = r->release.object_count;
  }
  auto enterprise = stix::ReadBundle(std::string(GLEXIA_ATTACK_DATA) + "/enterprise-attack/enterprise-attack-18.1.json.gz");
  ASSERT_TRUE(enterprise.ok());
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto store = OpenSqliteStore(db);
    if (!store.ok()) _exit(2);
    ImportOptions options;
    bool told = false;
    options.on_progress = [&](size_t done, size_t total) {
      if (!told && done * 2 >= total) {  // halfway: let the parent kill us
        told = true;
        char c = 'x';
        (void)!write(fds[1], &c, 1);
        sleep(30);
      }
    };
    (void)(*store)->Import(*enterprise, options);
    _exit(0);
  }
  close(fds[1]);
  char c;
  ASSERT_EQ(read(fds[0], &c, 1), 1);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  close(fds[0]);

  auto store = OpenSqliteStore(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto releases = (*store)->ListReleases();
  ASSERT_TRUE(releases.ok());
  ASSERT_EQ(releases->size(), 1u);
  EXPECT_EQ(releases->front().domain, "mobile-attack");
  int64_t n = 0;
  ASSERT_TRUE((*store)->ForEachObject(releases->front().id, [&](const ObjectVersion&, std::string_view) { ++n; }).ok());
  EXPECT_EQ(n, objects_before);
  // And the interrupted release imports cleanly afterwards.
  auto again = (*store)->Import(*enterprise, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->unchanged);
}

}  // namespace
}  // namespace glexia::store
