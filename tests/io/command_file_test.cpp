// command.txt: the command line as a POSIX shell reads it back.

#include "koubei/io/command_file.hpp"

#include <gtest/gtest.h>

namespace koubei {
namespace {

TEST(ShellQuote, LeavesSafeWordsAndQuotesTheRest) {
  EXPECT_EQ(shell_quote("er:n=1000,k=4"), "er:n=1000,k=4");
  EXPECT_EQ(shell_quote("--out"), "--out");
  EXPECT_EQ(shell_quote("a/b.ini"), "a/b.ini");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("ic;lt"), "'ic;lt'");
  EXPECT_EQ(shell_quote("low: trust=const:0.1"), "'low: trust=const:0.1'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("$HOME"), "'$HOME'");
  EXPECT_EQ(shell_quote("a\nb"), "'a\nb'");
}

TEST(CommandLine, IsRecordedQuoted) {
  const char* argv[] = {"koubei", "compare", "--rules", "ic;lt", "--out", "c"};
  record_command_line(6, argv);
  EXPECT_EQ(recorded_command_line(), "koubei compare --rules 'ic;lt' --out c");
  record_command_line(0, argv);
  EXPECT_EQ(recorded_command_line(), "");
}

}  // namespace
}  // namespace koubei
