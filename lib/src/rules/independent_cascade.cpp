#include "koubei/rules/independent_cascade.hpp"

#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

// How far ahead in the frontier the kernel prefetches: the row start of the
// node kRowAhead places on, and the first arcs (target and trust) of the node
// kArcsAhead places on, whose row start is in cache by then. A cascade's
// frontier is scattered over the graph, so without this every frontier node
// costs two or three cache misses in a row (row start, then its arcs), which
// dominated the profile (benchmarks/README.md).
constexpr std::size_t kRowAhead = 16;
constexpr std::size_t kArcsAhead = 8;

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
    const ArcId* rows = graph_.row_starts().data();
    const NodeId* targets = graph_.targets().data();
    const float* trust = graph_.trust().data();
    const std::span<const NodeId> frontier = population.frontier();
    const std::size_t size = frontier.size();
    for (std::size_t i = 0; i < size; ++i) {
      if (i + kRowAhead < size) __builtin_prefetch(rows + frontier[i + kRowAhead]);
      if (i + kArcsAhead < size) {
        const ArcId ahead = rows[frontier[i + kArcsAhead]];
        __builtin_prefetch(targets + ahead);
        __builtin_prefetch(trust + ahead);
      }
      const NodeId u = frontier[i];
      const ArcId begin = rows[u], end = rows[u + 1];
      arcs_examined_ += end - begin;
      for (ArcId a = begin; a < end; ++a) {
        const NodeId v = targets[a];
        if (!population.can_adopt(v)) continue;
        const float p = context.trust(a, u, v);
        if (word(a) < word_threshold(p)) context.persuade(v, u, p);
      }
    }
  }

 private:
  static constexpr std::uint64_t kNoBlock = ~std::uint64_t{0};

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
