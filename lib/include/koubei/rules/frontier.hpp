#pragma once
// The loop every cascade rule shares (Ligra's edgeMap): each node of a
// frontier, in order, with its out-arcs as the index range [begin, end).
// Row starts and first arcs are prefetched a few nodes ahead: a cascade's
// frontier is scattered over the graph, so each node would otherwise cost two
// or three cache misses in a row (row start, then its arcs), which dominated
// the profile (benchmarks/README.md).

#include <cstddef>
#include <cstdint>
#include <span>

#include "koubei/graph/graph.hpp"

namespace koubei {

/// Calls visit(u, begin, end) for every u in `frontier`; returns the number
/// of arcs the frontier holds (the arcs a rule examines).
template <class VisitRow>
std::uint64_t for_each_frontier_row(const Graph& graph, std::span<const NodeId> frontier,
                                    VisitRow&& visit) {
  constexpr std::size_t kRowAhead = 16;  // row start of the node this far on
  constexpr std::size_t kArcsAhead = 8;  // first target and trust this far on
  const ArcId* rows = graph.row_starts().data();
  const NodeId* targets = graph.targets().data();
  const float* trust = graph.trust().data();
  const std::size_t size = frontier.size();
  std::uint64_t arcs = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (i + kRowAhead < size) __builtin_prefetch(rows + frontier[i + kRowAhead]);
    if (i + kArcsAhead < size) {
      const ArcId ahead = rows[frontier[i + kArcsAhead]];
      __builtin_prefetch(targets + ahead);
      __builtin_prefetch(trust + ahead);
    }
    const NodeId u = frontier[i];
    const ArcId begin = rows[u], end = rows[u + 1];
    arcs += end - begin;
    visit(u, begin, end);
  }
  return arcs;
}

}  // namespace koubei
