#include "koubei/rules/independent_cascade.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <span>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/random/philox_batch.hpp"
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
    arc_words_ = CounterStream(master_seed, replicate, Purpose::kArcTrial);
    dead_runs_ = RandomStream(master_seed, replicate, Purpose::kDeadRuns);
    dead_ahead_ = 0;
    live_ahead_ = false;
    arcs_examined_ = 0;
    arcs_read_ = 0;
    unexplored_arcs_ = graph_.num_arcs();
    bottom_up_ = false;
    previous_frontier_ = 0;
  }

  std::uint64_t arcs_read() const override { return arcs_read_; }

  std::uint64_t memory_bytes() const override {
    return (frontier_bits_.capacity() + next_bits_.capacity()) * sizeof(std::uint64_t) +
           live_arcs_.capacity() * sizeof(LiveArc) + trials_.capacity() * sizeof(Trial) +
           block_indices_.capacity() * sizeof(std::uint64_t) +
           block_of_.capacity() * sizeof(std::uint32_t) + blocks_.capacity() * sizeof(Block) +
           words_.capacity() * sizeof(std::uint32_t) + rows_.capacity() * sizeof(Row);
  }

  void step(StepContext& context) override {
    if (breadth_first_ && context.adopts_at_once())
      step_breadth_first(context);
    else if (!survival_.empty() && context.plain_trust())  // runs, one trust in (0, 1)
      step_sparse(context, graph_.trust()[0]);
    else if (uniform_trust_ && context.plain_trust() && certain_or_never(graph_.trust()[0]))
      step_constant(context, graph_.trust()[0]);
    else if (context.plain_trust() && uniform_trust_)
      step_plain<true>(context);
    else if (context.plain_trust())
      step_plain<false>(context);
    else if (uniform_trust_)
      step_rows<true>(context);
    else
      step_rows<false>(context);
  }

 private:
  // The per-arc sampler without a community barrier: an arc's trial is
  // decided by its word and its own trust alone, so the words of every arc
  // of the frontier are computed (each row's Philox blocks, a chunk of rows
  // at a time, with SIMD: philox_blocks) and only the live arcs' targets and
  // states are read afterwards, as under the run sampler. A dead arc costs
  // a quarter of a Philox block and no cache miss.
  template <bool kUniform>
  void step_plain(StepContext& context) {
    const float* trust = graph_.trust().data();
    const std::uint64_t uniform_threshold = kUniform ? word_threshold(trust[0]) : 0;
    live_arcs_.clear();
    rows_.clear();
    block_indices_.clear();
    const std::uint64_t arcs = for_each_frontier_row(
        graph_, context.population().frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          if (begin == end) return;
          const std::size_t listed = block_indices_.size();
          rows_.push_back({u, begin, end, static_cast<std::uint32_t>(listed)});
          const std::uint64_t first = begin >> 2, count = ((end - 1) >> 2) - first + 1;
          block_indices_.resize(listed + count);
          std::uint64_t* out = block_indices_.data() + listed;  // kept in a register
          for (std::uint64_t k = 0; k < count; ++k) out[k] = first + k;
          if (listed + count >= kChunkBlocks) decide_rows<kUniform>(uniform_threshold);
        },
        kUniform ? RowPrefetch::kRowStart : RowPrefetch::kTrust);
    decide_rows<kUniform>(uniform_threshold);
    arcs_examined_ += arcs;
    // Read: with one trust, only the live arcs' targets; else every arc's trust.
    arcs_read_ += kUniform ? live_arcs_.size() : arcs;
    persuade_live_arcs(context, kUniform ? trust[0] : -1.0f);
  }

  // The live arcs of the listed rows (step_plain), in order, onto live_arcs_.
  // The blocks land in a flat array of words (a Block is four words with
  // nothing between them), so a row's words are consecutive: word a of the
  // row is at 4 * first_block + (a - begin rounded down to a multiple of 4).
  template <bool kUniform>
  void decide_rows(std::uint64_t uniform_threshold) {
    if (rows_.empty()) return;
    static_assert(sizeof(Block) == 4 * sizeof(std::uint32_t));
    words_.resize(4 * block_indices_.size());
    philox_blocks(arc_words_, block_indices_.data(), block_indices_.size(),
                  reinterpret_cast<Block*>(words_.data()));
    if constexpr (kUniform) {
      find_live_words(uniform_threshold);
    } else {
      decide_each_arc();
    }
    rows_.clear();
    block_indices_.clear();
  }

  // One threshold for every word: all the chunk's words are compared at once
  // (a loop the compiler vectorizes), and the flags are then skimmed eight at
  // a time, so a dead arc costs a fraction of a compare; each live word is
  // mapped back to its row and arc (words of a block outside the row's arcs
  // are passed over).
  void find_live_words(std::uint64_t threshold) {
    // Trust in (0, 1) here, so the threshold fits 32 bits: a compare of
    // equal widths, which vectorizes.
    const auto below = static_cast<std::uint32_t>(threshold);
    const std::size_t count = words_.size();
    flags_.resize((count + 7) & ~std::size_t{7});
    const std::uint32_t* words = words_.data();
    std::uint8_t* flags = flags_.data();
    for (std::size_t k = 0; k < count; ++k) flags[k] = words[k] < below;
    std::fill(flags + count, flags + flags_.size(), std::uint8_t{0});
    std::size_t r = 0;
    for (std::size_t k = 0; k < flags_.size(); k += 8) {
      std::uint64_t eight;
      std::memcpy(&eight, flags + k, 8);
      while (eight != 0) {
        const unsigned bit = static_cast<unsigned>(std::countr_zero(eight));
        eight &= eight - 1;
        const std::size_t at = k + bit / 8;
        while (r < rows_.size() && rows_[r].first_word() + (rows_[r].end - rows_[r].begin) <= at)
          ++r;
        if (r == rows_.size()) return;  // a word of the last block past the last row
        const std::size_t first = rows_[r].first_word();
        if (at >= first)
          live_arcs_.push_back({rows_[r].source, static_cast<ArcId>(rows_[r].begin + (at - first))});
      }
    }
  }

  // Trust per arc: each arc is written to the end of the list and kept only
  // if live, so the loop has no branch to mispredict.
  void decide_each_arc() {
    const float* trust = graph_.trust().data();
    std::size_t live = live_arcs_.size();
    for (const Row& row : rows_) {
      const std::uint32_t* words = words_.data() + 4 * std::size_t{row.first_block} - (row.begin & ~3u);
      live_arcs_.resize(live + (row.end - row.begin));
      LiveArc* out = live_arcs_.data();
      for (ArcId a = row.begin; a < row.end; ++a) {
        // word_threshold(p) for p in [0, 1], without its branches: a word is
        // below 2^32 always (trust 1) and below 0 never (trust 0).
        const auto threshold =
            static_cast<std::uint64_t>(static_cast<double>(trust[a]) * 4294967296.0);
        out[live] = {row.source, a};
        live += words[a] < threshold;
      }
    }
    live_arcs_.resize(live);
  }

  // The per-arc sampler with a community barrier, whose effective trust
  // depends on the target. The frontier's arcs whose target can still adopt
  // and whose trial can succeed are listed in order as trials, a chunk at a
  // time; then the Philox blocks of the chunk's arcs are computed together
  // (several blocks per SIMD batch: philox_blocks), and the trials decided in
  // the order they were listed. A target may have adopted since it was
  // listed (an earlier trial of the chunk won it), so it is asked again
  // before it is persuaded: the outcome, and the order of persuasion, are
  // those of deciding each arc as it is reached.
  //
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
    trials_.clear();
    const std::uint64_t arcs = for_each_frontier_row(
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
            // A word is below 0 never: a trial at trust 0 is not listed.
            if (threshold != 0) trials_.push_back({u, v, a, p});
          });
          if (trials_.size() >= kChunk) decide_trials(context);
        },
        kUniform ? RowPrefetch::kTargets : RowPrefetch::kTargetsAndTrust);
    decide_trials(context);
    arcs_examined_ += arcs;
    arcs_read_ += arcs;
  }

  // Decides the listed trials in order (step_rows), then empties the list.
  void decide_trials(StepContext& context) {
    const std::size_t size = trials_.size();
    if (size == 0) return;
    // The distinct blocks of the listed arcs that need a word, in order: a
    // row's arcs are consecutive, so its trials share blocks (4 words each).
    block_indices_.clear();
    block_of_.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      if (word_threshold(trials_[i].trust) > kMaxWord) continue;  // certain: no word
      const std::uint64_t b = trials_[i].arc >> 2;
      if (block_indices_.empty() || block_indices_.back() != b) block_indices_.push_back(b);
      block_of_[i] = static_cast<std::uint32_t>(block_indices_.size() - 1);
    }
    blocks_.resize(block_indices_.size());
    philox_blocks(arc_words_, block_indices_.data(), block_indices_.size(), blocks_.data());
    const Population& population = context.population();
    for (std::size_t i = 0; i < size; ++i) {
      const Trial& t = trials_[i];
      const std::uint64_t threshold = word_threshold(t.trust);
      if (threshold > kMaxWord || blocks_[block_of_[i]].v[t.arc & 3] < threshold) {
        if (population.can_adopt(t.target)) context.persuade(t.target, t.source, t.trust);
      }
    }
    trials_.clear();
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

  // Trust 0 or 1 on every arc: no word is drawn, no trust read; trust 1 is a
  // breadth-first search, trust 0 reads row starts only.
  static bool certain_or_never(float p) {
    const std::uint64_t threshold = word_threshold(p);
    return threshold == 0 || threshold > kMaxWord;
  }
  void step_constant(StepContext& context, float p) {
    const Population& population = context.population();
    const std::uint64_t threshold = word_threshold(p);
    const std::uint64_t arcs = for_each_frontier_row(
        graph_, population.frontier(),
        [&](NodeId u, ArcId begin, ArcId end) {
          if (threshold == 0) return;
          for_each_open_target(population, begin, end,
                               [&](ArcId, NodeId v) { context.persuade(v, u, p); });
        },
        threshold == 0 ? RowPrefetch::kRowStart : RowPrefetch::kTargets);
    arcs_examined_ += arcs;
    if (threshold > 0) arcs_read_ += arcs;  // at trust 0 no target is read
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
    arcs_read_ += live_arcs_.size();
    persuade_live_arcs(context, p);
  }

  // The step's live arcs, in the order they were tried: their targets, which
  // can still adopt, are persuaded with trust `p` (or, for p < 0, the arc's
  // own). Targets and states are prefetched ahead, since only now are they
  // read.
  void persuade_live_arcs(StepContext& context, float p) {
    const Population& population = context.population();
    const NodeId* targets = graph_.targets().data();
    const float* trust = graph_.trust().data();
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
      const LiveArc& live = live_arcs_[i];
      const NodeId v = targets[live.arc];
      if (population.can_adopt(v)) context.persuade(v, live.source, p < 0 ? trust[live.arc] : p);
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
      ArcId a = rows[v];
      const ArcId end = rows[v + 1];
      for (; a < end; ++a) {
        const NodeId u = targets[a];  // an in-neighbour: the graph is undirected
        if (bits[u >> 6] >> (u & 63) & 1) {
          context.persuade(v, u, 1.0f);
          next_bits_[v >> 6] |= std::uint64_t{1} << (v & 63);
          next_scout_ += end - rows[v];
          ++a;  // this arc was read too
          break;
        }
      }
      arcs_read_ += a - rows[v];
    }
  }

  static constexpr std::uint64_t kAlpha = 15;
  static constexpr std::uint64_t kBeta = 18;
  static constexpr ArcId kStateAhead = 4;  // along a node's arcs
  static constexpr std::uint64_t kMaxWord = 0xffffffff;

  // Trials listed before a chunk is decided (step_rows): about 8 KB.
  static constexpr std::size_t kChunk = 512;
  // Blocks of rows listed before their words are computed (step_plain): 4 KB.
  static constexpr std::size_t kChunkBlocks = 256;
  struct Row {
    NodeId source;
    ArcId begin, end;
    std::uint32_t first_block;  // its first block's place in block_indices_
    /// Where its first arc's word lies among the words of the listed blocks.
    std::size_t first_word() const { return 4 * std::size_t{first_block} + (begin & 3); }
  };
  struct Trial {
    NodeId source;
    NodeId target;
    ArcId arc;
    float trust;  // effective
  };

  const Graph& graph_;
  bool uniform_trust_;
  bool breadth_first_ = false;  // trust 1 on an undirected graph
  std::vector<std::uint64_t> frontier_bits_;
  std::vector<std::uint64_t> next_bits_;  // this bottom-up step's adopters
  std::uint64_t next_scout_ = 0;          // and the arcs they hold
  std::uint64_t arcs_read_ = 0;
  std::uint64_t unexplored_arcs_ = 0;
  bool bottom_up_ = false;
  std::uint64_t previous_frontier_ = 0;
  CounterStream arc_words_{0, 0, Purpose::kArcTrial};
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
  std::vector<Trial> trials_;            // listed, not yet decided (step_rows)
  std::vector<Row> rows_;                // listed, not yet decided (step_plain)
  std::vector<std::uint64_t> block_indices_;  // their distinct blocks, in order
  std::vector<std::uint32_t> block_of_;       // per trial, its block's place there
  std::vector<Block> blocks_;                 // the blocks' words (step_rows)
  std::vector<std::uint32_t> words_;          // the blocks' words, flat (step_plain)
  std::vector<std::uint8_t> flags_;           // per word: live (step_plain, one trust)
};

}  // namespace

