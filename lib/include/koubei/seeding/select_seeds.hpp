#pragma once
// The library's entry point for seed selection: a graph (with the trust the
// selection assumes), a rule, a seeding spec, a master seed and threads in;
// the seeds, in the order chosen, and what the method can say of them out.
// The seeds depend on nothing but the inputs and the master seed, not on the
// number of threads.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/seeding/seeding_spec.hpp"

namespace koubei {

struct SeedSelection {
  std::vector<NodeId> seeds;  // internal node ids, in the order chosen
  SeedingSpec spec;           // with the rule written out
  InfluenceRule rule = InfluenceRule::kIc;
  /// Spread >= ratio x the best k's with probability >= 1 - failure_probability
  /// (imm, opim-c); 0 and 1 for methods without a guarantee.
  double ratio = 0;
  double failure_probability = 1;
  /// The method's own estimate of the spread, biased upward since the seeds
  /// were chosen on the same samples (celf's worlds, the RR sets' coverage);
  /// negative for methods that estimate nothing.
  double own_estimate = -1;
  std::uint64_t rr_sets = 0;     // RR sets drawn
  std::uint64_t peak_bytes = 0;  // of the RR sets and their index
  double seconds = 0;
  /// "(1 - 1/e - 0.1) = 0.532 with probability >= 1 - 1/n^1", "none (heuristic)", ...
  std::string guarantee() const;
};

/// Chooses spec.k() seeds among `candidates` (internal ids; empty: every
/// node). `rule` is the diffusion assumed when the spec names none. Throws
/// InputError if k is larger than the candidates, or for memory that is not
/// there.
SeedSelection select_seeds(const Graph& graph, InfluenceRule rule, const SeedingSpec& spec,
                           std::uint64_t master_seed, unsigned threads,
                           std::span<const NodeId> candidates = {});

}  // namespace koubei
