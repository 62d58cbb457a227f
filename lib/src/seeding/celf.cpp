#include "koubei/seeding/celf.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <queue>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

/// The sampled worlds and what the seeds reach in each.
class Worlds {
 public:
  Worlds(const InfluenceGraph& graph, std::uint32_t count, std::uint64_t master_seed)
      : graph_(graph),
        count_(count),
        master_seed_(master_seed),
        words_((std::size_t{graph.num_nodes()} + 63) / 64) {
    require_memory(std::uint64_t{count} * words_ * 8, "celf's worlds (one bit per node and world)");
    reached_.assign(std::size_t{count} * words_, 0);
  }

  std::uint32_t count() const { return count_; }

  /// Nodes v reaches in world r that the seeds do not; with `mark`, they
  /// become reached. `seen`/`queue` are the calling thread's scratch.
  std::uint64_t gain(NodeId v, std::uint32_t r, bool mark, std::vector<std::uint32_t>& seen,
                     std::uint32_t& stamp, std::vector<NodeId>& queue) {
    std::uint64_t* reached = reached_.data() + std::size_t{r} * words_;
    auto is_reached = [&](NodeId u) { return (reached[u >> 6] >> (u & 63)) & 1; };
    if (is_reached(v)) return 0;
    if (++stamp == 0) {
      std::fill(seen.begin(), seen.end(), 0);
      stamp = 1;
    }
    const Graph& g = graph_.graph();
    const auto rows = g.row_starts();
    const auto targets = g.targets();
    const auto trust = g.trust();
    const CounterStream arcs(master_seed_, r, Purpose::kSelectionArc);
    const CounterStream picks(master_seed_, r, Purpose::kSelectionPick);
    const bool lt = graph_.rule() == InfluenceRule::kLt;
    queue.clear();
    queue.push_back(v);
    seen[v] = stamp;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      const NodeId u = queue[i];
      for (ArcId a = rows[u]; a < rows[u + 1]; ++a) {
        const NodeId w = targets[a];
        if (seen[w] == stamp || is_reached(w)) continue;
        const bool live = lt ? graph_.lt_pick(w, picks.uniform_pair(w)) == u
                             : arcs.word(a) < word_threshold(trust[a]);
        if (!live) continue;
        seen[w] = stamp;
        queue.push_back(w);
      }
    }
    if (mark)
      for (NodeId u : queue) reached[u >> 6] |= std::uint64_t{1} << (u & 63);
    return queue.size();
  }

 private:
  const InfluenceGraph& graph_;
  std::uint32_t count_;
  std::uint64_t master_seed_;
  std::size_t words_;
  std::vector<std::uint64_t> reached_;
};

struct Scratch {
  explicit Scratch(NodeId n) : seen(n, 0) {}
  std::vector<std::uint32_t> seen;
  std::uint32_t stamp = 0;
  std::vector<NodeId> queue;
};

}  // namespace

CelfSelection select_celf(const InfluenceGraph& graph, std::uint64_t k, std::uint32_t worlds,
                          std::span<const char> allowed, std::uint64_t master_seed,
                          unsigned threads) {
  const NodeId n = graph.num_nodes();
  Worlds sample(graph, worlds, master_seed);
  const unsigned parts = std::max(threads, 1u);
  std::vector<Scratch> scratch;
  for (unsigned p = 0; p < parts; ++p) scratch.emplace_back(n);

  // Total gain of v over every world, the worlds cut among the threads.
  auto gain = [&](NodeId v, bool mark) {
    std::vector<std::uint64_t> sums(parts, 0);
    run_parts(parts, [&](unsigned p) {
      Scratch& s = scratch[p];
      const auto begin = static_cast<std::uint32_t>(part_begin(worlds, parts, p));
      const auto end = static_cast<std::uint32_t>(part_begin(worlds, parts, p + 1));
      for (std::uint32_t r = begin; r < end; ++r) sums[p] += sample.gain(v, r, mark, s.seen, s.stamp, s.queue);
    });
    std::uint64_t total = 0;
    for (std::uint64_t s : sums) total += s;
    return total;
  };

  // First round: every candidate's spread alone, the nodes cut among threads.
  std::vector<NodeId> candidates;
  for (NodeId v = 0; v < n; ++v)
    if (allowed.empty() || allowed[v]) candidates.push_back(v);
  std::vector<std::uint64_t> first(candidates.size(), 0);
  run_parts(parts, [&](unsigned p) {
    Scratch& s = scratch[p];
    const std::size_t begin = part_begin(candidates.size(), parts, p);
    const std::size_t end = part_begin(candidates.size(), parts, p + 1);
    for (std::size_t i = begin; i < end; ++i) {
      if (interrupt_requested()) return;
      for (std::uint32_t r = 0; r < worlds; ++r)
        first[i] += sample.gain(candidates[i], r, false, s.seen, s.stamp, s.queue);
    }
  });
  throw_if_interrupted();

  // A max-heap of (gain, node, round it was computed in): larger gain
  // first, then the smaller id.
  struct Entry {
    std::uint64_t gain;
    NodeId node;
    std::uint64_t round;
  };
  auto lower = [](const Entry& a, const Entry& b) {
    return a.gain < b.gain || (a.gain == b.gain && a.node > b.node);
  };
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < candidates.size(); ++i) entries.push_back({first[i], candidates[i], 0});
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower, std::move(entries));

  CelfSelection result;
  result.evaluations = candidates.size();
  std::uint64_t total = 0;
  while (result.seeds.size() < k && !heap.empty()) {
    throw_if_interrupted();
    Entry top = heap.top();
    heap.pop();
    if (top.round != result.seeds.size()) {
      top.gain = gain(top.node, false);
      top.round = result.seeds.size();
      ++result.evaluations;
      heap.push(top);
      continue;
    }
    result.seeds.push_back(top.node);
    total += gain(top.node, true);
  }
  result.worlds_spread = static_cast<double>(total) / worlds;
  logger().info("celf: {} seeds from {} marginal gains over {} worlds", result.seeds.size(),
               result.evaluations, worlds);
  return result;
}

}  // namespace koubei
