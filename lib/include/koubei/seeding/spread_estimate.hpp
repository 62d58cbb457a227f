#pragma once
// The expected spread of a seed set (users who ever adopt, seeds included),
// estimated two independent ways:
//
// - Monte Carlo: `runs` replicates of the rule itself (`ic` or `lt`, the
//   engine of model/simulation.hpp), replicate r exactly as `koubei run
//   --seeds-file ... --rng-seed SEED` runs replicate r; the mean of the
//   replicates' adopters and its standard error.
// - RR sets: n times the share of `sets` fresh RR sets (collection 4 of the
//   RR stream, never used to select seeds) that the seeds meet; standard
//   error n sqrt(F (1 - F) / sets).
//
// Both are deterministic for a seed on any number of threads.

#include <cstdint>
#include <span>

#include "koubei/graph/graph.hpp"
#include "koubei/seeding/influence_graph.hpp"

namespace koubei {

struct SpreadEstimate {
  double mean = 0;
  double standard_error = 0;
  std::uint64_t samples = 0;
  /// Half-width of the 95% normal interval.
  double half_width() const { return 1.959963984540054 * standard_error; }
};

/// Throws InputError if a seed is not a node of the graph.
SpreadEstimate monte_carlo_spread(const Graph& graph, InfluenceRule rule,
                                  std::span<const NodeId> seeds, std::uint64_t runs,
                                  std::uint64_t master_seed, unsigned threads);
SpreadEstimate rr_spread(const InfluenceGraph& graph, std::span<const NodeId> seeds,
                         std::uint64_t sets, std::uint64_t master_seed, unsigned threads);

}  // namespace koubei
