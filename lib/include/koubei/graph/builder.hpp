#pragma once
// From an edge list (as generators and loaders produce it) to a Graph:
// arcs grouped by source with a stable counting sort, sorted by target within
// each row, self-loops and duplicate arcs dropped (the first listed is kept)
// unless asked otherwise.

#include <cstdint>
#include <string>
#include <vector>

#include "koubei/graph/graph.hpp"

namespace koubei {

struct EdgeList {
  NodeId num_nodes = 0;
  std::vector<NodeId> sources;
  std::vector<NodeId> targets;
  /// Empty, or one value per edge: held as the arc's trust until a trust
  /// model replaces it (the `weight` model keeps it).
  std::vector<float> weights;
  /// false: each edge u-v becomes the two arcs u->v and v->u.
  bool directed = true;
};

struct BuildOptions {
  bool keep_self_loops = false;
  bool keep_duplicates = false;
  /// Threads for a large graph, each given at least min_edges_per_thread
  /// edges and as many edges as the graph has nodes (each thread holds a
  /// counter per node); the graph is the same for any number.
  unsigned threads = 1;
  std::size_t min_edges_per_thread = std::size_t{1} << 18;
};

/// Consumes `edges` (its vectors are released as soon as they are not needed).
/// Throws InputError if the graph would exceed 2^32 - 1 arcs or the memory
/// available.
Graph build_graph(EdgeList&& edges, const BuildOptions& options, std::string source);

/// Bytes build_graph needs at its peak for `arcs` arcs and `nodes` nodes.
std::uint64_t build_peak_bytes(std::uint64_t nodes, std::uint64_t arcs, unsigned threads = 1);

}  // namespace koubei
