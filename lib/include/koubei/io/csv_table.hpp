#pragma once
// A CSV file with a header row, read whole: what `koubei plot` and `koubei
// report` read back from an output directory. Every error names the file
// and line: a file a user edited, cut short or replaced is input like any.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace koubei {

class CsvTable {
 public:
  /// Reads `path`; throws InputError naming the file (and line) when it
  /// cannot be read, has no header, or a row's field count differs from
  /// the header's.
  static CsvTable read(const std::filesystem::path& path);
  /// The same from text; `name` stands for the file in messages.
  static CsvTable parse(std::string_view text, const std::string& name);

  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return rows_.size(); }
  bool has(std::string_view column) const { return find(column).has_value(); }
  /// The column's index; throws InputError naming the file when it is absent.
  std::size_t column(std::string_view name) const;
  std::optional<std::size_t> find(std::string_view name) const;

  const std::string& text(std::size_t row, std::size_t column) const { return rows_[row].fields[column]; }
  /// The field as a finite number; throws InputError naming file, line and
  /// column when it is not one.
  double number(std::size_t row, std::size_t column) const;
  /// The field as a count (a whole number from 0 to 2^32 - 1: a run,
  /// replicate or step); throws InputError naming file, line and column
  /// when it is not one.
  std::uint32_t count(std::size_t row, std::size_t column) const;
  /// The file's line of a row, for messages.
  std::size_t line(std::size_t row) const { return rows_[row].line; }
  const std::string& name() const { return name_; }

 private:
  struct Row {
    std::size_t line = 0;
    std::vector<std::string> fields;
  };
  std::string name_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace koubei
