#include "koubei/io/csv.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"

namespace koubei {
namespace {

TEST(Csv, QuotesOnlyWhatNeedsQuoting) {
  EXPECT_EQ(csv_quote("ic"), "ic");
  EXPECT_EQ(csv_quote("bass:p=0.01,q=0.3"), "\"bass:p=0.01,q=0.3\"");
  EXPECT_EQ(csv_quote("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_quote("two\nlines"), "\"two\nlines\"");
}

TEST(Csv, RowsJoinFieldsAndNumbersReadBackExactly) {
  std::string out;
  const double x = 0.1 + 0.2;
  CsvRow(out).number(1).text("a,b").number(x).number(std::uint64_t{18446744073709551615ULL}).end();
  std::string expected_prefix = "1,\"a,b\",";
  ASSERT_EQ(out.substr(0, expected_prefix.size()), expected_prefix);
  std::string number = out.substr(expected_prefix.size(), out.find(',', expected_prefix.size()) -
                                                              expected_prefix.size());
  double back = 0;
  std::from_chars(number.data(), number.data() + number.size(), back);
  EXPECT_EQ(back, x);
  EXPECT_EQ(out.back(), '\n');
  EXPECT_NE(out.find("18446744073709551615"), std::string::npos);
}

using Fields = std::vector<std::string>;

TEST(SplitCsvLine, PlainFields) {
  EXPECT_EQ(split_csv_line("rule,seeds,trust"), (Fields{"rule", "seeds", "trust"}));
  EXPECT_EQ(split_csv_line("ic"), (Fields{"ic"}));
  EXPECT_EQ(split_csv_line(" a , b"), (Fields{" a ", " b"}));  // spaces are kept
}

TEST(SplitCsvLine, QuotedFieldsMayHoldCommas) {
  EXPECT_EQ(split_csv_line("\"bass:p=0.01,q=0.3\",5"), (Fields{"bass:p=0.01,q=0.3", "5"}));
  EXPECT_EQ(split_csv_line("1,\"a,b,c\""), (Fields{"1", "a,b,c"}));
}

TEST(SplitCsvLine, DoubledQuotesStandForOne) {
  EXPECT_EQ(split_csv_line("\"say \"\"hi\"\"\",x"), (Fields{"say \"hi\"", "x"}));
  EXPECT_EQ(split_csv_line("\"\"\"\""), (Fields{"\""}));
}

TEST(SplitCsvLine, EmptyFields) {
  EXPECT_EQ(split_csv_line(""), (Fields{""}));
  EXPECT_EQ(split_csv_line(","), (Fields{"", ""}));
  EXPECT_EQ(split_csv_line("a,,b,"), (Fields{"a", "", "b", ""}));
  EXPECT_EQ(split_csv_line("\"\",x"), (Fields{"", "x"}));
}

TEST(SplitCsvLine, ATrailingCarriageReturnIsDropped) {
  EXPECT_EQ(split_csv_line("a,b\r"), (Fields{"a", "b"}));
  EXPECT_EQ(split_csv_line("\"a,b\"\r"), (Fields{"a,b"}));
}

TEST(SplitCsvLine, AnUnclosedQuoteIsRefused) {
  EXPECT_FALSE(split_csv_line("\"abc"));
  EXPECT_FALSE(split_csv_line("a,\"b,c"));
  EXPECT_FALSE(split_csv_line("\"abc\"\"")); // the last quote is an escaped one
}

TEST(SplitCsvLine, TextAfterAClosingQuoteIsRefused) {
  EXPECT_FALSE(split_csv_line("\"abc\"d,e"));
  EXPECT_FALSE(split_csv_line("x,\"abc\" "));
}

TEST(SplitCsvLine, ReadsBackWhatCsvQuoteWrites) {
  for (std::string value : {"ic", "bass:p=0.01,q=0.3", "say \"hi\"", "", ","}) {
    const auto fields = split_csv_line(csv_quote(value) + "," + csv_quote(value));
    ASSERT_TRUE(fields) << value;
    EXPECT_EQ(*fields, (Fields{value, value}));
  }
}

TEST(AtomicFile, TargetAppearsOnlyOnCommit) {
  auto dir = std::filesystem::temp_directory_path() / "koubei_atomic_test";
  std::filesystem::create_directories(dir);
  auto target = dir / "out.csv";
  write_file_atomically(target, "old\n");
  {
    AtomicFile file(target);
    file.write("half");
    // Destroyed without commit: like an error or an interrupt mid-write.
  }
  std::ifstream in(target);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "old\n");
  int entries = 0;
  for ([[maybe_unused]] auto& entry : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1);  // no temporary left behind
  {
    AtomicFile file(target);
    file.write("new\n");
    file.commit();
  }
  std::ifstream again(target);
  std::stringstream text2;
  text2 << again.rdbuf();
  EXPECT_EQ(text2.str(), "new\n");
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, UnwritableDirectoryIsAnInputError) {
  EXPECT_THROW(AtomicFile("/nonexistent/dir/out.csv"), InputError);
}

}  // namespace
}  // namespace koubei
