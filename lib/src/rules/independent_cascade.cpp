#include "koubei/rules/independent_cascade.hpp"

#include <algorithm>
#include <bit>
#include <span>
#include <vector>

#include "koubei/random/stream.hpp"
#include "koubei/rules/frontier.hpp"

namespace koubei {
namespace {

class IndependentCascadeWorker final : public RuleWorker {
 public:
  IndependentCascadeWorker(const Graph& graph, const IndependentCascade& rule)
      : graph_(graph),
        uniform_trust_(rule.uniform_trust()),
        survival_(rule.survival()),
        guide_(rule.guide()) {
    breadth_first_ = uniform_trust_ && graph.trust()[0] == 1.0f && !graph.info().directed;
    if (breadth_first_) {
      frontier_bits_.resize((std::size_t{graph.num_nodes()} + 63) / 64);
      next_bits_.resize(frontier_bits_.size());
    }
  }

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    trials_ = CounterStream(master_seed, replicate, Purpose::kArcTrial);
    dead_runs_ = RandomStream(master_seed, replicate, Purpose::kDeadRuns);
    dead_ahead_ = 0;
    live_ahead_ = false;
    cached_block_ = kNoBlock;
    arcs_examined_ = 0;
    unexplored_arcs_ = graph_.num_arcs();
    bottom_up_ = false;
    previous_frontier_ = 0;
  }

  std::uint64_t memory_bytes() const override {
    return (frontier_bits_.capacity() + next_bits_.capacity()) * sizeof(std::uint64_t) +
           live_arcs_.capacity() * sizeof(LiveArc);
  }

  void step(StepContext& context) override {
    if (breadth_first_ && context.adopts_at_once())
      step_breadth_first(context);
    else if (!survival_.empty() && context.plain_trust())  // one trust in (0, 1)
      step_sparse(context, graph_.trust()[0]);
    else if (uniform_trust_ && context.plain_trust())
      step_constant(context, graph_.trust()[0]);
    else if (uniform_trust_)
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
    std::uint32_t last_trust = 0;  // bits of +0.0f, whose threshold is 0
    std::uint64_t last_threshold = 0;
    arcs_examined_ += for_each_frontier_row(
        graph_, population.frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          for_each_open_target(population, begin, end, [&](ArcId a, NodeId v) {
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
            if (threshold == 0) return;
            if (threshold > kMaxWord || word(a) < threshold) context.persuade(v, u, p);
          });
        },
        kUniform ? RowPrefetch::kTargets : RowPrefetch::kTargetsAndTrust);
  }

  // The arcs [begin, end) whose target can still adopt, as f(a, target).
  // The target's state is the last miss of a trial: it is asked for
  // kStateAhead arcs before it is read.
  template <class F>
  void for_each_open_target(const Population& population, ArcId begin, ArcId end, F&& f) const {
    const NodeId* targets = graph_.targets().data();
    const AgentState* states = population.states().data();
    for (ArcId a = begin; a < begin + kStateAhead && a < end; ++a)
      __builtin_prefetch(states + targets[a]);
    for (ArcId a = begin; a < end; ++a) {
      if (a + kStateAhead < end) __builtin_prefetch(states + targets[a + kStateAhead]);
      const NodeId v = targets[a];
      if (population.can_adopt(v)) f(a, v);
    }
  }

