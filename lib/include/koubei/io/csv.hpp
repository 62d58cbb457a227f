#pragma once
// CSV rows as RFC 4180 wants them: comma-separated, fields quoted (with
// doubled quotes inside) when they hold a comma, quote or line break, CRLF
// not required (koubei writes LF). Floating-point values are printed in the
// shortest form that reads back to the same double.

#include <fmt/format.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace koubei {

class CsvRow {
 public:
  explicit CsvRow(std::string& out) : out_(out) {}

  CsvRow& text(std::string_view value);
  template <std::integral T>
  CsvRow& number(T value) {
    separate();
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }
  CsvRow& number(double value);
  /// Ends the row with a newline.
  void end() { out_.push_back('\n'); }

 private:
  void separate() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

/// Appends a header row of plain names.
void csv_header(std::string& out, std::initializer_list<std::string_view> names);

/// The fields of one CSV line (no line breaks inside quotes), or nothing
/// when a quote is not closed or a closing quote is followed by more text.
std::optional<std::vector<std::string>> split_csv_line(std::string_view line);

/// The field as it appears in the file: quoted if it needs to be.
std::string csv_quote(std::string_view value);

}  // namespace koubei
