#pragma once
// Community labels from a node attribute file: one `id community` line per
// node (original ids; the community a name or a number; `#` comments; spaces,
// tabs or commas between the fields). Communities are numbered in order of
// first appearance. Nodes the file does not list go into a community named
// `none` (logged as a warning).

#include <string>

#include "koubei/graph/graph.hpp"

namespace koubei {

/// Throws InputError naming the file and line for a malformed line, an id
/// that is not a node, or a node listed twice.
void load_communities(Graph& graph, const std::string& path);

}  // namespace koubei
