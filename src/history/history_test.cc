// History layer tests over real ATT&CK bundles imported into a scratch store.
// Expected values come from walking the raw bundles with simdjson here, with a
// deliberately plain re-statement of MITRE's changelog rules — never from the
// program's own output.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>

#include "core/sha256.h"
#include "history/changelog.h"
#include "history/json_canon.h"
#include "history/object_history.h"
#include "history/render.h"
#include "stix/bundle.h"
#include "store/store.h"

namespace glexia::history {
namespace {

namespace fs = std::filesystem;

std::string BundlePath(const std::string& domain, const std::string& version) {
  return std::string(GLEXIA_ATTACK_DATA) + "/" + domain + "/" + domain + "-" + version + ".json.gz";
}

// ---- Independent facts from a raw bundle -----------------------------------

struct RawObject {
  std::string type, attack_id, version, modified, description, name;
  bool has_description = false, revoked = false, deprecated = false;
  std::string minified;  // the whole object, minified, for framing checks
  std::string sha256;    // of the exact bytes in the bundle
};

struct RawRelationship {
  std::string type, source, target;
};

struct RawBundle {
  std::map<std::string, RawObject> objects;  // non-relationships by STIX id
  std::map<std::string, RawRelationship> relationships;
  std::map<std::string, std::string> revoked_by;
  std::string IdOf(const std::string& attack_id) const {
    for (const auto& [id, o] : objects)
      if (o.attack_id == attack_id && !o.revoked) return id;
    return {};
  }
};

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view s;
  return e[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}
bool Flag(simdjson::dom::element e, const char* key) {
  bool b = false;
  return e[key].get_bool().get(b) == simdjson::SUCCESS && b;
}

std::map<std::string, RawBundle>& RawCache() {
  static std::map<std::string, RawBundle> cache;
  return cache;
}

// Facts of every object of `bundle`, each parsed from its own exact bytes.
void IndexRaw(const stix::Bundle& bundle, RawBundle& out) {
  simdjson::dom::parser parser;
  for (const auto& rec : bundle.objects) {
    simdjson::dom::element o;
    ASSERT_EQ(parser.parse(rec.raw.data(), rec.raw.size()).get(o), simdjson::SUCCESS);
    std::string id = Str(o, "id"), type = Str(o, "type");
    if (type == "relationship") {
      RawRelationship r{Str(o, "relationship_type"), Str(o, "source_ref"), Str(o, "target_ref")};
      if (r.type == "revoked-by" && !out.revoked_by.count(r.source)) out.revoked_by[r.source] = r.target;
      out.relationships[id] = r;
      continue;
    }
    RawObject obj;
    obj.type = type;
    obj.name = Str(o, "name");
    obj.version = Str(o, "x_mitre_version");
    obj.modified = Str(o, "modified");
    std::string_view d;
    obj.has_description = o["description"].get_string().get(d) == simdjson::SUCCESS;
    obj.description = std::string(d);
    obj.revoked = Flag(o, "revoked");
    obj.deprecated = Flag(o, "x_mitre_deprecated");
    simdjson::dom::array refs;
    if (o["external_references"].get_array().get(refs) == simdjson::SUCCESS) {
      for (auto ref : refs) {
        std::string source = Str(ref, "source_name");
        if (source == "mitre-attack" || source == "mitre-mobile-attack" || source == "mitre-ics-attack") {
          obj.attack_id = Str(ref, "external_id");
          break;
        }
      }
    }
    obj.minified = simdjson::minify(o);
    obj.sha256 = Sha256Hex(rec.raw);
    out.objects[id] = std::move(obj);
  }
}

// Filled by the fixture while importing, from the same bundle bytes.
const RawBundle& LoadRaw(const std::string& domain, const std::string& version) {
  return RawCache().at(domain + version);
}

// Section of a raw object, named as the changelog JSON does.
Section RawSection(const RawObject& o) {
  store::ObjectVersion v;
  v.type = o.type;
  v.attack_id = o.attack_id;
  return SectionOf(v);
}

// MITRE's rules, restated plainly: (section, category) → count.
std::map<std::pair<Section, Category>, int> ExpectedCounts(const RawBundle& from, const RawBundle& to) {
  std::map<std::pair<Section, Category>, int> counts;
  auto family = [](const RawObject& o) {
    Section s = RawSection(o);
    return s == Section::kSubtechniques ? Section::kTechniques : s;
  };
  auto version_of = [](const std::string& v) {
    std::string x = v.empty() ? "0.0" : v;
    return std::pair<int, int>(std::stoi(x.substr(0, x.find('.'))), std::stoi(x.substr(x.find('.') + 1)));
  };
  for (const auto& [id, now] : to.objects) {
    Section s = RawSection(now);
    if (s == Section::kNone) continue;
    auto before_it = from.objects.find(id);
    if (before_it == from.objects.end()) {
      ++counts[{s, Category::kNew}];
      continue;
    }
    const RawObject& before = before_it->second;
    if (now.revoked) {
      if (before.revoked) continue;
      auto r = to.revoked_by.find(id);
      if (r == to.revoked_by.end() || !to.objects.count(r->second) || family(to.objects.at(r->second)) != family(now))
        continue;
      ++counts[{s, Category::kRevoked}];
      continue;
    }
    if (now.deprecated) {
      if (!before.deprecated) ++counts[{s, Category::kDeprecated}];
      continue;
    }
    auto [om, on] = version_of(before.version);
    auto [nm, nn] = version_of(now.version);
    Category c;
    if (nm == om + 1 && nn == 0) c = Category::kMajor;
    else if (nm == om && nn == on + 1) c = Category::kMinor;
    else if (nm != om || nn != on) c = Category::kOther;
    else if (before.modified != now.modified ||
             (before.has_description && now.has_description && before.description != now.description))
      c = Category::kPatch;
    else c = Category::kUnchanged;
    ++counts[{s, c}];
  }
  for (const auto& [id, before] : from.objects) {
    Section s = RawSection(before);
    if (s != Section::kNone && !to.objects.count(id)) ++counts[{s, Category::kRemoved}];
  }
  return counts;
}

// ---- The scratch store -------------------------------------------------------

class HistoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::path dir = fs::path(GLEXIA_TEST_WORK) / "history";
    fs::create_directories(dir);
    fs::path db = dir / "history.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    auto opened = store::OpenSqliteStore(db.string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = opened->release();
    const std::pair<const char*, const char*> kReleases[] = {
        {"enterprise-attack", "15.1"}, {"enterprise-attack", "16.1"}, {"enterprise-attack", "17.1"},
        {"enterprise-attack", "18.0"}, {"enterprise-attack", "18.1"}, {"mobile-attack", "17.1"},
        {"mobile-attack", "18.1"},     {"ics-attack", "17.1"},        {"ics-attack", "18.0"}};
    for (const auto& [domain, version] : kReleases) {
      auto bundle = stix::ReadBundle(BundlePath(domain, version));
      ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
      auto imported = store_->Import(*bundle, {});
      ASSERT_TRUE(imported.ok()) << imported.status().ToString();
      IndexRaw(*bundle, RawCache()[std::string(domain) + version]);
    }
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
  }