IcParams IcParams::parse(const Spec& spec) {
  spec.allow_only({"sampler"});
  spec.expect_args(0, "ic or ic:sampler=arcs|runs");
  const std::string sampler = spec.get("sampler").value_or("arcs");
  if (sampler != "arcs" && sampler != "runs")
    throw InputError(
        fmt::format("rule spec '{}': sampler must be arcs or runs, got '{}'", spec.text(), sampler));
  return {sampler == "runs" ? IcSampler::kRuns : IcSampler::kArcs};
}

std::string IcParams::to_string() const {
  return sampler == IcSampler::kRuns ? "ic:sampler=runs" : "ic";
}

IndependentCascade::IndependentCascade(const Graph& graph, IcParams params)
    : graph_(graph), sampler_(params.sampler) {
  const std::span<const float> trust = graph.trust();
  // Told at the first differing arc when trust varies.
  const auto bits = trust.empty() ? 0 : std::bit_cast<std::uint32_t>(trust[0]);
  uniform_trust_ = !trust.empty() && std::all_of(trust.begin(), trust.end(), [bits](float t) {
    return std::bit_cast<std::uint32_t>(t) == bits;
  });
  if (sampler_ != IcSampler::kRuns || !uniform_trust_ || !(trust[0] > 0 && trust[0] < 1)) return;
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
