#include "koubei/rules/bass.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/random/stream.hpp"
#include "koubei/rules/frontier.hpp"

namespace koubei {
namespace {

// "" if the parameters are valid, else what is wrong (field and range).
std::string find_problem(const BassParams& params) {
  if (!(params.p >= 0 && params.p <= 1)) return fmt::format("p = {} is outside [0, 1]", params.p);
  if (!(params.q >= 0 && params.q <= 1)) return fmt::format("q = {} is outside [0, 1]", params.q);
  // A little slack so that, say, p=0.7,q=0.3 passes despite rounding.
  if (params.p + params.q > 1 + 1e-9)
    return fmt::format("p + q = {} exceeds 1 (p + q*F must be a probability)", params.p + params.q);
  return "";
}

class BassWorker final : public RuleWorker {
 public:
  BassWorker(const Graph& graph, const BassDiffusion& rule)
      : graph_(graph),
        rule_(rule),
        params_(rule.params()),
        global_(params_.scope == BassScope::kGlobal),
        p_threshold_(word_threshold(params_.p)),
        received_(global_ ? 0 : graph.num_nodes(), 0.0) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    for (NodeId v : touched_) received_[v] = 0.0;
    touched_.clear();
    pending_.clear();
    draws_ = CounterStream(master_seed, replicate, Purpose::kAdoption);
    arcs_examined_ = 0;
  }

  std::uint64_t memory_bytes() const override {
    return received_.capacity() * sizeof(double) +
           (touched_.capacity() + pending_.capacity() + winners_.capacity()) * sizeof(NodeId);
  }

  void step(StepContext& context) override {
    const Population& population = context.population();
    const std::uint64_t base = std::uint64_t{population.current_step()} * population.size();
    if (global_) {
      const std::uint64_t threshold = global_threshold(population);
      if (threshold > 0) scan_all(context, base, [threshold](NodeId) { return threshold; });
      return;
    }
    push_frontier(context);
    if (p_threshold_ > 0) {
      scan_all(context, base, [this](NodeId v) { return threshold(v); });
    } else {
      scan_pending(context, base);
    }
  }

  bool settled(const Population& population) const override {
    const StateCounts& counts = population.counts();
    if (counts.unaware + counts.aware == 0) return true;
    if (global_) return global_threshold(population) == 0;
    if (p_threshold_ > 0) return false;
    // No new adopters, so no pushes: received_ is what the next step sees.
    for (NodeId v : pending_)
      if (population.can_adopt(v) && threshold(v) > 0) return false;
    return true;
  }

 private:
  std::uint64_t global_threshold(const Population& population) const {
    if (population.size() == 0) return 0;
    const double f = static_cast<double>(population.ever_adopted()) / population.size();
    return word_threshold(params_.p + params_.q * f);
  }

  // Neighbors scope: the chance of v this step, as a word threshold.
  std::uint64_t threshold(NodeId v) const {
    if (received_[v] == 0.0) return p_threshold_;
    const double f = std::min(1.0, received_[v] / rule_.in_trust(v));
    return word_threshold(params_.p + params_.q * f);
  }

  // The adopters of the previous step start to count for their out-neighbours.
  void push_frontier(const StepContext& context) {
    arcs_examined_ +=
        for_each_open_referral(graph_, context, [&](NodeId, ArcId, NodeId v, float trust) {
          if (received_[v] == 0.0) {
            touched_.push_back(v);
            pending_.push_back(v);
          }
          received_[v] += trust;
        });
  }

  // Every node in ascending order; one Philox block serves four nodes, and
  // blocks whose nodes have all adopted are not computed.
  template <class ThresholdOf>
  void scan_all(StepContext& context, std::uint64_t base, ThresholdOf threshold_of) {
    const Population& population = context.population();
    const NodeId n = population.size();
    for (NodeId v = 0; v < n;) {
      const std::uint64_t i = base + v;
      const unsigned lane = static_cast<unsigned>(i & 3);
      const NodeId count = std::min<NodeId>(4 - lane, n - v);
      bool any = false;
      for (NodeId k = 0; k < count; ++k) any |= population.can_adopt(v + k);
      if (any) {
        const Block block = draws_.block(i >> 2);
        for (NodeId k = 0; k < count; ++k) {
          const NodeId u = v + k;
          if (population.can_adopt(u) && block.v[lane + k] < threshold_of(u))
            context.persuade(u, u, 1.0f);
        }
      }
      v += count;
    }
  }

  // p = 0: only nodes that received trust can adopt. Same draws as scan_all,
  // and adoptions applied in ascending order so the next pushes add up in the
  // same order as after a full scan.
  void scan_pending(StepContext& context, std::uint64_t base) {
    const Population& population = context.population();
    winners_.clear();
    for (std::size_t i = 0; i < pending_.size();) {
      const NodeId v = pending_[i];
      bool drop = !population.can_adopt(v);
      if (!drop && draws_.word(base + v) < threshold(v)) {
        winners_.push_back(v);
        drop = true;
      }
      if (drop) {
        pending_[i] = pending_.back();
        pending_.pop_back();
      } else {
        ++i;
      }
    }
    std::sort(winners_.begin(), winners_.end());
    for (NodeId v : winners_) context.persuade(v, v, 1.0f);
  }

  const Graph& graph_;
  const BassDiffusion& rule_;
  const BassParams params_;
  const bool global_;
  const std::uint64_t p_threshold_;
  std::vector<double> received_;  // trust received from adopters, this replicate
  std::vector<NodeId> touched_;   // nodes whose received_ is not zero
  std::vector<NodeId> pending_;   // touched nodes that may still adopt (for p = 0)
  std::vector<NodeId> winners_;   // scratch for scan_pending
  CounterStream draws_{0, 0, Purpose::kAdoption};
};

}  // namespace

void BassParams::validate() const {
  if (std::string problem = find_problem(*this); !problem.empty())
    throw InputError("bass rule: " + problem);
}

BassParams BassParams::parse(const Spec& spec) {
  spec.allow_only({"p", "q", "scope"});
  spec.expect_args(0, "bass:p=P,q=Q[,scope=neighbors|global]");
  BassParams params;
  params.p = spec.require_double("p", 0, 1);
  params.q = spec.require_double("q", 0, 1);
  const std::string scope = spec.get("scope").value_or("neighbors");
  if (scope == "global") {
    params.scope = BassScope::kGlobal;
  } else if (scope != "neighbors") {
    throw InputError(fmt::format("rule spec '{}': scope must be neighbors or global, got '{}'",
                                 spec.text(), scope));
  }
  if (std::string problem = find_problem(params); !problem.empty())
    throw InputError(fmt::format("rule spec '{}': {}", spec.text(), problem));
  return params;
}

BassDiffusion::BassDiffusion(const Graph& graph, BassParams params)
    : graph_(graph), params_(params) {
  params_.validate();
  if (params_.scope == BassScope::kGlobal) return;
  in_trust_.assign(graph.num_nodes(), 0.0);
  const auto targets = graph.targets();
  const auto trust = graph.trust();
  for (std::size_t a = 0; a < targets.size(); ++a) in_trust_[targets[a]] += trust[a];
}

std::string BassParams::to_string() const {
  return fmt::format("bass:p={},q={},scope={}", p, q,
                     scope == BassScope::kGlobal ? "global" : "neighbors");
}

std::unique_ptr<RuleWorker> BassDiffusion::make_worker() const {
  return std::make_unique<BassWorker>(graph_, *this);
}

}  // namespace koubei
