#include "koubei/seeding/influence_graph.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "koubei/core/memory.hpp"
#include "koubei/core/parallel.hpp"

namespace koubei {
namespace {

/// A chance as a threshold for 64-bit words: a word w falls below it with
/// that chance (to 2^-64); 2^64 - 1 for chances of 1 or more.
std::uint64_t to_word_threshold(double chance) {
  if (!(chance > 0)) return 0;
  if (chance >= 1) return ~std::uint64_t{0};
  return static_cast<std::uint64_t>(std::ldexp(chance, 64));
}

}  // namespace

InfluenceGraph::InfluenceGraph(const Graph& graph, InfluenceRule rule, unsigned threads)
    : graph_(graph), rule_(rule) {
  const NodeId n = graph.num_nodes();
  const auto rows = graph.row_starts();
  const auto targets = graph.targets();
  const auto trust = graph.trust();
  const std::uint64_t m = graph.num_arcs();
  require_memory(std::uint64_t{12} * m + std::uint64_t{8} * n, "the reverse graph for seed selection");
  if (rule == InfluenceRule::kLt) {
    std::vector<double> incoming(n, 0.0);
    for (std::uint64_t a = 0; a < m; ++a) incoming[targets[a]] += trust[a];
    lt_scale_.resize(n);
    for (NodeId v = 0; v < n; ++v) lt_scale_[v] = static_cast<float>(1.0 / std::max(1.0, incoming[v]));
  }
  // The kept in-arcs of every node, by source in ascending order. Each part
  // takes the rows of a range of sources (about m / parts arcs) and counts
  // what it keeps of every node's in-arcs; a node's in-arcs from part p
  // then follow those from the parts before it, so every part places its
  // own without a lock, and the order is that of one thread.
  const auto parts = static_cast<unsigned>(
      std::clamp<std::uint64_t>(m / kArcsPerPart, 1, std::max(threads, 1u)));
  std::vector<NodeId> first_source(parts + 1, n);
  for (unsigned p = 0; p < parts; ++p)
    first_source[p] = static_cast<NodeId>(
        std::lower_bound(rows.begin(), rows.end() - 1, static_cast<ArcId>(m * p / parts)) - rows.begin());
  std::vector<std::vector<ArcId>> at(parts);  // counts, then where part p writes next
  run_parts(parts, [&](unsigned p) {
    at[p].assign(n, 0);
    ArcId* count = at[p].data();
    for (ArcId a = rows[first_source[p]]; a < rows[first_source[p + 1]]; ++a)
      count[targets[a]] += trust[a] > 0;
  });
  in_start_.assign(std::size_t{n} + 1, 0);
  for (NodeId v = 0; v < n; ++v) {
    ArcId next = in_start_[v];
    for (unsigned p = 0; p < parts; ++p) next += std::exchange(at[p][v], next);
    in_start_[v + 1] = next;
  }
  const ArcId kept = in_start_[n];
  in_source_.resize(kept);
  in_value_.resize(kept);
  run_parts(parts, [&](unsigned p) {
    ArcId* next = at[p].data();
    for (NodeId u = first_source[p]; u < first_source[p + 1]; ++u) {
      for (ArcId a = rows[u]; a < rows[u + 1]; ++a) {
        if (!(trust[a] > 0)) continue;
        const NodeId v = targets[a];
        const ArcId slot = next[v]++;
        in_source_[slot] = u;
        in_value_[slot] = static_cast<float>(arc_probability(a, v));
      }
    }
  });
  at.clear();
  at.shrink_to_fit();
  if (rule == InfluenceRule::kLt) {
    for (NodeId v = 0; v < n; ++v) {
      double sum = 0;
      for (ArcId i = in_start_[v]; i < in_start_[v + 1]; ++i) {
        sum += in_value_[i];
        in_value_[i] = static_cast<float>(std::min(sum, 1.0));
      }
    }
    return;
  }
  // How each node's live in-arcs are drawn, on the same parts by target.
  in_skip_.assign(kept, 0.0f);
  node_draw_.assign(n, NodeDraw{});
  std::vector<NodeId> first_target(parts + 1, n);
  for (unsigned p = 0; p < parts; ++p)
    first_target[p] = static_cast<NodeId>(
        std::lower_bound(in_start_.begin(), in_start_.end() - 1, static_cast<ArcId>(std::uint64_t{kept} * p / parts)) -
        in_start_.begin());
  run_parts(parts, [&](unsigned p) {
    std::vector<std::pair<float, NodeId>> row;
    for (NodeId v = first_target[p]; v < first_target[p + 1]; ++v) classify(v, row);
  });
  // A law for each distinct (d, p) of the `count` nodes, numbered in node
  // order.
  std::unordered_map<std::uint64_t, std::uint32_t> law_of;  // (d, bits of p) -> its law
  for (NodeId v = 0; v < n; ++v) {
    NodeDraw& node = node_draw_[v];
    if (node.draw != Draw::kCount) continue;
    const ArcId d = node.end - node.begin;
    const float p = in_value_[node.begin];
    const std::uint64_t key = (std::uint64_t{d} << 32) | std::bit_cast<std::uint32_t>(p);
    const auto [it, added] = law_of.try_emplace(key, static_cast<std::uint32_t>(count_law_.size()));
    node.law = it->second;
    if (added) count_law_.push_back(count_law(d, p));
  }
  count_law_.shrink_to_fit();
}

void InfluenceGraph::classify(NodeId v, std::vector<std::pair<float, NodeId>>& row) {
  const ArcId begin = in_start_[v], end = in_start_[v + 1];
  NodeDraw& node = node_draw_[v];
  node.begin = begin;
  node.end = end;
  if (begin == end) return;
  bool sorted = true;
  for (ArcId i = begin + 1; i < end && sorted; ++i) sorted = in_value_[i - 1] >= in_value_[i];
  if (!sorted) {
    row.clear();
    for (ArcId i = begin; i < end; ++i) row.emplace_back(in_value_[i], in_source_[i]);
    std::stable_sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (ArcId i = begin; i < end; ++i) std::tie(in_value_[i], in_source_[i]) = row[i - begin];
  }
  const double p = in_value_[begin];
  const double d = end - begin;
  if (p == static_cast<double>(in_value_[end - 1])) {  // one probability
    if (p >= 1) {
      node.draw = Draw::kAll;
      return;
    }
    if (d * p <= 4) {
      node.draw = Draw::kCount;
      return;
    }
  }
  node.draw = d < 20 * (1 + d * p) ? Draw::kCoins : Draw::kJumps;
  if (node.draw == Draw::kJumps)
    for (ArcId i = begin; i < end; ++i)
      in_skip_[i] = static_cast<float>(1.0 / std::log1p(-static_cast<double>(in_value_[i])));
}

InfluenceGraph::CountLaw InfluenceGraph::count_law(ArcId d, float p) {
  CountLaw law;
  const double pd = p, dd = d;
  law.none_chance = std::exp(dd * std::log1p(-pd));
  law.odds = pd / (1 - pd);
  law.one = law.none_chance * dd * law.odds;
  law.none = to_word_threshold(law.none_chance);
  law.at_most_one = to_word_threshold(law.none_chance + law.one);
  return law;
}

NodeId InfluenceGraph::lt_pick(NodeId v, double u) const {
  const float* begin = in_value_.data() + in_start_[v];
  const float* end = in_value_.data() + in_start_[v + 1];
  // Compared in double, so that the exact draw decides.
  const float* at =
      std::upper_bound(begin, end, u, [](double x, float sum) { return x < static_cast<double>(sum); });
  return at == end ? v : in_source_[in_start_[v] + static_cast<ArcId>(at - begin)];
}

std::uint64_t InfluenceGraph::memory_bytes() const {
  return (in_start_.capacity() + in_source_.capacity()) * 4 +
         (in_value_.capacity() + in_skip_.capacity() + lt_scale_.capacity()) * 4 +
         node_draw_.capacity() * sizeof(NodeDraw) + count_law_.capacity() * sizeof(CountLaw);
}

}  // namespace koubei