  static Changelog Diff(const std::string& domain, const std::string& from, const std::string& to) {
    auto a = FindRelease(*store_, domain, from);
    auto b = FindRelease(*store_, domain, to);
    EXPECT_TRUE(a.ok() && b.ok());
    auto log = BuildChangelog(*store_, *a, *b);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return std::move(log).value();
  }

  static void ExpectCountsMatchRawRules(const Changelog& log) {
    const std::string &domain = log.to.domain, &from = log.from.version, &to = log.to.version;
    auto expected = ExpectedCounts(LoadRaw(domain, from), LoadRaw(domain, to));
    for (int s = 0; s < kSectionCount; ++s) {
      for (int c = 0; c < kCategoryCount; ++c) {
        auto key = std::pair{static_cast<Section>(s), static_cast<Category>(c)};
        int want = expected.count(key) ? expected[key] : 0;
        EXPECT_EQ(log.Count(key.first, key.second), want)
            << domain << " " << from << "→" << to << " " << SectionKey(key.first) << " " << CategoryKey(key.second);
      }
    }
  }

  static store::Store* store_;
};
store::Store* HistoryTest::store_ = nullptr;

// ---- Classification rules ----------------------------------------------------

store::ObjectVersion V(std::string version, std::string modified, bool revoked = false, bool deprecated = false) {
  store::ObjectVersion v;
  v.version = std::move(version);
  v.modified = std::move(modified);
  v.revoked = revoked;
  v.deprecated = deprecated;
  return v;
}

