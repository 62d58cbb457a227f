#include "koubei/rules/independent_cascade.hpp"

#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

class IndependentCascadeWorker final : public RuleWorker {
 public:
  explicit IndependentCascadeWorker(const Graph& graph) : graph_(graph) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    trials_ = CounterStream(master_seed, replicate, Purpose::kArcTrial);
    arcs_examined_ = 0;
  }

  void step(StepContext& context) override {
    const Population& population = context.population();
    const ArcId* rows = graph_.row_starts().data();
    const NodeId* targets = graph_.targets().data();
    for (NodeId u : population.frontier()) {
      const ArcId begin = rows[u], end = rows[u + 1];
      arcs_examined_ += end - begin;
      for (ArcId a = begin; a < end; ++a) {
        const NodeId v = targets[a];
        if (!population.can_adopt(v)) continue;
        const float p = context.trust(a, u, v);
        if (trials_.word(a) < word_threshold(p)) context.persuade(v, u, p);
      }
    }
  }

 private:
  const Graph& graph_;
  CounterStream trials_{0, 0, Purpose::kArcTrial};
};

}  // namespace

std::unique_ptr<RuleWorker> IndependentCascade::make_worker() const {
  return std::make_unique<IndependentCascadeWorker>(graph_);
}

}  // namespace koubei