  // Every trial has probability p: one threshold for the whole step, no
  // trust read at all; trust 1 (a breadth-first search) draws no words.
  void step_constant(StepContext& context, float p) {
    const Population& population = context.population();
    const std::uint64_t threshold = word_threshold(p);
    const bool certain = threshold > kMaxWord;
    arcs_examined_ += for_each_frontier_row(
        graph_, population.frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          if (threshold == 0) return;
          for_each_open_target(population, begin, end, [&](ArcId a, NodeId v) {
            if (certain || word(a) < threshold) context.persuade(v, u, p);
          });
        },
        threshold == 0 ? RowPrefetch::kRowStart : RowPrefetch::kTargets);
  }

  // One trust p < 1 on every arc: instead of a trial per arc, the arcs the
  // cascade tries, taken in the order it tries them (frontier order, then
  // row order), are cut into runs of dead arcs each followed by a live one.
  // The words of the replicate's Purpose::kDeadRuns stream give the runs'
  // lengths in turn (one word each, or one per 1024 arcs of a longer run):
  // P(G >= k) = (1 - p)^k, read off the rule's survival table without
  // a logarithm, so the outcome is the same on every platform. Every arc is
  // then live with probability p, independently of all others, and tried at
  // most once. A run carries over from row to row: a cascade at p = 0.01
  // draws one word per hundred arcs, and a row inside a run costs only its
  // row start. The live arcs are listed first, then their targets read with
  // prefetching, since only they are (the order of persuasion is the same).
  void step_sparse(StepContext& context, float p) {
    const Population& population = context.population();
    live_arcs_.clear();
    arcs_examined_ += for_each_frontier_row(
        graph_, population.frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          for (ArcId a = begin;;) {
            if (dead_ahead_ >= end - a) {
              dead_ahead_ -= end - a;
              return;
            }
            a += static_cast<ArcId>(dead_ahead_);
            dead_ahead_ = 0;
            if (!live_ahead_) {
              next_run();
              continue;
            }
            live_ahead_ = false;
            live_arcs_.push_back({u, a++});
          }
        },
        RowPrefetch::kRowStart);
    const NodeId* targets = graph_.targets().data();
    const AgentState* states = population.states().data();
    const std::size_t size = live_arcs_.size();
    // A target's state is asked for once the target should have arrived.
    constexpr std::size_t kTargetsOn = 24, kStatesOn = 8;
    for (std::size_t i = 0; i < size && i < kTargetsOn; ++i)
      __builtin_prefetch(targets + live_arcs_[i].arc);
    for (std::size_t i = 0; i < size && i < kStatesOn; ++i)
      __builtin_prefetch(states + targets[live_arcs_[i].arc]);
    for (std::size_t i = 0; i < size; ++i) {
      if (i + kTargetsOn < size) __builtin_prefetch(targets + live_arcs_[i + kTargetsOn].arc);
      if (i + kStatesOn < size) __builtin_prefetch(states + targets[live_arcs_[i + kStatesOn].arc]);
      const NodeId v = targets[live_arcs_[i].arc];
      if (population.can_adopt(v)) context.persuade(v, live_arcs_[i].source, p);
    }
  }

  // The next run: dead_ahead_ dead arcs, then a live one; or, for a word
  // below the survival table's last entry (which is then not 0), as many
  // dead arcs as the table has steps, and another run after them.
  void next_run() {
    const std::uint32_t w = dead_runs_.next_u32();
    const std::uint64_t* survival = survival_.data();
    const std::size_t last = survival_.size() - 1;
    if (w < survival[last]) {
      dead_ahead_ += last;
      return;
    }
    // The run's length is the k < last with survival[k] > w >= survival[k+1]
    // (the table decreases). The guide table gives the shortest run of w's
    // bucket, a step or so below (a binary search cost ten mispredicted
    // branches, a logarithm as much).
    std::size_t k = guide_[w >> IndependentCascade::kGuideShift];
    while (w < survival[k + 1]) ++k;
    dead_ahead_ += k;
    live_ahead_ = true;
  }

  // Trust 1 everywhere: one level of a direction-optimizing BFS, with
  // GAPBS's switching rule (alpha 15, beta 18). arcs_examined counts the
  // frontier's out-arcs either way.
  void step_breadth_first(StepContext& context) {
    const Population& population = context.population();
    const std::span<const NodeId> frontier = population.frontier();
    const ArcId* rows = graph_.row_starts().data();
    // After a bottom-up step its adopters' arcs were counted as they adopted
    // (their rows were in cache then); otherwise the frontier's are counted.
    const bool was_bottom_up = bottom_up_;
    std::uint64_t scout = 0;
    if (was_bottom_up) {
      scout = next_scout_;
    } else {
      for (NodeId u : frontier) scout += rows[u + 1] - rows[u];
    }
    const NodeId n = graph_.num_nodes();
    const std::uint64_t awake = frontier.size();
    if (was_bottom_up) {
      bottom_up_ = awake >= previous_frontier_ || awake > n / kBeta;
    } else {
      bottom_up_ = scout > unexplored_arcs_ / kAlpha;
    }
    previous_frontier_ = awake;
    if (!bottom_up_) {
      unexplored_arcs_ -= std::min(unexplored_arcs_, scout);
      step_constant(context, 1.0f);
      return;
    }
    arcs_examined_ += scout;
    // The frontier as a bitmap: the one the last step filled if it was a
    // bottom-up step too, else built from the list.
    if (was_bottom_up) {
      frontier_bits_.swap(next_bits_);
    } else {
      std::fill(frontier_bits_.begin(), frontier_bits_.end(), 0);
      for (NodeId u : frontier) frontier_bits_[u >> 6] |= std::uint64_t{1} << (u & 63);
    }
    std::fill(next_bits_.begin(), next_bits_.end(), 0);
    next_scout_ = 0;
    const NodeId* targets = graph_.targets().data();
    const std::uint64_t* bits = frontier_bits_.data();
    for (NodeId v = 0; v < n; ++v) {
      if (!population.can_adopt(v)) continue;
      for (ArcId a = rows[v], end = rows[v + 1]; a < end; ++a) {
        const NodeId u = targets[a];  // an in-neighbour: the graph is undirected
        if (bits[u >> 6] >> (u & 63) & 1) {
          context.persuade(v, u, 1.0f);
          next_bits_[v >> 6] |= std::uint64_t{1} << (v & 63);
          next_scout_ += rows[v + 1] - rows[v];
          break;
        }
      }
    }
  }

  static constexpr std::uint64_t kAlpha = 15;
  static constexpr std::uint64_t kBeta = 18;
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

  const Graph& graph_;
  bool uniform_trust_;
  bool breadth_first_ = false;  // trust 1 on an undirected graph
  std::vector<std::uint64_t> frontier_bits_;
  std::vector<std::uint64_t> next_bits_;  // this bottom-up step's adopters
  std::uint64_t next_scout_ = 0;          // and the arcs they hold
  std::uint64_t unexplored_arcs_ = 0;
  bool bottom_up_ = false;
  std::uint64_t previous_frontier_ = 0;
  CounterStream trials_{0, 0, Purpose::kArcTrial};
  struct LiveArc {
    NodeId source;
    ArcId arc;
  };
  std::vector<LiveArc> live_arcs_;  // of the step, in the order they were tried
  RandomStream dead_runs_{0, 0, Purpose::kDeadRuns};
  std::uint64_t dead_ahead_ = 0;             // arcs known dead before the next one to try
  bool live_ahead_ = false;                  // and the arc after them is live
  std::span<const std::uint64_t> survival_;  // the rule's, for one trust p in (0, 1)
  std::span<const std::uint16_t> guide_;     // the rule's
  Block block_{};
  std::uint64_t cached_block_ = kNoBlock;
};

}  // namespace