TEST(Classification, EachCategory) {
  const std::string t0 = "2024-01-01T00:00:00.000Z", t1 = "2025-01-01T00:00:00.000Z";
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("2.0", t1), false, false), Category::kMajor);
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("1.3", t1), false, false), Category::kMinor);
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("1.4", t1), false, false), Category::kOther);
  EXPECT_EQ(ClassifyShared(V("2.1", t0), V("1.0", t1), false, false), Category::kOther);  // decrease
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("3.0", t1), false, false), Category::kOther);  // jump
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("2.1", t1), false, false), Category::kOther);
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("1.2", t1), false, false), Category::kPatch);  // modified changed
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("1.2", t0), false, true), Category::kPatch);   // description only
  EXPECT_EQ(ClassifyShared(V("1.2", t0), V("1.2", t0), false, false), Category::kUnchanged);
  // The same instant written with and without milliseconds is not a change.
  EXPECT_EQ(ClassifyShared(V("1.2", "2024-01-01T00:00:00Z"), V("1.2", t0), false, false), Category::kUnchanged);
  // Missing x_mitre_version counts as 0.0 (old ICS objects).
  EXPECT_EQ(ClassifyShared(V("", t0), V("1.0", t1), false, false), Category::kMajor);
  EXPECT_EQ(ClassifyShared(V("", t0), V("0.1", t1), false, false), Category::kMinor);
  // Revocation first, only when new and with a valid replacement.
  EXPECT_EQ(ClassifyShared(V("1.0", t0), V("2.0", t1, true), true, false), Category::kRevoked);
  EXPECT_EQ(ClassifyShared(V("1.0", t0), V("1.0", t1, true), false, false), std::nullopt);
  EXPECT_EQ(ClassifyShared(V("1.0", t0, true), V("1.0", t1, true), true, false), std::nullopt);
  EXPECT_EQ(ClassifyShared(V("1.0", t0, false, true), V("1.0", t1, true, true), true, false), Category::kRevoked);
  // Then deprecation, only when new.
  EXPECT_EQ(ClassifyShared(V("1.0", t0), V("2.0", t1, false, true), false, false), Category::kDeprecated);
  EXPECT_EQ(ClassifyShared(V("1.0", t0, false, true), V("2.0", t1, false, true), false, false), std::nullopt);
  // An object no longer deprecated goes through the version rules again.
  EXPECT_EQ(ClassifyShared(V("1.0", t0, false, true), V("1.1", t1), false, false), Category::kMinor);
}

TEST(Classification, DescriptionRuleFollowsMitre) {
  EXPECT_FALSE(DescriptionsDiffer("a b\nc", "a b c"));  // newlines become spaces first
  EXPECT_TRUE(DescriptionsDiffer("a b", "a c"));
  EXPECT_FALSE(DescriptionsDiffer("x\ry", "y\rx"));  // other line breaks: lines compared as sets
}

TEST(Canonical, FormattingIsNotAChange) {
  auto a = Canonicalize(R"({"type":"malware","spec_version":"2.1","id":"malware--1","is_family":true,
                           "x_mitre_platforms":["Linux","Windows"],"revoked":false})");
  auto b = Canonicalize(R"({"x_mitre_platforms": ["Windows", "Linux"], "id": "malware--1",
                           "labels": ["malware"], "type": "malware"})");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  auto c = Canonicalize(R"({"type":"malware","id":"malware--1","labels":["malware","extra"]})");
  ASSERT_TRUE(c.ok());
  EXPECT_NE(*a, *c);
}

