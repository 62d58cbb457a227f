#include "koubei/io/csv.hpp"

#include <cmath>

namespace koubei {

std::string csv_quote(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

CsvRow& CsvRow::text(std::string_view value) {
  separate();
  out_ += csv_quote(value);
  return *this;
}

CsvRow& CsvRow::number(double value) {
  separate();
  if (std::isnan(value)) {
    out_ += "NaN";
  } else {
    fmt::format_to(std::back_inserter(out_), "{}", value);  // shortest round-trip form
  }
  return *this;
}

void csv_header(std::string& out, std::initializer_list<std::string_view> names) {
  CsvRow row(out);
  for (std::string_view name : names) row.text(name);
  row.end();
}

}  // namespace koubei
