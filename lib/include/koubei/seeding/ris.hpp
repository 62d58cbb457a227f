#pragma once
// Seed selection by reverse influence sampling, with a guarantee.
//
// IMM (Tang, Shi and Xiao, SIGMOD 2015): a first phase finds a lower bound
// LB on the best spread, then theta = lambda* / LB sets decide the seeds by
// greedy coverage; the seeds spread at least (1 - 1/e - epsilon) times the
// best k with probability at least 1 - 1/n^ell (the selection takes
// 1/n^ell2 of it, ell2 = ell (1 + ln 2 / ln n) as in the paper, the lower
// bound the rest). Following Chen's correction (arXiv 1808.09363, 2018),
// the theta sets are drawn afresh (another collection): the guarantee
// needs them independent of LB. The paper's argument needs of LB only
// that it is at most the best spread; koubei's first phase finds it as
// OPIM-C bounds a spread (below), not by the paper's halving test, whose
// LB is the greedy estimate over (1 + epsilon'): greedy coverage on one
// collection picks k seeds and a second, independent one bounds their
// spread from below; both double, from 1024 sets, while the sets a tighter
// LB would save the selection outnumber those the doubling draws. On
// ca-GrQc (k = 50, epsilon = 0.1) LB is 625 where the halving test's was
// 551 (the best spread is about 750): 32k + 404k sets in all instead of
// 85k + 458k.
//
// OPIM-C (Tang, Tang, Xiao and Yuan, SIGMOD 2018): two independent
// collections R1 and R2, doubled until the ratio it can certify reaches
// 1 - 1/e - epsilon: greedy coverage on R1 picks the seeds, R2 bounds their
// spread from below and R1 bounds the best spread from above (with the
// martingale tail bounds of the paper, at failure probability
// delta = 1/n^ell in all); it stops early on instances where greedy is
// clearly near the best, and at worst draws as many sets as a fixed bound
// needs for the guarantee. The ratio it reports is the one it proved.
//
// Both sample RR sets with subset sampling under ic (rr_sets.hpp), on as
// many threads as asked; the seeds depend only on the master seed. Before
// a collection grows, the memory it will need (from the sets drawn so far)
// is checked, and a request that does not fit is refused naming the
// epsilon that would.
//
// Collections (the replicate number of the RR-set stream): 0, 5 and 1 IMM's
// lower bound's two and its selection, 2 and 3 OPIM-C's R1 and R2, 4
// estimates (spread_estimate.hpp).

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/seeding/influence_graph.hpp"

namespace koubei {

struct RisSelection {
  std::vector<NodeId> seeds;
  /// The approximation ratio certified, and the chance that it fails.
  double ratio = 0;
  double failure_probability = 1;
  /// The spread the selection's own sets give its seeds (biased upward).
  double coverage_spread = 0;
  /// imm: the lower bound on the best spread its first phase found.
  double lower_bound = 0;
  std::uint64_t sets_drawn = 0;   // over all collections
  std::uint64_t peak_bytes = 0;   // RR sets and their index at the largest
};

/// `allowed`: one flag per node, or empty for every node; k <= allowed nodes.
RisSelection select_imm(const InfluenceGraph& graph, std::uint64_t k, double epsilon, double ell,
                        std::span<const char> allowed, std::uint64_t master_seed, unsigned threads);
RisSelection select_opim_c(const InfluenceGraph& graph, std::uint64_t k, double epsilon,
                           double ell, std::span<const char> allowed, std::uint64_t master_seed,
                           unsigned threads);

/// ln C(n, k).
double log_binomial(double n, double k);

/// IMM's constants for n nodes, k of `candidates` to choose: lambda* (the
/// selection's sets are lambda* / LB), and the failure probability left to
/// the lower bound (1/n^ell less the selection's 1/n^ell2).
struct ImmConstants {
  double lambda_star = 0;
  double bound_failure = 0;
};
ImmConstants imm_constants(double n, double candidates, double k, double epsilon, double ell);

/// Collections of the RR-set stream.
inline constexpr std::uint32_t kImmSamplingSets = 0;
inline constexpr std::uint32_t kImmSelectionSets = 1;
inline constexpr std::uint32_t kOpimSelectionSets = 2;
inline constexpr std::uint32_t kOpimCheckSets = 3;
inline constexpr std::uint32_t kEstimateSets = 4;
inline constexpr std::uint32_t kImmCheckSets = 5;

}  // namespace koubei
