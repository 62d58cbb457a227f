#pragma once
// The loop every cascade rule shares (Ligra's edgeMap): each node of a
// frontier, in order, with its out-arcs as the index range [begin, end).
// Row starts and first arcs are prefetched a few nodes ahead: a cascade's
// frontier is scattered over the graph, so each node would otherwise cost two
// or three cache misses in a row (row start, then its arcs), which dominated
// the profile (benchmarks/README.md).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "koubei/graph/graph.hpp"
#include "koubei/state/step_context.hpp"

namespace koubei {

namespace detail {

// Every line of w's targets and trust (each unless null), up to four lines:
// a row of ten arcs at an arbitrary offset spans two lines half of the time.
[[gnu::always_inline]] inline void prefetch_row_arcs(const ArcId* rows, const NodeId* targets,
                                                     const float* trust, NodeId w) {
  constexpr ArcId kPerLine = 16;  // 4-byte targets (and trust) per 64-byte line
  constexpr ArcId kMaxLines = 4;
  const ArcId begin = rows[w];
  const ArcId end = std::min<ArcId>(rows[w + 1], begin + kMaxLines * kPerLine);
  for (ArcId x = begin; x < end; x += kPerLine) {
    if (targets != nullptr) __builtin_prefetch(targets + x);
    if (trust != nullptr) __builtin_prefetch(trust + x);
  }
  if (end > begin) {  // the line of the last arc, which the loop may skip
    if (targets != nullptr) __builtin_prefetch(targets + end - 1);
    if (trust != nullptr) __builtin_prefetch(trust + end - 1);
  }
}

}  // namespace detail

/// What for_each_frontier_row asks the cache for ahead of each row.
enum class RowPrefetch {
  kRowStart,         // the row's bounds only: the rule reads few of its arcs
  kTrust,            // and its trust, not its targets (the rule reads few of them)
  kTargets,          // and its targets
  kTargetsAndTrust,  // and their trust
};

/// Ignores a row ahead (the default of for_each_frontier_row).
struct NoRowAhead {
  void operator()(ArcId, ArcId) const {}
};

/// Calls visit(u, begin, end) for every u in `frontier`; returns the number
/// of arcs the frontier holds (the arcs a rule examines). `prefetch` says
/// what of each row the rule reads (all of it by default). `ahead(begin,
/// end)` is called for the row of the node a few places on, once its arcs
/// should be in cache: a rule prefetches there what it will read per target.
template <class VisitRow, class RowAhead = NoRowAhead>
std::uint64_t for_each_frontier_row(const Graph& graph, std::span<const NodeId> frontier,
                                    VisitRow&& visit,
                                    RowPrefetch prefetch = RowPrefetch::kTargetsAndTrust,
                                    RowAhead&& ahead = {}) {
  constexpr std::size_t kRowAhead = 12;     // row start of the node this far on
  constexpr std::size_t kArcsAhead = 6;     // targets and trust this far on
  constexpr std::size_t kTargetsAhead = 3;  // what the rule reads per target, this far on
  const ArcId* rows = graph.row_starts().data();
  // The arrays whose lines are prefetched ahead (null: not prefetched).
  const bool arcs_ahead = prefetch != RowPrefetch::kRowStart;
  const NodeId* targets = prefetch == RowPrefetch::kTrust ? nullptr : graph.targets().data();
  const bool with_trust =
      prefetch == RowPrefetch::kTargetsAndTrust || prefetch == RowPrefetch::kTrust;
  const float* trust = with_trust ? graph.trust().data() : nullptr;
  const std::size_t size = frontier.size();
  // The first nodes have nobody before them to hide their misses behind: ask
  // for all their row starts at once, then for their arcs.
  for (std::size_t i = 0; i < size && i < kRowAhead; ++i) __builtin_prefetch(rows + frontier[i]);
  for (std::size_t i = 0; arcs_ahead && i < size && i < kArcsAhead; ++i)
    detail::prefetch_row_arcs(rows, targets, trust, frontier[i]);
  for (std::size_t i = 0; i < size && i < kTargetsAhead; ++i)
    ahead(rows[frontier[i]], rows[frontier[i] + 1]);
  std::uint64_t arcs = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (i + kRowAhead < size) __builtin_prefetch(rows + frontier[i + kRowAhead]);
    if (arcs_ahead && i + kArcsAhead < size)
      detail::prefetch_row_arcs(rows, targets, trust, frontier[i + kArcsAhead]);
    if (i + kTargetsAhead < size) {
      const NodeId w = frontier[i + kTargetsAhead];
      ahead(rows[w], rows[w + 1]);
    }
    const NodeId u = frontier[i];
    const ArcId begin = rows[u], end = rows[u + 1];
    arcs += end - begin;
    visit(u, begin, end);
  }
  return arcs;
}

/// The frontier's referrals that can still count, for rules that add them
/// up (bass neighbours, complex contagion): referral(u, a, v, trust) for
/// every arc a = u -> v of the frontier whose effective trust is not 0 and
/// whose target can still adopt. Returns the arcs the frontier holds.
template <class Referral>
std::uint64_t for_each_open_referral(const Graph& graph, const StepContext& context,
                                     Referral&& referral) {
  const Population& population = context.population();
  const NodeId* targets = graph.targets().data();
  return for_each_frontier_row(graph, population.frontier(), [&](NodeId u, ArcId begin, ArcId end) {
    for (ArcId a = begin; a < end; ++a) {
      const NodeId v = targets[a];
      const float trust = context.trust(a, u, v);
      if (trust != 0.0f && population.can_adopt(v)) referral(u, a, v, trust);
    }
  });
}

}  // namespace koubei