IndependentCascade::IndependentCascade(const Graph& graph) : graph_(graph) {
  const std::span<const float> trust = graph.trust();
  // Told at the first differing arc when trust varies.
  const auto bits = trust.empty() ? 0 : std::bit_cast<std::uint32_t>(trust[0]);
  uniform_trust_ = !trust.empty() && std::all_of(trust.begin(), trust.end(), [bits](float t) {
    return std::bit_cast<std::uint32_t>(t) == bits;
  });
  if (!uniform_trust_ || !(trust[0] > 0 && trust[0] < 1)) return;
  const double q = 1.0 - static_cast<double>(trust[0]);
  double x = 1.0;
  survival_.push_back(std::uint64_t{1} << 32);
  while (survival_.size() <= kSurvivalSteps && survival_.back() != 0) {
    x *= q;
    survival_.push_back(static_cast<std::uint64_t>(x * 4294967296.0));
  }
  // Bucket b holds the words [b, b + 1) * 2^kGuideShift; the largest has the
  // shortest run (a bucket below the table's last entry is never asked).
  const std::size_t last = survival_.size() - 1;
  const std::uint64_t* first = survival_.data() + 1;
  guide_.resize(std::size_t{1} << (32 - kGuideShift));
  for (std::size_t b = 0; b < guide_.size(); ++b) {
    const std::uint64_t top = ((b + 1) << kGuideShift) - 1;
    const std::uint64_t* found =
        std::partition_point(first, first + last, [top](std::uint64_t t) { return top < t; });
    guide_[b] = static_cast<std::uint16_t>(std::min<std::size_t>(found - first, last - 1));
  }
}

std::unique_ptr<RuleWorker> IndependentCascade::make_worker() const {
  return std::make_unique<IndependentCascadeWorker>(graph_, *this);
}

}  // namespace koubei
