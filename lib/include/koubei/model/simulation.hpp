#pragma once
// One replicate of a run, start to finish: place the seed users, then step
// the rule until nothing changes (or a step limit), recording the counts
// after every step. Row 0 holds the seeds; row t the state after t updates.
// The first update that changes nothing ends the replicate and is not
// recorded, if the rule says no later update can change anything either
// (RuleWorker::settled); otherwise quiet steps are recorded and the run goes on.
//
// A Simulation belongs to one thread and is reused across replicates; its
// memory is O(nodes) once, and each replicate costs O(nodes it touches).

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/model/population.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

struct StepRecord {
  std::uint32_t step = 0;
  StateCounts counts;
  Transitions transitions;  // during this step; at step 0, the seeds' adoptions
};

struct ReplicateResult {
  std::uint32_t replicate = 0;
  std::uint64_t seeds = 0;
  std::vector<StepRecord> steps;  // steps[t].step == t
  std::uint64_t arcs_examined = 0;
  double wall_ms = 0;

  const StepRecord& final_step() const { return steps.back(); }
};

struct ReplicateSpec {
  std::uint64_t master_seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t max_steps = 0;  // 0: until nothing changes
};

class Simulation {
 public:
  Simulation(const Graph& graph, const Rule& rule);

  ReplicateResult run(const ReplicateSpec& spec, const SeedPlan& seeds);

 private:
  const Graph& graph_;
  std::unique_ptr<RuleWorker> worker_;
  Population population_;
};

}  // namespace koubei
