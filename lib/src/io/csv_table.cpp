#include "koubei/io/csv_table.hpp"

#include <fmt/format.h>

#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {

CsvTable CsvTable::read(const std::filesystem::path& path) {
  return parse(read_text_file(path), path.string());
}

CsvTable CsvTable::parse(std::string_view text, const std::string& name) {
  CsvTable table;
  table.name_ = name;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto fields = split_csv_line(line);
    if (!fields) throw InputError(fmt::format("{}:{}: a quoted field is not closed", name, number));
    if (table.header_.empty()) {
      table.header_ = std::move(*fields);
      continue;
    }
    if (fields->size() != table.header_.size())
      throw InputError(fmt::format("{}:{}: {} fields where the header has {}", name, number,
                                   fields->size(), table.header_.size()));
    table.rows_.push_back({number, std::move(*fields)});
  }
  if (table.header_.empty()) throw InputError(fmt::format("{}: empty, no header row", name));
  return table;
}

std::optional<std::size_t> CsvTable::find(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

std::size_t CsvTable::column(std::string_view name) const {
  if (const auto i = find(name)) return *i;
  throw InputError(fmt::format("{}: no column '{}'", name_, name));
}

double CsvTable::number(std::size_t row, std::size_t column) const {
  const std::string& field = rows_[row].fields[column];
  const std::optional<double> value = parse_double(field);
  if (!value || !std::isfinite(*value))
    throw InputError(fmt::format("{}:{}: {} '{}' is not a number", name_, rows_[row].line, header_[column],
                                 field));
  return *value;
}

std::uint32_t CsvTable::count(std::size_t row, std::size_t column) const {
  const double value = number(row, column);
  if (value < 0 || value != std::floor(value) || value > 4294967295.0)
    throw InputError(fmt::format("{}:{}: {} {} is not a count", name_, rows_[row].line, header_[column],
                                 rows_[row].fields[column]));
  return static_cast<std::uint32_t>(value);
}

}  // namespace koubei
