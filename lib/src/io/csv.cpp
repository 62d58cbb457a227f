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


std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ',') {
      fields.emplace_back();
    } else if (c == '"' && fields.back().empty()) {
      // A quoted field: up to the closing quote; "" stands for one quote.
      for (++i;; ++i) {
        if (i >= line.size()) return std::nullopt;
        if (line[i] != '"') {
          fields.back() += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else {
          break;
        }
      }
      if (i + 1 < line.size() && line[i + 1] != ',') return std::nullopt;
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace koubei
