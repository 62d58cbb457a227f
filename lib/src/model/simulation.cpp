#include "koubei/model/simulation.hpp"

#include <chrono>

#include "koubei/core/interrupt.hpp"

namespace koubei {

Simulation::Simulation(const Graph& graph, const Rule& rule)
    : graph_(graph), worker_(rule.make_worker()), population_(graph.num_nodes()) {}

ReplicateResult Simulation::run(const ReplicateSpec& spec, const SeedPlan& seeds) {
  const auto start = std::chrono::steady_clock::now();
  ReplicateResult result;
  result.replicate = spec.replicate;

  population_.reset();
  worker_->begin(spec.master_seed, spec.replicate);
  seeds.place(population_, spec.master_seed, spec.replicate);
  result.seeds = population_.newcomers().size();
  result.steps.push_back({0, population_.counts(), result.seeds});
  population_.end_step();

  for (std::uint32_t t = 1; spec.max_steps == 0 || t <= spec.max_steps; ++t) {
    throw_if_interrupted();
    const StateCounts before = population_.counts();
    worker_->step(population_);
    const std::uint64_t new_adopters = population_.newcomers().size();
    if (new_adopters == 0 && population_.counts() == before) break;
    result.steps.push_back({t, population_.counts(), new_adopters});
    population_.end_step();
  }

  result.arcs_examined = worker_->arcs_examined();
  result.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace koubei
