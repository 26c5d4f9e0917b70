// Test only: helpers shared by the sync tests. Expected values come from the
// raw bundle JSON walked here with simdjson, never from the code under test.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "core/file_io.h"
#include "store/store.h"

namespace glexia::sync::testing {

inline std::string AttackData(const std::string& relative) { return std::string(GLEXIA_ATTACK_DATA) + "/" + relative; }

inline std::string ReadRaw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteRaw(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// Facts of a bundle file read straight from its JSON.
struct RawFacts {
  int64_t objects = 0;
  std::string collection_version;  // x_mitre_version of x-mitre-collection, if any
  std::string collection_id;
};

inline RawFacts FactsOf(const std::string& path) {
  auto data = ReadInputFile(path);  // only to inflate gzip
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  RawFacts facts;
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(*data);
  for (simdjson::dom::element obj : root["objects"].get_array()) {
    ++facts.objects;
    std::string_view type = obj["type"].get_string();
    if (type == "x-mitre-collection" && facts.collection_id.empty()) {
      facts.collection_id = std::string(std::string_view(obj["id"].get_string()));
      facts.collection_version = std::string(std::string_view(obj["x_mitre_version"].get_string()));
    }
  }
  return facts;
}

// A fresh scratch directory for one test.
inline std::string ScratchDir(const std::string& name) {
  std::string dir = std::string(GLEXIA_TEST_WORK) + "/sync/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::unique_ptr<store::Store> OpenTestStore(const std::string& dir) {
  auto store = store::OpenSqliteStore(dir + "/glexia.db");
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

}  // namespace glexia::sync::testing