TEST(WordDiff, MarksAddedAndRemovedWords) {
  auto pieces = DiffWords("the quick brown fox", "the slow brown fox jumps");
  std::string added, removed;
  for (const auto& p : pieces) {
    if (p.op == WordPiece::Op::kAdded) added += p.text + "|";
    if (p.op == WordPiece::Op::kRemoved) removed += p.text + "|";
  }
  EXPECT_EQ(added, "slow|jumps|");
  EXPECT_EQ(removed, "quick|");
}

// ---- Release changelogs on real data --------------------------------------------

TEST_F(HistoryTest, Enterprise180To181) {
  const RawBundle& a = LoadRaw("enterprise-attack", "18.0");
  const RawBundle& b = LoadRaw("enterprise-attack", "18.1");
  Changelog log = Diff("enterprise-attack", "18.0", "18.1");
  for (Section s : {Section::kTechniques, Section::kSubtechniques}) {
    EXPECT_EQ(log.Count(s, Category::kNew), 0);
    EXPECT_EQ(log.Count(s, Category::kRemoved), 0);
  }
  // Relationships gone from 18.1, from the raw bundles.
  std::set<std::string> removed_raw;
  for (const auto& [id, r] : a.relationships)
    if (!b.relationships.count(id)) removed_raw.insert(id);
  ASSERT_EQ(removed_raw.size(), 2u);
  std::string c0058 = a.IdOf("C0058");
  std::set<std::string> targets;
  for (const auto& id : removed_raw) {
    EXPECT_EQ(a.relationships.at(id).type, "attributed-to");
    EXPECT_EQ(a.relationships.at(id).source, c0058);
    targets.insert(a.objects.at(a.relationships.at(id).target).attack_id);
  }
  EXPECT_EQ(targets, (std::set<std::string>{"G0027", "G0128"}));
  std::set<std::string> removed_reported;
  for (const auto& r : log.relationships_removed) {
    removed_reported.insert(r.stix_id);
    EXPECT_EQ(r.source.attack_id, "C0058");
  }
  EXPECT_EQ(removed_reported, removed_raw);
  EXPECT_TRUE(log.relationships_added.empty() ==
              std::all_of(b.relationships.begin(), b.relationships.end(),
                          [&](const auto& kv) { return a.relationships.count(kv.first) > 0; }));
  ExpectCountsMatchRawRules(log);
}

TEST_F(HistoryTest, Enterprise171To180DetectionOverhaul) {
  const RawBundle& a = LoadRaw("enterprise-attack", "17.1");
  const RawBundle& b = LoadRaw("enterprise-attack", "18.0");
  Changelog log = Diff("enterprise-attack", "17.1", "18.0");
  int new_strategies = 0, new_analytics = 0, deprecated_sources = 0, major_components = 0;
  for (const auto& [id, o] : b.objects) {
    bool existed = a.objects.count(id) > 0;
    if (o.type == "x-mitre-detection-strategy" && !existed) ++new_strategies;
    if (o.type == "x-mitre-analytic" && !existed) ++new_analytics;
    if (o.type == "x-mitre-data-source" && existed && o.deprecated && !a.objects.at(id).deprecated)
      ++deprecated_sources;
    if (o.type == "x-mitre-data-component" && existed && !o.deprecated && !o.revoked) {
      const std::string& old_version = a.objects.at(id).version;
      int old_major = std::stoi(old_version.substr(0, old_version.find('.')));
      if (o.version == std::to_string(old_major + 1) + ".0") ++major_components;
    }
  }
  ASSERT_GT(new_strategies, 0);
  ASSERT_GT(new_analytics, 0);
  ASSERT_GT(deprecated_sources, 0);
  ASSERT_GT(major_components, 0);
  EXPECT_EQ(log.Count(Section::kDetectionStrategies, Category::kNew), new_strategies);
  EXPECT_EQ(log.Count(Section::kAnalytics, Category::kNew), new_analytics);
  EXPECT_EQ(log.Count(Section::kDataSources, Category::kDeprecated), deprecated_sources);
  EXPECT_EQ(log.Count(Section::kDataComponents, Category::kMajor), major_components);
  // detects relationships moved from data components to detection strategies.
  int detects_added = 0;
  for (const auto& [id, r] : b.relationships)
    if (r.type == "detects" && !a.relationships.count(id)) ++detects_added;
  auto detects = std::find_if(log.relationship_counts.begin(), log.relationship_counts.end(),
                              [](const auto& c) { return c.type == "detects"; });
  ASSERT_NE(detects, log.relationship_counts.end());
  EXPECT_EQ(detects->added, detects_added);
  ExpectCountsMatchRawRules(log);
}

