#include "koubei/rules/independent_cascade.hpp"

#include <algorithm>
#include <bit>
#include <span>

#include "koubei/random/stream.hpp"
#include "koubei/rules/frontier.hpp"

namespace koubei {
namespace {

class IndependentCascadeWorker final : public RuleWorker {
 public:
  explicit IndependentCascadeWorker(const Graph& graph)
      : graph_(graph), uniform_trust_(same_everywhere(graph.trust())) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    trials_ = CounterStream(master_seed, replicate, Purpose::kArcTrial);
    cached_block_ = kNoBlock;
    arcs_examined_ = 0;
  }

  void step(StepContext& context) override {
    if (uniform_trust_)
      step_rows<true>(context);
    else
      step_rows<false>(context);
  }

 private:
  // With the same trust on every arc (const:x), arc 0's trust stands for
  // every arc's: context.trust(0, u, v) is then exactly context.trust(a, u, v)
  // (a barrier depends on u and v only), the trust array (half of the lines a
  // row brings in) is neither prefetched nor read, and the threshold of the
  // last trust value is kept rather than converted again for every arc. With
  // varying trust that cache would only add a mispredicted branch.
  template <bool kUniform>
  void step_rows(StepContext& context) {
    const Population& population = context.population();
    const NodeId* targets = graph_.targets().data();
    const AgentState* states = population.states().data();
    std::uint32_t last_trust = 0;  // bits of +0.0f, whose threshold is 0
    std::uint64_t last_threshold = 0;
    arcs_examined_ += for_each_frontier_row(
        graph_, population.frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          // The target's state is the last miss of a trial: ask for it
          // kStateAhead arcs before it is read.
          for (ArcId a = begin; a < begin + kStateAhead && a < end; ++a)
            __builtin_prefetch(states + targets[a]);
          for (ArcId a = begin; a < end; ++a) {
            if (a + kStateAhead < end) __builtin_prefetch(states + targets[a + kStateAhead]);
            const NodeId v = targets[a];
            if (!population.can_adopt(v)) continue;
            const float p = context.trust(kUniform ? 0 : a, u, v);
            std::uint64_t threshold;
            if constexpr (kUniform) {
              if (std::bit_cast<std::uint32_t>(p) != last_trust) {
                last_trust = std::bit_cast<std::uint32_t>(p);
                last_threshold = word_threshold(p);
              }
              threshold = last_threshold;
            } else {
              threshold = word_threshold(p);
            }
            // A word is below 2^32 always and below 0 never: for trust 1 and
            // 0 the trial is decided without computing its word.
            if (threshold == 0) continue;
            if (threshold > kMaxWord || word(a) < threshold) context.persuade(v, u, p);
          }
        },
        !kUniform);
  }

  static constexpr std::uint64_t kNoBlock = ~std::uint64_t{0};
  static constexpr ArcId kStateAhead = 4;  // along a node's arcs
  static constexpr std::uint64_t kMaxWord = 0xffffffff;

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

  // True when every arc holds the same trust, bit for bit (checked once per
  // worker; a non-uniform array is told at its first differing arc).
  static bool same_everywhere(std::span<const float> trust) {
    if (trust.empty()) return false;
    const auto first = std::bit_cast<std::uint32_t>(trust[0]);
    return std::all_of(trust.begin(), trust.end(),
                       [first](float t) { return std::bit_cast<std::uint32_t>(t) == first; });
  }

  const Graph& graph_;
  bool uniform_trust_;
  CounterStream trials_{0, 0, Purpose::kArcTrial};
  Block block_{};
  std::uint64_t cached_block_ = kNoBlock;
};

}  // namespace

std::unique_ptr<RuleWorker> IndependentCascade::make_worker() const {
  return std::make_unique<IndependentCascadeWorker>(graph_);
}

}  // namespace koubei
