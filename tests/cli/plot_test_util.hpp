#pragma once
// What the plot and report tests share: command lines built from a base,
// and reading back the data and series of a gnuplot drawing.

#include <initializer_list>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace koubei_cli_test {

inline std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

/// The rows of a gnuplot data file's block `index`, as numbers, the way
/// gnuplot counts blocks: two or more blank lines between data rows start
/// the next block, and '#' comment lines are ignored (so a block of only a
/// comment is no block at all).
inline std::vector<std::vector<double>> data_block(const std::string& text, std::size_t index) {
  std::vector<std::vector<double>> rows;
  std::istringstream lines(text);
  std::string line;
  std::size_t block = 0, blanks = 0;
  bool any_row = false;
  while (std::getline(lines, line)) {
    if (line.empty()) {
      ++blanks;
      continue;
    }
    if (line[0] == '#') continue;
    if (any_row && blanks >= 2) ++block;
    blanks = 0;
    any_row = true;
    if (block != index) continue;
    std::istringstream fields(line);
    std::vector<double> row;
    for (double x; fields >> x;) row.push_back(x);
    rows.push_back(row);
  }
  return rows;
}

/// Every titled series of a gnuplot script: title -> colour.
inline std::map<std::string, std::string> titled_series(const std::string& script) {
  std::map<std::string, std::string> out;
  const std::regex titled(R"(linecolor rgb '(#[0-9a-f]{6})' title '([^']+)')");
  for (std::sregex_iterator m(script.begin(), script.end(), titled), end; m != end; ++m) out[(*m)[2]] = (*m)[1];
  return out;
}

}  // namespace koubei_cli_test