TEST_F(HistoryTest, NonNeighbourReleases) { ExpectCountsMatchRawRules(Diff("enterprise-attack", "15.1", "18.1")); }

TEST_F(HistoryTest, MobileAcrossStix21To20IgnoresFraming) {
  const RawBundle& a = LoadRaw("mobile-attack", "17.1");
  const RawBundle& b = LoadRaw("mobile-attack", "18.1");
  Changelog log = Diff("mobile-attack", "17.1", "18.1");
  // Objects whose only differences are 2.0/2.1 framing, found from the raw JSON.
  auto strip = [](const std::string& minified, const std::string& type) {
    simdjson::dom::parser p;
    simdjson::dom::object o = p.parse(minified).get_object();
    std::map<std::string, std::string> members;
    for (auto f : o) {
      std::string key(f.key);
      if (key == "spec_version" || ((type == "malware" || type == "tool") && (key == "labels" || key == "is_family")))
        continue;
      members[key] = simdjson::minify(f.value);
    }
    return members;
  };
  int framing_only = 0, framing_only_software = 0;
  for (const auto& [id, now] : b.objects) {
    auto before = a.objects.find(id);
    if (before == a.objects.end() || before->second.minified == now.minified) continue;
    if (strip(before->second.minified, now.type) != strip(now.minified, now.type)) continue;
    ++framing_only;
    if (now.type == "malware" || now.type == "tool") ++framing_only_software;
    EXPECT_EQ(log.Find(id), nullptr) << id << " differs only in framing but is reported";
  }
  ASSERT_GT(framing_only, 0);
  ASSERT_GT(framing_only_software, 0);
  ExpectCountsMatchRawRules(log);

  // One such software object compared field by field: no field differs.
  for (const auto& [id, now] : b.objects) {
    auto before = a.objects.find(id);
    if (now.type != "malware" || before == a.objects.end() || before->second.minified == now.minified) continue;
    if (strip(before->second.minified, now.type) != strip(now.minified, now.type)) continue;
    auto c = CompareObject(*store_, id, "mobile-attack", "17.1", "18.1");
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_FALSE(c->same_bytes);
    EXPECT_TRUE(c->same_value);
    EXPECT_TRUE(c->fields.empty());
    break;
  }
}

TEST_F(HistoryTest, Ics171To180) { ExpectCountsMatchRawRules(Diff("ics-attack", "17.1", "18.0")); }

TEST_F(HistoryTest, OutputsCarryTheChanges) {
  Changelog log = Diff("enterprise-attack", "17.1", "18.0");
  simdjson::dom::parser parser;
  std::string layer = ChangelogLayer(log);
  simdjson::dom::element l = parser.parse(layer);
  EXPECT_EQ(std::string_view(l["versions"]["layer"].get_string()), "4.5");
  EXPECT_EQ(std::string_view(l["versions"]["navigator"].get_string()), "4.5");
  EXPECT_EQ(std::string_view(l["domain"].get_string()), "enterprise-attack");
  size_t layer_techniques = 0;
  for (auto t : l["techniques"].get_array()) {
    ++layer_techniques;
    EXPECT_FALSE(std::string_view(t["techniqueID"].get_string()).empty());
    EXPECT_EQ(std::string_view(t["color"].get_string()).front(), '#');
  }
  EXPECT_GE(layer_techniques, static_cast<size_t>(log.Count(Section::kTechniques, Category::kNew) +
                                                  log.Count(Section::kTechniques, Category::kMajor)));
  EXPECT_GT(l["legendItems"].get_array().size(), 0u);

  std::string json = ChangelogJson(log);
  simdjson::dom::element j = parser.parse(json);
  EXPECT_EQ(int64_t(j["summary"]["analytics"]["new"].get_int64()), log.Count(Section::kAnalytics, Category::kNew));
  std::string md = ChangelogMarkdown(log);
  EXPECT_NE(md.find("## Detection strategies"), std::string::npos);
}

