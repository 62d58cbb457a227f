#include "koubei/seeding/select_seeds.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/seeding/celf.hpp"
#include "koubei/seeding/heuristics.hpp"
#include "koubei/seeding/influence_graph.hpp"
#include "koubei/seeding/ris.hpp"

namespace koubei {

std::string SeedSelection::guarantee() const {
  if (ratio <= 0) return "none (a heuristic)";
  if (failure_probability <= 0) return "exact (every candidate is a seed)";
  const char* how = spec.method() == SeedingMethod::kImm
                        ? "IMM's bound"
                        : "certified by OPIM-C for this instance";
  return fmt::format("spread >= {:.4f} x the best {}-set's with probability >= 1 - {:.3g} ({})",
                     ratio, spec.k(), failure_probability, how);
}

SeedSelection select_seeds(const Graph& graph, InfluenceRule rule, const SeedingSpec& spec,
                           std::uint64_t master_seed, unsigned threads,
                           std::span<const NodeId> candidates) {
  const auto start = std::chrono::steady_clock::now();
  const NodeId n = graph.num_nodes();
  std::vector<char> allowed;
  if (!candidates.empty()) {
    allowed.assign(n, 0);
    for (NodeId v : candidates) {
      if (v >= n) throw InputError(fmt::format("candidate {} is not a node of the graph", v));
      allowed[v] = 1;
    }
  }
  const std::uint64_t choices =
      allowed.empty() ? n : static_cast<std::uint64_t>(std::count(allowed.begin(), allowed.end(), 1));
  if (spec.k() > choices)
    throw InputError(fmt::format("seeding {}: k = {} is more than the {} {}", spec.to_string(),
                                 spec.k(), choices,
                                 allowed.empty() ? "nodes of the graph" : "candidate users"));
  SeedSelection result;
  result.rule = spec.rule().value_or(rule);
  result.spec = spec;
  if (spec.method() != SeedingMethod::kRandom && !spec.rule()) {
    result.spec = SeedingSpec(fmt::format("{},rule={}", spec.to_string(), influence_rule_name(result.rule)));
  }
  const std::uint64_t k = spec.k();
  switch (spec.method()) {
    case SeedingMethod::kRandom:
      result.seeds = random_seeds(graph, k, allowed, master_seed);
      break;
    case SeedingMethod::kDegree:
      result.seeds = degree_seeds(graph, k, allowed);
      break;
    case SeedingMethod::kDegreeDiscount:
      result.seeds = degree_discount_seeds(InfluenceGraph(graph, result.rule, threads), k, allowed);
      break;
    case SeedingMethod::kCelf: {
      const CelfSelection celf =
          select_celf(InfluenceGraph(graph, result.rule, threads), k, spec.runs(), allowed, master_seed, threads);
      result.seeds = celf.seeds;
      result.own_estimate = celf.worlds_spread;
      break;
    }
    case SeedingMethod::kImm:
    case SeedingMethod::kOpimC: {
      const InfluenceGraph influence(graph, result.rule, threads);
      const RisSelection ris =
          spec.method() == SeedingMethod::kImm
              ? select_imm(influence, k, spec.epsilon(), spec.ell(), allowed, master_seed, threads)
              : select_opim_c(influence, k, spec.epsilon(), spec.ell(), allowed, master_seed,
                              threads);
      result.seeds = ris.seeds;
      result.ratio = ris.ratio;
      result.failure_probability = ris.failure_probability;
      result.own_estimate = ris.coverage_spread;
      result.rr_sets = ris.sets_drawn;
      result.peak_bytes = ris.peak_bytes;
      break;
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  logger().info("seeds {}: {} chosen in {:.3f} s", result.spec.to_string(), result.seeds.size(),
               result.seconds);
  return result;
}

}  // namespace koubei
