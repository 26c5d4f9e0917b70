#include <gtest/gtest.h>
#include <zlib.h>

#include "core/file_io.h"
#include "core/json_writer.h"
#include "core/sha256.h"
#include "core/version.h"

namespace glexia {
namespace {

TEST(Version, OrdersNumerically) {
  EXPECT_LT(CompareVersions("9.0", "10.0"), 0);
  EXPECT_LT(CompareVersions("17.1", "18.0"), 0);
  EXPECT_GT(CompareVersions("18.1", "18.0"), 0);
  EXPECT_EQ(CompareVersions("2.1", "2.1"), 0);
  EXPECT_LT(CompareVersions("1.0", "1.0.1"), 0);
  EXPECT_TRUE(IsReleaseVersion("18.1"));
  EXPECT_TRUE(IsReleaseVersion("8"));
  EXPECT_FALSE(IsReleaseVersion("18."));
  EXPECT_FALSE(IsReleaseVersion("v18.1"));
  EXPECT_FALSE(IsReleaseVersion("1.2.3"));
}

TEST(JsonWriter, EscapesAndNests) {
  JsonWriter w;
  w.BeginObject().Field("a", "x\"<script>\n").Key("b").BeginArray().Int(1).Bool(false).Null().EndArray();
  w.FieldOrNull("c", "").EndObject();
  EXPECT_EQ(w.str(), R"({"a":"x\"\u003cscript\u003e\n","b":[1,false,null],"c":null})");
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Stream s;
  s.Update("a");
  s.Update("bc");
  EXPECT_EQ(ToHex(s.Finish()), Sha256Hex("abc"));
}

std::string Gzip(const std::string& in) {
  std::string out(compressBound(in.size()) + 64, '\0');
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = in.size();
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = out.size();
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(Gunzip, MembersConcatenateAndTruncationIsReported) {
  std::string a(100000, 'a'), b = "tail";
  auto both = Gunzip(Gzip(a) + Gzip(b), "x.gz");
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(*both, a + b);
  std::string gz = Gzip(a);
  auto cut = Gunzip(gz.substr(0, gz.size() - 10), "cut.gz");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("truncated gzip"), std::string::npos);
  EXPECT_NE(cut.status().message().find("cut.gz"), std::string::npos);
  std::string corrupt = gz;
  corrupt[20] ^= 0x55;
  corrupt[21] ^= 0x55;
  EXPECT_FALSE(Gunzip(corrupt, "corrupt.gz").ok());
}

}  // namespace
}  // namespace glexia
