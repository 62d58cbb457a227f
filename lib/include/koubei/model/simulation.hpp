#pragma once
// One replicate of a run, start to finish: place the seed users, then step
// the rule (and, with model = wom, the word-of-mouth model around it) until
// nothing changes or a step limit, recording the counts after every step.
// Row 0 holds the seeds; row t the state after t updates. The first update
// that changes nothing ends the replicate and is not recorded, if the rule
// says no later update can change anything either (RuleWorker::settled);
// otherwise quiet steps are recorded and the run goes on. With the model, a
// run always goes to its step limit.
//
// A Simulation belongs to one thread and is reused across replicates; its
// memory is O(nodes) once, and each replicate costs O(nodes it touches).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/state/population.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/state/step_context.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

struct StepRecord {
  std::uint32_t step = 0;
  StateCounts counts;
  Transitions transitions;  // during this step; at step 0, the seeds' adoptions
  std::int8_t phase = -1;   // latest product phase started (kPhaseNames), or -1
  DayChannels channels;     // exposures per channel and cost during this step
};

struct ReplicateResult {
  std::uint32_t replicate = 0;
  std::uint64_t seeds = 0;
  std::vector<StepRecord> steps;  // steps[t].step == t
  std::uint64_t ever_adopted = 0;
  std::uint64_t arcs_examined = 0;
  std::uint64_t arcs_read = 0;  // RuleWorker::arcs_read
  double wall_ms = 0;
  /// With communities: per step, per community, adopters then churned.
  std::vector<std::uint64_t> community_counts;
  /// With tracing: who brought whom in, in order.
  std::vector<Referral> referrals;

  const StepRecord& final_step() const { return steps.back(); }
};

struct ReplicateSpec {
  std::uint64_t master_seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t max_steps = 0;  // 0: until nothing changes
  bool trace = false;           // record the referral forest
};

class Simulation {
 public:
  /// `model` may be null: the rule alone.
  Simulation(const Graph& graph, const Rule& rule, const WordOfMouth* model = nullptr);

  ReplicateResult run(const ReplicateSpec& spec, const SeedPlan& seeds);

  /// Bytes of the replicate state this simulation holds beside the graph
  /// (population and rule worker; the word-of-mouth model's not counted), as
  /// allocated now: after a large cascade, its peak.
  std::uint64_t state_bytes() const { return population_.memory_bytes() + worker_->memory_bytes(); }

 private:
  void record(ReplicateResult& result, std::uint32_t step, std::uint64_t referral_exposures);

  const Graph& graph_;
  std::unique_ptr<RuleWorker> worker_;
  std::unique_ptr<WordOfMouthWorker> model_;
  Population population_;
  std::size_t last_rows_ = 0;  // rows the previous replicate recorded
};

}  // namespace koubei
