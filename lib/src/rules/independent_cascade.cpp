#include "koubei/rules/independent_cascade.hpp"

#include "koubei/random/stream.hpp"
#include "koubei/rules/frontier.hpp"

namespace koubei {
namespace {

class IndependentCascadeWorker final : public RuleWorker {
 public:
  explicit IndependentCascadeWorker(const Graph& graph) : graph_(graph) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    trials_ = CounterStream(master_seed, replicate, Purpose::kArcTrial);
    cached_block_ = kNoBlock;
    arcs_examined_ = 0;
  }

  void step(StepContext& context) override {
    const Population& population = context.population();
    const NodeId* targets = graph_.targets().data();
    const AgentState* states = population.states().data();
    arcs_examined_ +=
        for_each_frontier_row(graph_, population.frontier(), [&](NodeId u, ArcId begin, ArcId end) {
          // The target's state is the last miss of a trial: ask for it
          // kStateAhead arcs before it is read.
          for (ArcId a = begin; a < begin + kStateAhead && a < end; ++a)
            __builtin_prefetch(states + targets[a]);
          for (ArcId a = begin; a < end; ++a) {
            if (a + kStateAhead < end) __builtin_prefetch(states + targets[a + kStateAhead]);
            const NodeId v = targets[a];
            if (!population.can_adopt(v)) continue;
            const float p = context.trust(a, u, v);
            if (word(a) < word_threshold(p)) context.persuade(v, u, p);
          }
        });
  }

 private:
  static constexpr std::uint64_t kNoBlock = ~std::uint64_t{0};
  static constexpr ArcId kStateAhead = 4;  // along a node's arcs

  // Word a of the trial stream. The arcs of a node are consecutive, so one
  // Philox block (four words) usually serves several trials in a row; the
  // last block is kept rather than recomputed.
  std::uint32_t word(ArcId a) {
    const std::uint64_t b = a >> 2;
    if (b != cached_block_) {
      block_ = trials_.block(b);
      cached_block_ = b;
    }
    return block_.v[a & 3];
  }

  const Graph& graph_;
  CounterStream trials_{0, 0, Purpose::kArcTrial};
  Block block_{};
  std::uint64_t cached_block_ = kNoBlock;
};

}  // namespace

std::unique_ptr<RuleWorker> IndependentCascade::make_worker() const {
  return std::make_unique<IndependentCascadeWorker>(graph_);
}

}  // namespace koubei