// ---- One object -----------------------------------------------------------------

TEST_F(HistoryTest, HistoryOfT1591002) {
  auto h = GetObjectHistory(*store_, "T1591.002", "");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->domain, "enterprise-attack");
  EXPECT_EQ(h->object.attack_id, "T1591.002");
  const char* versions[] = {"15.1", "16.1", "17.1", "18.0", "18.1"};
  ASSERT_EQ(h->entries.size(), 5u);
  std::string previous_hash;
  for (size_t i = 0; i < 5; ++i) {
    const RawBundle& raw = LoadRaw("enterprise-attack", versions[i]);
    std::string stix_id = raw.IdOf("T1591.002");
    ASSERT_FALSE(stix_id.empty());
    std::string hash = raw.objects.at(stix_id).sha256;
    const HistoryEntry& e = h->entries[i];
    EXPECT_EQ(e.release.version, versions[i]);
    EXPECT_EQ(e.status, ObjectStatus::kCurrent);
    EXPECT_EQ(e.object.version, raw.objects.at(stix_id).version);
    EXPECT_EQ(e.object.modified, raw.objects.at(stix_id).modified);
    EXPECT_EQ(e.object.sha256, hash);
    // Enterprise bundles share one layout, so different bytes mean different content here.
    EXPECT_EQ(e.changed_since_previous, previous_hash != hash) << versions[i];
    previous_hash = hash;
  }
}

TEST_F(HistoryTest, CompareKnownChangedObject) {
  const RawBundle& a = LoadRaw("enterprise-attack", "18.0");
  const RawBundle& b = LoadRaw("enterprise-attack", "18.1");
  std::string id = a.IdOf("C0058");
  // Fields whose values differ, from the raw JSON (lists as sorted sets).
  auto members = [](const std::string& minified) {
    simdjson::dom::parser p;
    simdjson::dom::object o = p.parse(minified).get_object();
    std::map<std::string, std::string> out;
    for (auto f : o) {
      std::string value;
      if (f.value.is_array()) {
        std::vector<std::string> items;
        for (auto item : f.value.get_array()) items.push_back(simdjson::minify(item));
        std::sort(items.begin(), items.end());
        for (const auto& item : items) value += item + ",";
      } else {
        value = simdjson::minify(f.value);
      }
      out[std::string(f.key)] = value;
    }
    return out;
  };
  auto ma = members(a.objects.at(id).minified), mb = members(b.objects.at(id).minified);
  std::set<std::string> expected_fields;
  for (const auto& [k, v] : ma)
    if (!mb.count(k) || mb[k] != v) expected_fields.insert(k);
  for (const auto& [k, v] : mb)
    if (!ma.count(k)) expected_fields.insert(k);
  ASSERT_TRUE(expected_fields.count("description"));

  auto c = CompareObject(*store_, "C0058", "enterprise-attack", "18.0", "18.1");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  std::set<std::string> fields;
  for (const auto& f : c->fields) {
    fields.insert(f.field);
    if (f.field == "description") {
      bool any_edit = std::any_of(f.words.begin(), f.words.end(),
                                  [](const WordPiece& p) { return p.op != WordPiece::Op::kSame; });
      EXPECT_TRUE(any_edit);
    }
  }
  EXPECT_EQ(fields, expected_fields);
  std::set<std::string> lost_groups;
  for (const auto& d : c->lost)
    if (d.relationship_type == "attributed-to") lost_groups.insert(d.other.attack_id);
  EXPECT_EQ(lost_groups, (std::set<std::string>{"G0027", "G0128"}));
  EXPECT_TRUE(c->gained.empty());
}

TEST_F(HistoryTest, UnknownIdsAndReleasesAreClearErrors) {
  EXPECT_EQ(GetObjectHistory(*store_, "T9999", "").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(FindRelease(*store_, "enterprise-attack", "9.9").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace glexia::history
