// CsvTable: a CSV with a header, read back with errors naming file and line.

#include "koubei/io/csv_table.hpp"

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

}  // namespace
}  // namespace koubei
