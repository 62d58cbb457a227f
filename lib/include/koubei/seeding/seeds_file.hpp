#pragma once
// A seeds file: original node ids, one per line, in the order chosen, after
// one header line that says how they were chosen:
//
//   # koubei seeds: method=imm:k=50,epsilon=0.1,ell=1,rule=ic; graph=...; estimate=746.2; ...
//
// The header is a comment to every reader of seeds files (model/seeds.hpp
// skips lines starting with '#'); `koubei estimate` reads it to learn the
// rule and method. Fields are `key=value` separated by ';'; a value holds
// no ';', line break, space, tab or '%' but as %3B, %0A, %0D, %20, %09 and
// %25 (so that no value loses the spaces around it to the reader's trim).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "koubei/graph/graph.hpp"

namespace koubei {

struct SeedsFileHeader {
  std::vector<std::pair<std::string, std::string>> fields;  // in order

  std::optional<std::string> get(std::string_view key) const;
  /// Throws InputError for a key other than lower-case letters, digits, '-'
  /// and '_' (what the reader accepts).
  void set(std::string key, std::string value);
};

/// The header line (without its line break).
std::string format_seeds_header(const SeedsFileHeader& header);
/// nullopt for a line that is not a koubei seeds header (any other comment);
/// InputError for a header whose fields are malformed (naming the field).
std::optional<SeedsFileHeader> parse_seeds_header(std::string_view line);
/// The header of the file at `path`, if its first line is one. Throws
/// InputError naming the file for a file that cannot be read, a malformed
/// header or one longer than 64 KiB.
std::optional<SeedsFileHeader> read_seeds_header(const std::string& path);

/// The whole file: the header, then the seeds' original ids.
std::string seeds_file_text(const Graph& graph, std::span<const NodeId> seeds,
                            const SeedsFileHeader& header);

}  // namespace koubei
