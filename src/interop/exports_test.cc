// Spreadsheet and STIX exports of real releases; expected values come from
// the raw bundles (stix reader + simdjson), never from the exporter.
#include "interop/exports.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/file_io.h"
#include "core/sha256.h"
#include "interop/routes.h"
#include "interop/test_bundle.h"
#include "server/http.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace glexia::interop {
namespace {

using testing::RawBundle;

const std::string kData = GLEXIA_ATTACK_DATA;

// ---- a minimal ZIP reader (central directory + raw deflate) -----------------

uint32_t U32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) | uint32_t(uint8_t(s[at + 1])) << 8 | uint32_t(uint8_t(s[at + 2])) << 16 |
         uint32_t(uint8_t(s[at + 3])) << 24;
}
uint16_t U16(const std::string& s, size_t at) { return uint16_t(uint8_t(s[at]) | uint8_t(s[at + 1]) << 8); }

struct ZipEntry {
  std::string name;
  uint16_t method = 0;
  uint32_t compressed = 0, uncompressed = 0, local_offset = 0;
};

std::vector<ZipEntry> ZipDirectory(const std::string& zip) {
  std::vector<ZipEntry> out;
  if (zip.size() < 22) return out;
  size_t eocd = std::string::npos;
  for (size_t i = zip.size() - 22;; --i) {
    if (U32(zip, i) == 0x06054b50) {
      eocd = i;
      break;
    }
    if (i == 0 || zip.size() - i > 70000) break;
  }
  if (eocd == std::string::npos) return out;
  uint16_t entries = U16(zip, eocd + 10);
  size_t at = U32(zip, eocd + 16);
  for (uint16_t e = 0; e < entries && at + 46 <= zip.size(); ++e) {
    if (U32(zip, at) != 0x02014b50) break;
    ZipEntry z;
    z.method = U16(zip, at + 10);
    z.compressed = U32(zip, at + 20);
    z.uncompressed = U32(zip, at + 24);
    uint16_t name_len = U16(zip, at + 28), extra_len = U16(zip, at + 30), comment_len = U16(zip, at + 32);
    z.local_offset = U32(zip, at + 42);
    z.name = zip.substr(at + 46, name_len);
    out.push_back(z);
    at += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

std::string ZipRead(const std::string& zip, const ZipEntry& z) {
  size_t local = z.local_offset;
  if (U32(zip, local) != 0x04034b50) return "";
  size_t data = local + 30 + U16(zip, local + 26) + U16(zip, local + 28);
  std::string compressed = zip.substr(data, z.compressed);
  if (z.method == 0) return compressed;
  std::string out(z.uncompressed, '\0');
  z_stream s{};
  inflateInit2(&s, -MAX_WBITS);
  s.next_in = reinterpret_cast<Bytef*>(compressed.data());
  s.avail_in = static_cast<uInt>(compressed.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&s, Z_FINISH);
  inflateEnd(&s);
  return rc == Z_STREAM_END ? out : "";
}

// ---- RFC 4180 reader ---------------------------------------------------------

std::vector<std::vector<std::string>> ParseCsv(const std::string& text, bool* ok) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, at_field_start = true;
  *ok = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && at_field_start) {
      quoted = true;
      at_field_start = false;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      at_field_start = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      at_field_start = true;
      ++i;
    } else if (c == '\n' || c == '\r' || c == '"') {
      *ok = false;  // bare line break or stray quote outside a quoted field
    } else {
      field += c;
      at_field_start = false;
    }
  }
  if (quoted || !record.empty() || !field.empty()) *ok = false;  // every record ends with CRLF
  return records;
}

// ---- fixture ------------------------------------------------------------------

class ExportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(std::string(GLEXIA_TEST_WORK) + "/interop-exports");
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    auto opened = store::OpenSqliteStore(*dir_ + "/store.db");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = opened->release();
    for (const char* file : {"enterprise-attack/enterprise-attack-18.1.json.gz", "ics-attack/ics-attack-18.1.json.gz",
                             "mobile-attack/mobile-attack-14.1.json.gz"}) {
      auto bundle = stix::ReadBundle(kData + "/" + file);
      ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
      ASSERT_TRUE(store_->Import(*bundle, {}).ok());
    }
    models_ = new model::ModelCache(*store_, 4);
    enterprise_ = new RawBundle(testing::ReadRawBundle(kData + "/enterprise-attack/enterprise-attack-18.1.json.gz"));
    app_ = new server::App();
    app_->store = store_;
    app_->models = models_;
    router_ = new server::Router();
    RegisterRoutes(*router_, *app_);
  }
  static void TearDownTestSuite() {
    delete router_;
    delete app_;
    delete enterprise_;
    delete models_;
    delete store_;
    delete dir_;
  }
  static std::shared_ptr<const model::ReleaseModel> Model(const std::string& domain, const std::string& version) {
    auto m = models_->Get(domain, version);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return *m;
  }
  static server::Response Get(const std::string& target) {
    server::Request req;
    req.method = "GET";
    req.target = target;
    return router_->Dispatch(req);
  }
  // Objects of the export, by id, as exact bytes (via the stix reader).
  static std::map<std::string, std::string> ObjectsOf(const std::string& bundle_text, std::string* spec_version) {
    auto parsed = stix::ParseBundle(bundle_text, "export.json", {"enterprise-attack", "18.1"});
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    std::map<std::string, std::string> out;
    if (!parsed.ok()) return out;
    if (spec_version) *spec_version = parsed->spec_version;
    for (const auto& rec : parsed->objects) {
      EXPECT_TRUE(out.emplace(std::string(rec.id), std::string(rec.raw)).second) << "duplicate " << rec.id;
    }
    return out;
  }

  static std::string* dir_;
  static store::Store* store_;
  static model::ModelCache* models_;
  static RawBundle* enterprise_;
  static server::App* app_;
  static server::Router* router_;
};

std::string* ExportsTest::dir_ = nullptr;
store::Store* ExportsTest::store_ = nullptr;
model::ModelCache* ExportsTest::models_ = nullptr;
RawBundle* ExportsTest::enterprise_ = nullptr;
server::App* ExportsTest::app_ = nullptr;
server::Router* ExportsTest::router_ = nullptr;

size_t CountActive(const RawBundle& b, std::initializer_list<std::string_view> types) {
  return std::count_if(b.objects.begin(), b.objects.end(), [&](const testing::RawObject& o) {
    return o.active && std::find(types.begin(), types.end(), o.type) != types.end();
  });
}

TEST_F(ExportsTest, CsvRowCountsMatchTheBundle) {
  auto model = Model("enterprise-attack", "18.1");
  std::string dir = *dir_ + "/csv-enterprise-18.1";
  ASSERT_TRUE(WriteCsvFolder(BuildSheets(*model), dir).ok());
  const RawBundle& b = *enterprise_;
  size_t active_relationships = std::count_if(b.relationships.begin(), b.relationships.end(),
                                              [](const auto& r) { return r.active; });
  size_t procedures = std::count_if(b.relationships.begin(), b.relationships.end(), [&](const auto& r) {
    return r.active && r.type == "uses" && b.Find(r.target)->type == "attack-pattern";
  });
  size_t mitigates = std::count_if(b.relationships.begin(), b.relationships.end(),
                                   [](const auto& r) { return r.active && r.type == "mitigates"; });
  std::map<std::string, size_t> expected = {
      {"techniques.csv", CountActive(b, {"attack-pattern"})},
      {"tactics.csv", CountActive(b, {"x-mitre-tactic"})},
      {"software.csv", CountActive(b, {"malware", "tool"})},
      {"groups.csv", CountActive(b, {"intrusion-set"})},
      {"campaigns.csv", CountActive(b, {"campaign"})},
      {"mitigations.csv", CountActive(b, {"course-of-action"})},
      {"detection_strategies.csv", CountActive(b, {"x-mitre-detection-strategy"})},
      {"analytics.csv", CountActive(b, {"x-mitre-analytic"})},
      {"data_components.csv", CountActive(b, {"x-mitre-data-component"})},
      {"data_sources.csv", CountActive(b, {"x-mitre-data-source"})},
      {"relationships.csv", active_relationships},
      {"procedure_examples.csv", procedures},
      {"techniques_addressed.csv", mitigates},
  };
  for (const auto& [file, rows] : expected) {
    if (rows == 0 && (file == "data_sources.csv" || file == "assets.csv")) {
      // Optional sheets appear only when the release has such objects (18.x deprecated data sources).
      EXPECT_FALSE(std::filesystem::exists(dir + "/" + file)) << file;
      continue;
    }
    auto text = ReadInputFile(dir + "/" + file);
    ASSERT_TRUE(text.ok()) << file << ": " << text.status().ToString();
    bool ok = false;
    auto records = ParseCsv(*text, &ok);
    EXPECT_TRUE(ok) << file << " is not RFC 4180";
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.size() - 1, rows) << file;
    for (const auto& r : records) EXPECT_EQ(r.size(), records[0].size()) << file;
  }
  EXPECT_GT(expected["detection_strategies.csv"], 0u);
  EXPECT_FALSE(std::filesystem::exists(dir + "/assets.csv"));  // enterprise has no assets
}

