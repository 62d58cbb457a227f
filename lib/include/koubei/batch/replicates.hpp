#pragma once
// Runs a range of replicates of a graph, rule and seeds the caller made, as
// a pipeline of one point (batch/pipeline.hpp) that keeps every replicate
// whole: each result lands in its replicate's slot, so the output never
// depends on the thread count or the timing.

#include <cstdint>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

struct ReplicateRange {
  std::uint64_t master_seed = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;       // inclusive
  std::uint32_t max_steps = 0;  // 0: until nothing changes
  bool trace = false;           // record the referral forest
};

struct BatchResult {
  std::vector<ReplicateResult> replicates;  // ordered by replicate
  std::vector<std::uint32_t> per_thread;    // replicates each thread ran
  double wall_ms = 0;
};

/// Throws after all threads have stopped: Interrupted, or an error naming
/// the first replicate that failed.
BatchResult run_replicates(const Graph& graph, const Rule& rule, const SeedPlan& seeds,
                           const ReplicateRange& range, unsigned threads,
                           const WordOfMouth* model = nullptr);

}  // namespace koubei
