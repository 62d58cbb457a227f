#include "koubei/seeding/spread_estimate.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/seeding/ris.hpp"
#include "koubei/seeding/rr_sets.hpp"

namespace koubei {

SpreadEstimate monte_carlo_spread(const Graph& graph, InfluenceRule rule,
                                  std::span<const NodeId> seeds, std::uint64_t runs,
                                  std::uint64_t master_seed, unsigned threads) {
  for (NodeId v : seeds)
    if (v >= graph.num_nodes())
      throw InputError(fmt::format("seed {} is not a node of the graph", v));
  if (runs == 0 || runs > 0xFFFFFFFFu)
    throw InputError(fmt::format("{} Monte Carlo runs: expected 1 to 4294967295", runs));
  require_memory(runs * sizeof(std::uint64_t), "the Monte Carlo runs' results");
  const std::unique_ptr<Rule> cascade = make_rule(influence_rule_name(rule), graph);
  const SeedPlan plan = SeedPlan::fixed({seeds.begin(), seeds.end()});
  std::vector<std::uint64_t> reached(runs, 0);
  constexpr std::uint64_t kChunk = 64;
  std::atomic<std::uint64_t> next{0};
  run_parts(std::max(threads, 1u), [&](unsigned) {
    Simulation simulation(graph, *cascade);
    for (std::uint64_t first; (first = next.fetch_add(kChunk)) < runs;) {
      if (interrupt_requested()) return;
      for (std::uint64_t r = first; r < std::min(runs, first + kChunk); ++r) {
        const ReplicateSpec spec{master_seed, static_cast<std::uint32_t>(r), 0, false};
        reached[r] = simulation.run(spec, plan).ever_adopted;
      }
    }
  });
  throw_if_interrupted();
  // Summed in replicate order: the same doubles on any number of threads.
  const double n = static_cast<double>(runs);
  double sum = 0;
  for (std::uint64_t x : reached) sum += static_cast<double>(x);
  SpreadEstimate estimate;
  estimate.samples = runs;
  estimate.mean = sum / n;
  if (runs > 1) {
    double squares = 0;
    for (std::uint64_t x : reached) squares += (static_cast<double>(x) - estimate.mean) * (static_cast<double>(x) - estimate.mean);
    estimate.standard_error = std::sqrt(squares / (n - 1) / n);
  }
  return estimate;
}

SpreadEstimate rr_spread(const InfluenceGraph& graph, std::span<const NodeId> seeds,
                         std::uint64_t sets, std::uint64_t master_seed, unsigned threads) {
  for (NodeId v : seeds)
    if (v >= graph.num_nodes())
      throw InputError(fmt::format("seed {} is not a node of the graph", v));
  if (sets == 0) throw InputError("an RR estimate needs at least one RR set");
  RrSets fresh(graph, master_seed, kEstimateSets);
  fresh.grow_to(sets, threads);
  const double share =
      static_cast<double>(fresh.count_covered(seeds, threads)) / static_cast<double>(sets);
  const double n = graph.num_nodes();
  SpreadEstimate estimate;
  estimate.samples = sets;
  estimate.mean = n * share;
  estimate.standard_error = n * std::sqrt(share * (1 - share) / static_cast<double>(sets));
  return estimate;
}

}  // namespace koubei
