#pragma once
// Loading real edge lists as SNAP and most datasets ship them.
//
// Format: one edge per line, `u v` or `u v w`, fields separated by any mix of
// spaces, tabs and commas; lines starting with `#` or `%` (after optional
// blanks) and blank lines are skipped; a line holding a single id declares
// a node without edges (koubei gen writes these for isolated nodes). Node ids
// are arbitrary unsigned 64-bit integers, mapped to 0..n-1 in ascending order
// of id; the graph keeps the original ids. A file ending in `.gz` is read
// through zlib. The third column is a weight, mapped linearly from
// weight_min..weight_max onto 0..1 and held as the arc's trust; it becomes
// the trust only with the `weight` trust model.

#include <optional>
#include <string>

#include "koubei/graph/builder.hpp"
#include "koubei/graph/graph.hpp"

namespace koubei {

struct EdgeFileOptions {
  std::string path;
  bool directed = true;
  double weight_min = 0.0;  // the weight that maps to trust 0
  double weight_max = 1.0;  // the weight that maps to trust 1
  BuildOptions build;
};

/// Throws InputError naming the file (and the line and text for a malformed
/// line) for a missing, unreadable or malformed file, or one too large for the
/// memory available. Logs (spdlog, info) the counts of dropped self-loops and
/// duplicate arcs.
Graph load_edge_list(const EdgeFileOptions& options);

}  // namespace koubei
