// What an error message quotes reaches the terminal safely.

#include "koubei/core/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace koubei {
namespace {

TEST(PrintableMessage, EscapesControlAndInvalidBytesAndKeepsUtf8) {
  EXPECT_EQ(printable_message("plain text, 1 2 3"), "plain text, 1 2 3");
  EXPECT_EQ(printable_message(std::string("a\nb\x1b[2Jc\x00", 9)), "a\\x0Ab\\x1B[2Jc\\x00");
  EXPECT_EQ(printable_message("Erd\xC5\x91s \xE5\x8F\xA3\xE7\xA2\x91"),
            "Erd\xC5\x91s \xE5\x8F\xA3\xE7\xA2\x91");                      // UTF-8 kept
  EXPECT_EQ(printable_message("\xFF\xC5 \xE5\x8F"), "\\xFF\\xC5 \\xE5\\x8F");  // not UTF-8
}

TEST(PrintableMessage, CutsALongMessageInTheMiddle) {
  const std::string huge = "head " + std::string(10'000'000, 'x') + " tail";
  const std::string shown = printable_message(huge, 200);
  EXPECT_LT(shown.size(), 300u);
  EXPECT_EQ(shown.rfind("head ", 0), 0u);
  EXPECT_EQ(shown.substr(shown.size() - 5), " tail");
  EXPECT_NE(shown.find("[9999810 bytes left out]"), std::string::npos) << shown;
}

}  // namespace
}  // namespace koubei