TEST_F(ExportsTest, CsvQuotingRoundTrips) {
  Sheet sheet{"t", {"a", "b"}, {{"plain", "comma, \"quote\"\r\nnew line"}, {"", "x"}}};
  std::string csv = ToCsv(sheet);
  EXPECT_EQ(csv, "a,b\r\nplain,\"comma, \"\"quote\"\"\r\nnew line\"\r\n,x\r\n");
  bool ok = false;
  auto records = ParseCsv(csv, &ok);
  EXPECT_TRUE(ok);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1][1], "comma, \"quote\"\r\nnew line");
}

TEST_F(ExportsTest, XlsxIsAZipWithOneWorksheetPerSheet) {
  auto model = Model("ics-attack", "18.1");
  std::vector<Sheet> sheets = BuildSheets(*model);
  std::string path = *dir_ + "/ics-18.1.xlsx";
  ASSERT_TRUE(WriteXlsx(sheets, path).ok());
  auto zip = ReadInputFile(path);
  ASSERT_TRUE(zip.ok());
  std::vector<ZipEntry> entries = ZipDirectory(*zip);
  ASSERT_FALSE(entries.empty()) << "no zip central directory";
  std::set<std::string> names;
  for (const auto& e : entries) names.insert(e.name);
  EXPECT_TRUE(names.count("[Content_Types].xml"));
  EXPECT_TRUE(names.count("xl/workbook.xml"));
  for (size_t i = 1; i <= sheets.size(); ++i) {
    EXPECT_TRUE(names.count("xl/worksheets/sheet" + std::to_string(i) + ".xml")) << i;
  }
  EXPECT_FALSE(names.count("xl/worksheets/sheet" + std::to_string(sheets.size() + 1) + ".xml"));
  auto workbook = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.name == "xl/workbook.xml"; });
  std::string xml = ZipRead(*zip, *workbook);
  ASSERT_FALSE(xml.empty());
  for (const char* sheet : {"techniques", "tactics", "software", "groups", "campaigns", "mitigations",
                            "detection strategies", "analytics", "data components", "assets", "relationships"}) {
    EXPECT_NE(xml.find(std::string("name=\"") + sheet + "\""), std::string::npos) << sheet;
  }
  // The techniques sheet has one row per active technique plus the header.
  const RawBundle ics = testing::ReadRawBundle(kData + "/ics-attack/ics-attack-18.1.json.gz");
  auto sheet1 = std::find_if(entries.begin(), entries.end(),
                             [](const auto& e) { return e.name == "xl/worksheets/sheet1.xml"; });
  std::string rows = ZipRead(*zip, *sheet1);
  size_t row_count = 0;
  for (size_t at = rows.find("<row "); at != std::string::npos; at = rows.find("<row ", at + 1)) ++row_count;
  EXPECT_EQ(row_count, CountActive(ics, {"attack-pattern"}) + 1);
}

TEST_F(ExportsTest, Stix20ReleaseExportIsTheOriginalBundle) {
  auto rel = store_->GetRelease("enterprise-attack", "18.1");
  ASSERT_TRUE(rel.ok());
  auto bundle = ExportReleaseBundle(*store_, *rel);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  std::string spec;
  auto objects = ObjectsOf(*bundle, &spec);
  EXPECT_EQ(spec, "2.0");
  ASSERT_EQ(objects.size(), enterprise_->objects.size());
  for (const auto& o : enterprise_->objects) {
    auto it = objects.find(o.id);
    ASSERT_NE(it, objects.end()) << o.id;
    EXPECT_EQ(it->second, o.raw) << o.id;
  }
  // The assembled 2.0 bundles are sorted by (type, id) with a name-based id,
  // so the export reproduces the file byte for byte.
  EXPECT_EQ(Sha256Hex(*bundle), enterprise_->sha256);
}

