#include "koubei/core/spec.hpp"

#include <gtest/gtest.h>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

TEST(Spec, SplitsNameArgumentsAndParameters) {
  Spec s("graph", "ba:n=100,m=5");
  EXPECT_EQ(s.name(), "ba");
  EXPECT_TRUE(s.args().empty());
  EXPECT_EQ(s.require_int("n", 1, 1000), 100);
  EXPECT_EQ(s.get_int("m", 0, 1, 10), 5);
  EXPECT_EQ(s.get_int("x", 3, 1, 10), 3);
  Spec u("trust", "uniform:0.1:0.3");
  ASSERT_EQ(u.args().size(), 2u);
  EXPECT_EQ(u.args()[1], "0.3");
  Spec f("graph", "file:C:/data/a.txt,directed=0");
  ASSERT_EQ(f.args().size(), 1u);
  EXPECT_EQ(f.args()[0], "C:/data/a.txt");
  EXPECT_FALSE(f.get_bool("directed", true));
}

TEST(Spec, ErrorsNameTheSpecAndTheKey) {
  Spec s("graph", "ba:n=abc,m=-1,z=2");
  try {
    s.require_int("n", 1, 100);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "graph spec 'ba:n=abc,m=-1,z=2': n must be an integer, got 'abc'");
  }
  EXPECT_THROW(s.require_int("m", 1, 100), InputError);
  EXPECT_THROW(s.require_int("missing", 1, 100), InputError);
  EXPECT_THROW(s.allow_only({"n", "m"}), InputError);
  EXPECT_THROW(Spec("graph", ":n=1"), InputError);
  EXPECT_THROW(Spec("graph", "ba:n=1,n=2"), InputError);
}

TEST(ParseNumbers, AreStrict) {
  EXPECT_EQ(parse_int64("12"), 12);
  EXPECT_EQ(parse_int64("1e6"), 1000000);
  EXPECT_FALSE(parse_int64("12x"));
  EXPECT_FALSE(parse_int64("1.5"));
  EXPECT_EQ(parse_double("-0.25"), -0.25);
  EXPECT_FALSE(parse_double("nan"));
  EXPECT_FALSE(parse_double(""));
  EXPECT_FALSE(parse_uint64("-1"));
}

// 1e-400 (below the smallest double) and 1e400 are refused with the words an
// edge list's weight uses.
TEST(Spec, NumbersOutOfDoubleRangeAreNotFinite) {
  const Spec spec("trust", "const:1e-400");
  for (const char* value : {"1e-400", "1e400", "nan", "x"}) {
    try {
      spec.parse_double("P", value, 0, 1);
      ADD_FAILURE() << value;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("is not a finite number"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace koubei
