#pragma once
// Breadth-first search over the library's own CSR arrays (Graph::row_starts()
// and Graph::targets()), from many sources at once: the limit a cascade over
// the same graph and seeds can approach, since a cascade is a BFS over the
// live arcs.
//
// Two kernels:
//   top_down   the textbook queue BFS: every frontier node scans its out-arcs.
//   direction_optimizing   Beamer, Asanović and Patterson (SC 2012), as in
//              GAPBS src/bfs.cc: top-down while the frontier is small;
//              bottom-up (every unvisited node scans its in-arcs for a
//              frontier node and stops at the first) once the frontier's
//              out-arcs exceed the unexplored arcs / alpha; back to top-down
//              when the frontier shrinks below n / beta. Bottom-up reads
//              in-arcs; the benchmark graphs are undirected, so a node's
//              out-arcs are its in-arcs.
//
// Both return the arcs "examined" by the benchmarks' yardstick: the sum of
// the out-degrees of the nodes reached (seeds included), the same quantity a
// cascade counts for the nodes it activates, whatever the kernel did.

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"

namespace koubei::bench {

class Bfs {
 public:
  explicit Bfs(const Graph& graph);

  std::uint64_t top_down(std::span<const NodeId> sources);
  /// `undirected` graphs only (in-arcs = out-arcs).
  std::uint64_t direction_optimizing(std::span<const NodeId> sources, int alpha = 15,
                                     int beta = 18);
  /// Nodes reached by the last search.
  std::uint64_t reached() const { return reached_; }

 private:
  std::uint64_t start(std::span<const NodeId> sources);
  std::uint64_t top_down_step(std::uint64_t* scout);
  std::uint64_t bottom_up_step();
  void queue_to_bitmap();
  void bitmap_to_queue();

  const ArcId* rows_;
  const NodeId* targets_;
  NodeId n_;
  std::uint64_t arcs_;
  std::vector<std::uint8_t> visited_;
  std::vector<NodeId> frontier_, next_;
  std::vector<std::uint64_t> front_bits_, next_bits_;
  std::uint64_t reached_ = 0;
  std::uint64_t reached_arcs_ = 0;
};

}  // namespace koubei::bench
