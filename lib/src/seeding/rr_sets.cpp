#include "koubei/seeding/rr_sets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

/// The draws of one RR set: word j of set i is SplitMix64's output for the
/// counter base + (i 2^32 + j + 1) gamma (Steele, Lea and Flood, OOPSLA
/// 2014), with `base` from Philox (seed, collection). A set needs a few
/// dozen draws, and each costs a few cycles where a Philox block takes tens.
class SetDraws {
 public:
  static constexpr std::uint64_t kGamma = 0x9E3779B97F4A7C15ULL;
  SetDraws(std::uint64_t base, std::uint64_t set) : state_(base + (set << 32) * kGamma) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += kGamma);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform on [0, 1) with 53 bits.
  static double unit(std::uint64_t word) { return static_cast<double>(word >> 11) * 0x1.0p-53; }
  double unit() { return unit(next()); }
  /// Uniform on (0, 1], for logarithms.
  double unit_above_zero() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  /// Uniform in [0, n), n > 0, without bias (Lemire's multiply-and-reject).
  std::uint64_t below(std::uint64_t n) {
    Uint128 m = static_cast<Uint128>(next()) * n;
    if (static_cast<std::uint64_t>(m) < n) {
      const std::uint64_t t = (0 - n) % n;
      while (static_cast<std::uint64_t>(m) < t) m = static_cast<Uint128>(next()) * n;
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  std::uint64_t state_;
};

/// One thread's scratch: which nodes the current set holds.
class Sampler {
 public:
  explicit Sampler(const InfluenceGraph& graph)
      : graph_(graph),
        nodes_(graph.node_draws().data()),
        laws_(graph.count_laws().data()),
        mark_(graph.num_nodes(), 0),
        prefetch_(graph.memory_bytes() > kCacheBytes) {}

  /// Appends set `index` of the collection whose draws start at `base`.
  void sample(std::uint64_t base, std::uint64_t index, std::vector<NodeId>& out) {
    if (++stamp_ == 0) {  // wrapped: forget every old mark
      std::fill(mark_.begin(), mark_.end(), 0);
      stamp_ = 1;
    }
    SetDraws draws(base, index);
    const auto root = static_cast<NodeId>(draws.below(graph_.num_nodes()));
    const std::size_t first = out.size();
    out.push_back(root);
    mark_[root] = stamp_;
    if (graph_.rule() == InfluenceRule::kLt) {
      for (NodeId v = root;;) {
        const NodeId u = graph_.lt_pick(v, draws.unit());
        if (u == v || mark_[u] == stamp_) break;
        mark_[u] = stamp_;
        out.push_back(u);
        v = u;
      }
      return;
    }
    if (prefetch_)
      walk<true>(draws, first, out);
    else
      walk<false>(draws, first, out);
  }

 private:
  /// The breadth-first search backwards from out[first]. On graphs larger
  /// than a core's cache it asks for the nodes eight places ahead in the
  /// queue and for the in-arcs of those four ahead; on smaller ones that
  /// costs more than it saves.
  template <bool kPrefetch>
  void walk(SetDraws& draws, std::size_t first, std::vector<NodeId>& out) {
    const InfluenceGraph::NodeDraw* nodes = nodes_;
    const NodeId* sources = graph_.in_sources().data();
    const float* values = graph_.in_value().data();
    for (std::size_t next = first; next < out.size(); ++next) {
      if constexpr (kPrefetch) {
        if (next + 8 < out.size()) __builtin_prefetch(nodes + out[next + 8]);
        if (next + 4 < out.size()) {
          const ArcId row = nodes[out[next + 4]].begin;
          __builtin_prefetch(sources + row);
          __builtin_prefetch(values + row);
        }
      }
      const InfluenceGraph::NodeDraw& node = nodes[out[next]];
      switch (node.draw) {
        case InfluenceGraph::Draw::kNone:
          break;
        case InfluenceGraph::Draw::kAll:
          for (ArcId i = node.begin; i < node.end; ++i) visit(sources[i], out);
          break;
        case InfluenceGraph::Draw::kCount:
          count_live(node, draws, out);
          break;
        case InfluenceGraph::Draw::kCoins:
          flip_live(node, draws, out);
          break;
        case InfluenceGraph::Draw::kJumps:
          jump_live(node, draws, out);
          break;
      }
    }
  }

  /// Queues u unless the set has it. Its node record is asked for at once:
  /// the queue reaches it soon, and the load is the walk's longest wait.
  void visit(NodeId u, std::vector<NodeId>& out) {
    if (mark_[u] == stamp_) return;
    mark_[u] = stamp_;
    __builtin_prefetch(nodes_ + u);
    out.push_back(u);
  }

  /// One probability on every in-arc: K ~ Binomial(d, p) live, by inversion,
  /// then K distinct arcs uniformly. Most nodes have no or one live in-arc:
  /// two integer comparisons decide those (the thresholds are the chances
  /// times 2^64), inline; the rest is a call.
  [[gnu::always_inline]] void count_live(const InfluenceGraph::NodeDraw& node, SetDraws& draws,
                                         std::vector<NodeId>& out) {
    const InfluenceGraph::CountLaw& law = laws_[node.law];
    const std::uint64_t word = draws.next();
    if (word < law.none) return;
    if (word < law.at_most_one) {
      visit(graph_.in_sources()[node.begin + draws.below(node.end - node.begin)], out);
      return;
    }
    count_several(node, law, word, draws, out);
  }

  /// K >= 2 for `word`, by inversion from P(K = 1) on.
  [[gnu::noinline]] void count_several(const InfluenceGraph::NodeDraw& node,
                                       const InfluenceGraph::CountLaw& law, std::uint64_t word,
                                       SetDraws& draws, std::vector<NodeId>& out) {
    const std::uint64_t d = node.end - node.begin;
    const NodeId* sources = graph_.in_sources().data() + node.begin;
    const double u = SetDraws::unit(word);
    double chance = law.one;                      // P(K = k)
    double below_k = law.one + law.none_chance;  // P(K <= k)
    std::uint64_t k = 1;
    do {
      chance *= static_cast<double>(d - k) * reciprocal(k + 1) * law.odds;
      ++k;
      below_k += chance;
    } while (u >= below_k && k < d);
    if (k == d) {
      for (std::uint64_t i = 0; i < d; ++i) visit(sources[i], out);
      return;
    }
    if (k <= kFewLive) {  // distinct picks, redrawn on a repeat
      std::uint64_t picked[kFewLive];
      for (std::uint64_t j = 0; j < k; ++j) {
        bool repeat = true;
        while (repeat) {
          picked[j] = draws.below(d);
          repeat = std::find(picked, picked + j, picked[j]) != picked + j;
        }
        visit(sources[picked[j]], out);
      }
      return;
    }
    // Many (a far tail when d p <= 4): selection sampling over the arcs.
    std::uint64_t left = k;
    for (std::uint64_t i = 0; i < d && left > 0; ++i) {
      if (draws.below(d - i) < left) {
        visit(sources[i], out);
        --left;
      }
    }
  }

  /// A 32-bit word per arc, two from each draw.
  void flip_live(const InfluenceGraph::NodeDraw& node, SetDraws& draws, std::vector<NodeId>& out) {
    const NodeId* sources = graph_.in_sources().data();
    const float* probability = graph_.in_value().data();
    const ArcId end = node.end;
    std::uint64_t words = 0;
    for (ArcId i = node.begin, j = 0; i < end; ++i, ++j) {
      if ((j & 1) == 0) words = draws.next();
      const auto word = static_cast<std::uint32_t>(words >> (32 * (j & 1)));
      if (word < static_cast<std::uint64_t>(static_cast<double>(probability[i]) * 0x1.0p32))
        visit(sources[i], out);
    }
  }

  /// Geometric jumps over the arcs that fail at the largest probability
  /// left, q; the arc landed on is live with chance p / q.
  void jump_live(const InfluenceGraph::NodeDraw& node, SetDraws& draws, std::vector<NodeId>& out) {
    const NodeId* sources = graph_.in_sources().data();
    const float* probability = graph_.in_value().data();
    const float* skip = graph_.in_skip().data();
    ArcId i = node.begin;
    const ArcId end = node.end;
    while (i < end) {
      const float q = probability[i];
      if (q < 1.0f) {
        const double jump = std::log(draws.unit_above_zero()) * static_cast<double>(skip[i]);
        if (!(jump < static_cast<double>(end - i))) break;
        i += static_cast<ArcId>(jump);
        if (probability[i] != q && !(draws.unit() * q < probability[i])) {
          ++i;
          continue;
        }
      }
      visit(sources[i], out);
      ++i;
    }
  }

  static constexpr std::uint64_t kFewLive = 32;
  // 1 / j for the inversion's small j: a multiplication waits less than a
  // division.
  static constexpr std::uint64_t kReciprocals = 32;
  static constexpr auto kReciprocal = [] {
    std::array<double, kReciprocals + 1> r{};
    for (std::uint64_t j = 1; j <= kReciprocals; ++j) r[j] = 1.0 / static_cast<double>(j);
    return r;
  }();
  static double reciprocal(std::uint64_t j) {
    return j <= kReciprocals ? kReciprocal[j] : 1.0 / static_cast<double>(j);
  }
  static constexpr std::uint64_t kCacheBytes = std::uint64_t{1} << 20;

  const InfluenceGraph& graph_;
  const InfluenceGraph::NodeDraw* nodes_;
  const InfluenceGraph::CountLaw* laws_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
  bool prefetch_;
};

}  // namespace