TEST_F(ExportsTest, Stix21ReleaseExportKeepsEveryObjectsBytes) {
  for (const char* file : {"ics-attack/ics-attack-18.1.json.gz", "mobile-attack/mobile-attack-14.1.json.gz"}) {
    const RawBundle raw = testing::ReadRawBundle(kData + "/" + file);
    std::string domain, version;
    stix::DomainAndReleaseFromFileName(file, &domain, &version);
    auto rel = store_->GetRelease(domain, version);
    ASSERT_TRUE(rel.ok());
    auto bundle = ExportReleaseBundle(*store_, *rel);
    ASSERT_TRUE(bundle.ok());
    std::string spec;
    auto objects = ObjectsOf(*bundle, &spec);
    EXPECT_EQ(spec, "2.1");
    EXPECT_EQ(bundle->find("\"spec_version\": \"2.0\""), std::string::npos);
    ASSERT_EQ(objects.size(), raw.objects.size()) << file;
    for (const auto& o : raw.objects) {
      auto it = objects.find(o.id);
      ASSERT_NE(it, objects.end()) << o.id;
      EXPECT_EQ(it->second, o.raw) << o.id;
    }
  }
}

TEST_F(ExportsTest, GroupSubsetHoldsWhatTheGroupUses) {
  auto model = Model("enterprise-attack", "18.1");
  const model::Object* g = model->ByAttackId("G0034");
  ASSERT_NE(g, nullptr);
  auto bundle = ExportSubsetBundle(*store_, *model, *g);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  auto objects = ObjectsOf(*bundle, nullptr);
  const RawBundle& b = *enterprise_;
  EXPECT_TRUE(objects.count(g->stix_id));
  // Every technique the group uses (directly, via software, via campaigns).
  std::set<std::string> expected_techniques = b.TechniquesUsedBy(g->stix_id);
  std::set<std::string> got_techniques;
  for (const auto& [id, raw] : objects) {
    const testing::RawObject* o = b.Find(id);
    ASSERT_NE(o, nullptr) << id;
    EXPECT_EQ(raw, o->raw) << id;  // exact bytes
    if (o->type == "attack-pattern") got_techniques.insert(o->attack_id);
  }
  for (const std::string& t : expected_techniques) EXPECT_TRUE(got_techniques.count(t)) << t;
  // Software the group uses, and its tactics, are there; relationships are closed.
  for (const std::string& s : b.TargetsOf(g->stix_id, "uses", {"malware", "tool"})) EXPECT_TRUE(objects.count(s)) << s;
  for (const auto& r : b.relationships) {
    if (!objects.count(r.id)) continue;
    EXPECT_TRUE(objects.count(r.source)) << r.id;
    EXPECT_TRUE(objects.count(r.target)) << r.id;
  }
  size_t tactics = 0;
  for (const auto& [id, raw] : objects) tactics += b.Find(id)->type == "x-mitre-tactic";
  EXPECT_GT(tactics, 5u);
  // Nothing unrelated: no other group.
  for (const auto& [id, raw] : objects) {
    if (b.Find(id)->type == "intrusion-set") {
      EXPECT_EQ(id, g->stix_id);
    }
  }
}

TEST_F(ExportsTest, ApiDownloads) {
  server::Response r = Get("/api/v1/exports/ics-attack/18.1.xlsx");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  bool attachment = false;
  for (const auto& [name, value] : r.headers) {
    if (name == "Content-Disposition") attachment = value.find("attachment; filename=\"ics-attack-18.1.xlsx\"") == 0;
  }
  EXPECT_TRUE(attachment);
  EXPECT_FALSE(ZipDirectory(r.body).empty());

  r = Get("/api/v1/exports/ics-attack/18.1/techniques.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  bool ok = false;
  EXPECT_EQ(ParseCsv(r.body, &ok).size() - 1, CountActive(testing::ReadRawBundle(kData + "/ics-attack/ics-attack-18.1.json.gz"), {"attack-pattern"}));
  EXPECT_TRUE(ok);

  r = Get("/api/v1/exports/ics-attack/18.1/stix.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ObjectsOf(r.body, nullptr).size(), 1826u);  // MANIFEST.tsv total_objects for ics 18.1
  r = Get("/api/v1/exports/ics-attack/latest/stix.json?object=G1000");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GT(ObjectsOf(r.body, nullptr).size(), 3u);

  EXPECT_EQ(Get("/api/v1/exports/ics-attack/18.1/nothing.csv").status, 404);
  EXPECT_EQ(Get("/api/v1/exports/ics-attack/9.9.xlsx").status, 404);
  EXPECT_EQ(Get("/api/v1/exports/ics-attack/18.1.pdf").status, 404);
  EXPECT_EQ(Get("/api/v1/exports/nowhere/18.1/stix.json").status, 400);
  EXPECT_EQ(Get("/api/v1/exports/ics-attack/18.1/stix.json?object=T0800").status, 400);  // a technique
}

}  // namespace
}  // namespace glexia::interop
