#include "store/recipe.h"

#include <gtest/gtest.h>

namespace glexia::store {

TEST(Recipe, VarintsRoundTrip) {
  std::vector<int64_t> in = {1, 127, 128, 300, 16384, 1LL << 40}, out;
  std::string r;
  for (auto v : in) AppendVarint(r, static_cast<uint64_t>(v));
  ASSERT_TRUE(DecodeRecipe(r, &out));
  EXPECT_EQ(in, out);
  r.push_back(static_cast<char>(0x80));  // a dangling continuation byte
  EXPECT_FALSE(DecodeRecipe(r, &out));
}

TEST(Recipe, PiecesPartitionTheBytes) {
  std::string raw = R"({"a": 1, "b": [1, 2], "c": "x"})";
  std::vector<uint32_t> starts = {1, 9, 22};
  auto pieces = SplitIntoPieces(raw, starts);
  ASSERT_EQ(pieces.size(), 3u);
  std::string joined;
  for (auto p : pieces) joined += p;
  EXPECT_EQ(joined, raw);
  EXPECT_EQ(pieces[1], R"("b": [1, 2], )");
}

}  // namespace glexia::store

#include "store/sqlite_store_impl.h"

namespace glexia::store {

TEST(StixKey, RoundTripsUuidsAndOtherShapes) {
  for (std::string id : {"attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298", "malware--dup", "x--1234567890abc",
                         "no-separator", "relationship--0042A9F5-F053-4769-B3EF-9AD018DFA298"}) {
    std::string type = id.find("--") == std::string::npos ? "" : id.substr(0, id.find("--"));
    std::string key = StixKey(id);
    EXPECT_EQ(StixIdFromKey(type, key), id) << id;
  }
  EXPECT_EQ(StixKey("attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298").size(), 16u);
}

}  // namespace glexia::store
