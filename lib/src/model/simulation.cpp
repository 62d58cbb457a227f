#include "koubei/model/simulation.hpp"

#include <algorithm>
#include <chrono>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"

namespace koubei {

Simulation::Simulation(const Graph& graph, const Rule& rule, const WordOfMouth* model)
    : graph_(graph), worker_(rule.make_worker()), population_(graph.num_nodes()) {
  if (model != nullptr) {
    // Under sis users who left can adopt again, so the model may persuade
    // them again; under every other rule churn is final.
    model_ = std::make_unique<WordOfMouthWorker>(*model, rule.churned_can_return());
  }
  if (graph.has_communities())
    population_.track_communities(graph.communities().data(), graph.num_communities());
}

void Simulation::record(ReplicateResult& result, std::uint32_t step,
                        std::uint64_t referral_exposures) {
  StepRecord row;
  row.step = step;
  row.counts = population_.counts();
  row.transitions = population_.step_transitions();
  if (model_) {
    row.phase = static_cast<std::int8_t>(model_->product().phase());
    row.channels = model_->today();
  }
  row.channels.exposures[0] = referral_exposures;
  // Adoptions the model did not convert: the seeds on day 0, the rule's
  // own after (all of them without the model).
  std::uint64_t attributed = 0;
  for (std::uint64_t a : row.channels.adoptions) attributed += a;
  row.channels.adoptions[static_cast<std::size_t>(step == 0 ? Channel::kSeed : Channel::kReferral)] +=
      row.transitions.new_adopters - attributed;
  result.steps.push_back(row);
  for (std::size_t c = 0; c < population_.community_adopters().size(); ++c) {
    result.community_counts.push_back(population_.community_adopters()[c]);
    result.community_counts.push_back(population_.community_churned()[c]);
  }
}

ReplicateResult Simulation::run(const ReplicateSpec& spec, const SeedPlan& seeds) {
  const auto start = std::chrono::steady_clock::now();
  ReplicateResult result;
  result.replicate = spec.replicate;
  // One allocation per replicate rather than one per doubling: the model
  // always runs to its step limit; a rule alone is given as many rows as the
  // previous replicate recorded (a cascade may stop long before the limit).
  std::size_t rows =
      model_ ? std::size_t{spec.max_steps} + 1 : std::max<std::size_t>(last_rows_, 1);
  if (spec.max_steps != 0) rows = std::min<std::size_t>(rows, std::size_t{spec.max_steps} + 1);
  result.steps.reserve(rows);
  result.community_counts.reserve(rows * 2 * population_.community_adopters().size());

  population_.reset();
  StepContext context(graph_, population_);
  if (spec.trace) context.set_trace(&result.referrals);
  worker_->begin(spec.master_seed, spec.replicate);
  if (model_) {
    if (spec.max_steps == 0)
      throw InputError("the word-of-mouth model runs day by day: it needs a step limit");
    context.set_persuasion(model_.get());
    model_->begin(spec.master_seed, spec.replicate);
    model_->start_day(context);
  }
  seeds.place(population_, spec.master_seed, spec.replicate);
  result.seeds = population_.newcomers().size();
  // The seeds are the first frontier: ask for their row starts now, so that
  // the misses overlap with the bookkeeping below instead of the first step.
  for (NodeId v : population_.newcomers()) __builtin_prefetch(graph_.row_starts().data() + v);
  for (NodeId v : population_.newcomers()) {
    if (model_) model_->add_seed(v);
    if (spec.trace) result.referrals.push_back({0, v, v, Channel::kSeed});
  }
  record(result, 0, 0);
  population_.end_step();

  for (std::uint32_t t = 1; spec.max_steps == 0 || t <= spec.max_steps; ++t) {
    throw_if_interrupted();
    if (model_) model_->start_day(context);
    const std::uint64_t arcs_before = worker_->arcs_examined();
    worker_->step(context);
    const std::uint64_t referral_exposures = worker_->arcs_examined() - arcs_before;
    if (model_) model_->end_day(context, referral_exposures);
    if (!model_ && population_.step_transitions() == Transitions{} && worker_->settled(population_))
      break;
    record(result, t, referral_exposures);
    population_.end_step();
  }

  last_rows_ = result.steps.size();
  result.ever_adopted = population_.ever_adopted();
  result.arcs_examined = worker_->arcs_examined();
  result.arcs_read = worker_->arcs_read();
  result.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace koubei