RrSets::RrSets(const InfluenceGraph& graph, std::uint64_t master_seed, std::uint32_t collection)
    : graph_(graph), master_seed_(master_seed), collection_(collection) {}

void RrSets::clear() {
  blocks_.clear();
  blocks_.shrink_to_fit();
  size_ = 0;
  total_nodes_ = 0;
}

void RrSets::grow_to(std::uint64_t count, unsigned threads) {
  if (count <= size_) return;
  if (count >= (std::uint64_t{1} << 32))
    throw InputError(fmt::format("{} RR sets are more than a collection holds (2^32 - 1)", count));
  if (graph_.num_nodes() == 0) throw InputError("RR sets need a graph with nodes");
  const std::uint64_t first_block = size_ >> kBlockBits;
  const std::uint64_t last_block = (count - 1) >> kBlockBits;
  blocks_.resize(last_block + 1);
  const koubei::Block key = CounterStream(master_seed_, collection_, Purpose::kRrSets).block(0);
  const std::uint64_t base = (std::uint64_t{key.v[0]} << 32) | key.v[1];
  std::atomic<std::uint64_t> next_block{first_block};
  std::vector<std::uint64_t> added(std::max(threads, 1u), 0);
  const std::uint64_t from = size_;
  run_parts(std::max(threads, 1u), [&](unsigned part) {
    Sampler sampler(graph_);
    // Each thread fills its own arrays and copies them into the block when
    // it is done: blocks sit side by side, so growing their arrays in place
    // from two threads would write to one cache line all the time.
    std::vector<NodeId> nodes;
    std::vector<std::uint64_t> ends;
    for (std::uint64_t b; (b = next_block.fetch_add(1)) <= last_block;) {
      if (interrupt_requested()) return;
      Block& block = blocks_[b];
      const std::uint64_t begin = std::max(from, b << kBlockBits);
      const std::uint64_t end = std::min(count, (b + 1) << kBlockBits);
      nodes.assign(block.nodes.begin(), block.nodes.end());
      ends.assign(block.ends.begin(), block.ends.end());
      for (std::uint64_t i = begin; i < end; ++i) {
        sampler.sample(base, i, nodes);
        ends.push_back(nodes.size());
      }
      added[part] += nodes.size() - block.nodes.size();
      // Exactly the size: a block is written again only while it is the last.
      block.nodes = std::vector<NodeId>(nodes.begin(), nodes.end());
      block.ends = std::vector<std::uint64_t>(ends.begin(), ends.end());
    }
  });
  throw_if_interrupted();
  for (std::uint64_t a : added) total_nodes_ += a;
  size_ = count;
}

std::uint64_t RrSets::count_covered(std::span<const NodeId> nodes, unsigned threads) const {
  std::vector<char> chosen(graph_.num_nodes(), 0);
  for (NodeId v : nodes) chosen[v] = 1;
  const unsigned parts = std::max(threads, 1u);
  std::vector<std::uint64_t> covered(parts, 0);
  run_parts(parts, [&](unsigned p) {
    const std::uint64_t begin = part_begin(size_, parts, p), end = part_begin(size_, parts, p + 1);
    for (std::uint64_t i = begin; i < end; ++i) {
      for (NodeId v : set(i)) {
        if (chosen[v]) {
          ++covered[p];
          break;
        }
      }
    }
  });
  std::uint64_t total = 0;
  for (std::uint64_t c : covered) total += c;
  return total;
}

std::uint64_t RrSets::memory_bytes() const {
  std::uint64_t bytes = blocks_.capacity() * sizeof(Block);
  for (const Block& block : blocks_)
    bytes += block.nodes.capacity() * sizeof(NodeId) + block.ends.capacity() * sizeof(std::uint64_t);
  return bytes;
}

}  // namespace koubei
