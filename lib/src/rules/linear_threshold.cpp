#include "koubei/rules/linear_threshold.hpp"

#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

class LinearThresholdWorker final : public RuleWorker {
 public:
  LinearThresholdWorker(const Graph& graph, const LinearThreshold& rule)
      : graph_(graph), rule_(rule), received_(graph.num_nodes(), 0.0f) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    for (NodeId v : touched_) received_[v] = 0.0f;
    touched_.clear();
    thresholds_ = CounterStream(master_seed, replicate, Purpose::kThreshold);
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
        const float trust = context.trust(a, u, v);
        if (trust == 0.0f || !population.can_adopt(v)) continue;
        if (received_[v] == 0.0f) touched_.push_back(v);
        received_[v] += trust * rule_.in_scale(v);
        if (received_[v] >= 1.0 - thresholds_.uniform_pair(v)) context.persuade(v, u, trust);
      }
    }
  }

 private:
  const Graph& graph_;
  const LinearThreshold& rule_;
  std::vector<float> received_;  // weight received from adopters, this replicate
  std::vector<NodeId> touched_;  // nodes whose received_ is not zero
  CounterStream thresholds_{0, 0, Purpose::kThreshold};
};

}  // namespace

LinearThreshold::LinearThreshold(const Graph& graph)
    : graph_(graph), in_scale_(graph.num_nodes(), 0.0f) {
  std::vector<double> incoming(graph.num_nodes(), 0.0);
  const auto targets = graph.targets();
  const auto trust = graph.trust();
  for (std::size_t a = 0; a < targets.size(); ++a) incoming[targets[a]] += trust[a];
  for (NodeId v = 0; v < graph.num_nodes(); ++v)
    in_scale_[v] = incoming[v] > 1.0 ? static_cast<float>(1.0 / incoming[v]) : 1.0f;
}

std::unique_ptr<RuleWorker> LinearThreshold::make_worker() const {
  return std::make_unique<LinearThresholdWorker>(graph_, *this);
}

}  // namespace koubei
