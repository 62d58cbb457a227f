#include "koubei/rules/linear_threshold.hpp"

#include <bit>
#include <cstdint>

#include "koubei/core/spec.hpp"
#include "koubei/random/stream.hpp"
#include "koubei/rules/frontier.hpp"

namespace koubei {
namespace {

// Along a node's arcs: the per-node record of the target kTargetAhead arcs on.
constexpr ArcId kTargetAhead = 4;

class LinearThresholdWorker final : public RuleWorker {
 public:
  LinearThresholdWorker(const Graph& graph, const LinearThreshold& rule)
      : graph_(graph), nodes_(graph.num_nodes()) {
    for (NodeId v = 0; v < graph.num_nodes(); ++v) nodes_[v].scale = rule.in_scale(v);
  }

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    for (NodeId v : touched_) nodes_[v].received = 0.0f;
    touched_.clear();
    thresholds_ = CounterStream(master_seed, replicate, Purpose::kThreshold);
    arcs_examined_ = 0;
  }

  std::uint64_t memory_bytes() const override {
    return nodes_.capacity() * sizeof(Node) + touched_.capacity() * sizeof(NodeId);
  }

  void step(StepContext& context) override {
    const Population& population = context.population();
    const NodeId* targets = graph_.targets().data();
    arcs_examined_ += for_each_frontier_row(
        graph_, population.frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          // The first kTargetAhead records were asked for a few nodes back.
          for (ArcId a = begin; a < end; ++a) {
            if (a + kTargetAhead < end) __builtin_prefetch(&nodes_[targets[a + kTargetAhead]]);
            const NodeId v = targets[a];
            const float t = context.trust(a, u, v);
            if (t == 0.0f || !population.can_adopt(v)) continue;
            Node& node = nodes_[v];
            if (node.received == 0.0f) {
              touched_.push_back(v);
              node.threshold = float_threshold(1.0 - thresholds_.uniform_pair(v));
            }
            node.received += t * node.scale;
            if (node.received >= node.threshold) context.persuade(v, u, t);
          }
        },
        RowPrefetch::kTargetsAndTrust,
        [&](ArcId begin, ArcId end) {  // the first records of a row a few nodes on
          for (ArcId a = begin; a < end && a < begin + kTargetAhead; ++a)
            __builtin_prefetch(&nodes_[targets[a]]);
        });
  }

 private:
  // What the kernel reads and writes for a target, on one cache line.
  struct alignas(16) Node {
    float received = 0.0f;   // weight received from adopters, this replicate
    float scale = 0.0f;      // LinearThreshold::in_scale
    float threshold = 0.0f;  // valid while received != 0
  };

  // The smallest float f >= theta: for every float x, x >= theta exactly when
  // x >= f, so comparing the float received weight with f decides as the
  // comparison with the double theta did, without drawing theta again.
  // theta is in (0, 1], so f is positive and finite: the next float up is
  // the next bit pattern.
  static float float_threshold(double theta) {
    float f = static_cast<float>(theta);
    if (static_cast<double>(f) < theta)
      f = std::bit_cast<float>(std::bit_cast<std::uint32_t>(f) + 1);
    return f;
  }

  const Graph& graph_;
  std::vector<Node> nodes_;
  std::vector<NodeId> touched_;  // nodes whose received weight is not zero
  CounterStream thresholds_{0, 0, Purpose::kThreshold};
};

}  // namespace

LtParams LtParams::parse(const Spec& spec) {
  spec.allow_only({});
  spec.expect_args(0, "no arguments");
  return {};
}

LinearThreshold::LinearThreshold(const Graph& graph, LtParams)
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
