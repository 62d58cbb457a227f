#include "koubei/seeding/influence_graph.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "koubei/core/memory.hpp"

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

InfluenceGraph::InfluenceGraph(const Graph& graph, InfluenceRule rule) : graph_(graph), rule_(rule) {
  const NodeId n = graph.num_nodes();
  const auto rows = graph.row_starts();
  const auto targets = graph.targets();
  const auto trust = graph.trust();
  require_memory(std::uint64_t{12} * graph.num_arcs() + std::uint64_t{8} * n,
                 "the reverse graph for seed selection");
  if (rule == InfluenceRule::kLt) {
    std::vector<double> incoming(n, 0.0);
    for (std::uint64_t a = 0; a < graph.num_arcs(); ++a) incoming[targets[a]] += trust[a];
    lt_scale_.resize(n);
    for (NodeId v = 0; v < n; ++v) lt_scale_[v] = static_cast<float>(1.0 / std::max(1.0, incoming[v]));
  }
  // Count the kept in-arcs of every node, then place them (sources come in
  // ascending order, since the rows are scanned in order).
  in_start_.assign(std::size_t{n} + 1, 0);
  for (std::uint64_t a = 0; a < graph.num_arcs(); ++a)
    if (trust[a] > 0) ++in_start_[targets[a] + 1];
  std::partial_sum(in_start_.begin(), in_start_.end(), in_start_.begin());
  const ArcId kept = in_start_[n];
  in_source_.resize(kept);
  in_value_.resize(kept);
  std::vector<ArcId> next(in_start_.begin(), in_start_.end() - 1);
  for (NodeId u = 0; u < n; ++u) {
    for (ArcId a = rows[u]; a < rows[u + 1]; ++a) {
      if (!(trust[a] > 0)) continue;
      const NodeId v = targets[a];
      const ArcId slot = next[v]++;
      in_source_[slot] = u;
      in_value_[slot] = static_cast<float>(arc_probability(a, v));
    }
  }
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
  std::vector<std::pair<float, NodeId>> row;
  std::map<std::pair<ArcId, float>, std::uint32_t> law_of;  // (d, p) -> its law
  in_skip_.resize(kept);
  node_draw_.assign(n, NodeDraw{});
  for (NodeId v = 0; v < n; ++v) {
    const ArcId begin = in_start_[v], end = in_start_[v + 1];
    bool sorted = true;
    for (ArcId i = begin + 1; i < end && sorted; ++i) sorted = in_value_[i - 1] >= in_value_[i];
    if (!sorted) {
      row.clear();
      for (ArcId i = begin; i < end; ++i) row.emplace_back(in_value_[i], in_source_[i]);
      std::stable_sort(row.begin(), row.end(),
                       [](const auto& x, const auto& y) { return x.first > y.first; });
      for (ArcId i = begin; i < end; ++i) std::tie(in_value_[i], in_source_[i]) = row[i - begin];
    }
    for (ArcId i = begin; i < end; ++i)
      in_skip_[i] = static_cast<float>(1.0 / std::log1p(-static_cast<double>(in_value_[i])));
    node_draw_[v].begin = begin;
    node_draw_[v].end = end;
    if (begin == end) continue;
    const double p = in_value_[begin];
    const double d = end - begin;
    if (p == static_cast<double>(in_value_[end - 1])) {  // one probability
      if (p >= 1) {
        node_draw_[v].draw = Draw::kAll;
        continue;
      }
      if (d * p <= 4) {
        NodeDraw& node = node_draw_[v];
        node.draw = Draw::kCount;
        const auto [at, added] =
            law_of.try_emplace({end - begin, in_value_[begin]}, static_cast<std::uint32_t>(count_law_.size()));
        node.law = at->second;
        if (!added) continue;
        CountLaw law;
        law.none_chance = std::exp(d * std::log1p(-p));
        law.odds = p / (1 - p);
        law.one = law.none_chance * d * law.odds;
        law.none = to_word_threshold(law.none_chance);
        law.at_most_one = to_word_threshold(law.none_chance + law.one);
        count_law_.push_back(law);
        continue;
      }
    }
    node_draw_[v].draw = d < 20 * (1 + d * p) ? Draw::kCoins : Draw::kJumps;
  }
  count_law_.shrink_to_fit();
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
