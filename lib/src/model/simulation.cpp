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
  result.steps.push_back({0, population_.counts(), population_.step_transitions()});
  population_.end_step();

  for (std::uint32_t t = 1; spec.max_steps == 0 || t <= spec.max_steps; ++t) {
    throw_if_interrupted();
    worker_->step(population_);
    const Transitions& changed = population_.step_transitions();
    if (changed == Transitions{} && worker_->settled(population_)) break;
    result.steps.push_back({t, population_.counts(), changed});
    population_.end_step();
  }

  result.arcs_examined = worker_->arcs_examined();
  result.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace koubei
