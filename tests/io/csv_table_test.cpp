// CsvTable: a CSV with a header, read back with errors naming file and line.

#include "koubei/io/csv_table.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

std::string error_of(std::string_view text) {
  try {
    const CsvTable table = CsvTable::parse(text, "f.csv");
    for (std::size_t r = 0; r < table.rows(); ++r)
      for (std::size_t c = 0; c < table.header().size(); ++c) (void)table.number(r, c);
    (void)table.column("b");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CsvTable, ReadsHeaderAndRows) {
  const CsvTable t = CsvTable::parse("a,b\r\n1,\"2.5\"\n\n-3,4e2\n", "f.csv");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.header(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.number(0, t.column("b")), 2.5);
  EXPECT_EQ(t.number(1, 0), -3);
  EXPECT_EQ(t.number(1, 1), 400);
  EXPECT_EQ(t.line(1), 4u);
  EXPECT_FALSE(t.has("c"));
}

TEST(CsvTable, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(error_of(""), "f.csv: empty, no header row");
  EXPECT_EQ(error_of("a,b\n1,2,3\n"), "f.csv:2: 3 fields where the header has 2");
  EXPECT_EQ(error_of("a,b\n1,\"2\n"), "f.csv:2: a quoted field is not closed");
  EXPECT_EQ(error_of("a,b\n1,2\n3,x\n"), "f.csv:3: b 'x' is not a number");
  EXPECT_EQ(error_of("a,b\n1,nan\n"), "f.csv:2: b 'nan' is not a number");
  EXPECT_EQ(error_of("a,c\n1,2\n"), "f.csv: no column 'b'");
  EXPECT_EQ(error_of("a,b\n1,2\n"), "");
}

TEST(CsvTable, ACountIsAWholeNumberThatFitsInThirtyTwoBits) {
  const CsvTable t = CsvTable::parse("n\n0\n4294967295\n7.0\n-1\n0.5\n4294967296\n1e300\n", "f.csv");
  EXPECT_EQ(t.count(0, 0), 0u);
  EXPECT_EQ(t.count(1, 0), 4294967295u);
  EXPECT_EQ(t.count(2, 0), 7u);
  for (std::size_t row : {3, 4, 5, 6}) {
    try {
      (void)t.count(row, 0);
      ADD_FAILURE() << "row " << row << " accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), fmt::format("f.csv:{}: n {} is not a count", row + 2, t.text(row, 0)));
    }
  }
}

}  // namespace
}  // namespace koubei
