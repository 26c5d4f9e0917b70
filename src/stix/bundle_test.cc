#include <gtest/gtest.h>
#include "stix/bundle.h"
TEST(Bundle, Placeholder) { EXPECT_TRUE(glexia::stix::IsKnownDomain("ics-attack")); }
