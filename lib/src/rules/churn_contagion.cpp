#include "koubei/rules/churn_contagion.hpp"

#include <fmt/format.h>

#include <span>
#include <vector>

#include "koubei/core/spec.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

class ChurnContagionWorker final : public RuleWorker {
 public:
  ChurnContagionWorker(const Graph& graph, ChurnMode mode, double churn)
      : graph_(graph), sis_(mode == ChurnMode::kSis), churn_threshold_(word_threshold(churn)) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    churns_ = CounterStream(master_seed, replicate, Purpose::kChurn);
    trial_words_ = WordCache(CounterStream(master_seed, replicate, Purpose::kRepeatedTrial));
    adopters_.clear();
    open_trials_ = false;
    arcs_examined_ = 0;
  }

  void step(StepContext& context) override {
    Population& population = context.population();
    // The adopters at the start of the step: last step's newcomers join.
    // Someone else (the word-of-mouth model) may have churned some of them.
    std::erase_if(adopters_, [&](NodeId u) { return !population.is_adopter(u); });
    const auto frontier = population.frontier();
    adopters_.insert(adopters_.end(), frontier.begin(), frontier.end());

    const ArcId* rows = graph_.row_starts().data();
    const NodeId* targets = graph_.targets().data();
    const std::uint64_t t = population.current_step();
    const std::uint64_t first_word = t * graph_.num_arcs();
    open_trials_ = false;
    for (NodeId u : adopters_) {
      const ArcId begin = rows[u], end = rows[u + 1];
      arcs_examined_ += end - begin;
      for (ArcId a = begin; a < end; ++a) {
        const NodeId v = targets[a];
        if (!eligible(population, v)) continue;
        const float p = context.trust(a, u, v);
        const std::uint64_t threshold = word_threshold(p);
        if (threshold == 0) continue;  // cannot succeed: no word drawn
        open_trials_ = true;
        if (trial_words_.word(first_word + a) < threshold) context.persuade(v, u, p);
      }
    }

    if (churn_threshold_ == 0) return;
    const std::uint64_t first_node_word = t * graph_.num_nodes();
    std::size_t kept = 0;
    for (NodeId u : adopters_) {
      if (churns_.word(first_node_word + u) < churn_threshold_)
        population.churn(u);
      else
        adopters_[kept++] = u;
    }
    adopters_.resize(kept);
  }

  // Asked after a step that changed nothing. With no churn (SI), the next
  // step would try the same arcs against the same users again: if none of
  // them could succeed (effective trust below 2^-32), none ever will.
  bool settled(const Population& population) const override {
    if (population.counts().adopters == 0) return true;
    if (churn_threshold_ > 0) return false;
    return !open_trials_;
  }

 private:
  bool eligible(const Population& population, NodeId v) const {
    return sis_ ? !population.is_adopter(v) : population.can_adopt(v);
  }

  const Graph& graph_;
  bool sis_;
  std::uint64_t churn_threshold_;
  std::vector<NodeId> adopters_;  // current adopters, in adoption order
  bool open_trials_ = false;      // the last step tried an arc that could succeed
  CounterStream churns_{0, 0, Purpose::kChurn};
  WordCache trial_words_;  // the trials: consecutive arcs share Philox blocks
};

}  // namespace

ChurnParams ChurnParams::parse(const Spec& spec) {
  spec.allow_only({"churn"});
  spec.expect_args(0, "churn=G with G in [0, 1]");
  return {spec.name() == "sis" ? ChurnMode::kSis : ChurnMode::kSir,
          spec.require_double("churn", 0.0, 1.0)};
}

std::string ChurnParams::to_string() const {
  return fmt::format("{}:churn={}", mode == ChurnMode::kSis ? "sis" : "sir", churn);
}

ChurnContagion::ChurnContagion(const Graph& graph, ChurnParams params)
    : graph_(graph), mode_(params.mode), churn_(params.churn) {
  // A trust below 2^-32 has a word threshold of 0: it never succeeds, so
  // it does not slow settling down.
  for (const float t : graph.trust())
    if (word_threshold(t) > 0 && (smallest_trust_ == 0 || t < smallest_trust_)) smallest_trust_ = t;
}

std::string ChurnContagion::why_step_limit() const {
  if (mode_ == ChurnMode::kSis) return "may never settle (churned users adopt again)";
  if (churn_ == 0 && smallest_trust_ > 0 && smallest_trust_ < kSlowTrust)
    return fmt::format(
        "with churn 0 retries every arc each step, and an arc with trust {} would take of the "
        "order of {:.0e} steps to settle",
        smallest_trust_, 1.0 / smallest_trust_);
  return "";
}

std::unique_ptr<RuleWorker> ChurnContagion::make_worker() const {
  return std::make_unique<ChurnContagionWorker>(graph_, mode_, churn_);
}

}  // namespace koubei
