#pragma once
// Loading real edge lists as SNAP and most datasets ship them.
//
// Format: one edge per line, `u v` or `u v w`, fields separated by any mix of
// spaces, tabs and commas; CRLF line ends and a last line without a newline
// are fine; lines starting with `#` or `%` (after optional blanks) and blank
// lines are skipped; a line holding a single id declares a node without edges
// (koubei gen writes these for isolated nodes). Node ids are arbitrary
// unsigned 64-bit integers, mapped to 0..n-1 in ascending order of id; the
// graph keeps the original ids (Graph::original_id, Graph::find_node), or
// none when they are exactly 0..n-1 and the mapping is the identity. Gzip
// files (`.gz`, detected by content) are read through zlib.
//
// The third column is a weight (any finite double, e.g. a rating in
// -10..10): either every edge line has one or none does. It is mapped
// linearly, trust = (w - weight_min) / (weight_max - weight_min), stored
// unclamped as the arc's trust, and becomes the trust only with the `weight`
// trust model. GraphInfo::first_weight_out_of_range holds the first line
// whose trust falls outside [0,1], as "path:line: weight W maps to trust T,
// outside [0,1]", for that model to report.

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

/// The graph's source is "file:" + path. Throws InputError naming the file
/// (as "path:line: malformed line 'text': reason" for a bad line) for a
/// missing, unreadable, empty (no edges, no nodes) or malformed file, a
/// weight range with weight_max <= weight_min, or a file too large for the
/// memory available. Logs (spdlog, info) nodes, arcs and the counts of
/// dropped self-loops and duplicate arcs.
Graph load_edge_list(const EdgeFileOptions& options);

}  // namespace koubei
