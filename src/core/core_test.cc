#include <gtest/gtest.h>
#include "core/version.h"
TEST(Version, Orders) { EXPECT_LT(glexia::CompareVersions("9.0", "10.0"), 0); }
