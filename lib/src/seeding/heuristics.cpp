#include "koubei/seeding/heuristics.hpp"

#include <algorithm>
#include <queue>

#include "koubei/model/seeds.hpp"
#include "koubei/random/stream.hpp"
#include "koubei/state/population.hpp"

namespace koubei {

std::vector<NodeId> random_seeds(const Graph& graph, std::uint64_t k, std::span<const char> allowed,
                                 std::uint64_t master_seed) {
  std::vector<NodeId> candidates;
  if (!allowed.empty())
    for (NodeId v = 0; v < graph.num_nodes(); ++v)
      if (allowed[v]) candidates.push_back(v);
  const SeedPlan plan = allowed.empty() ? SeedPlan::random(k) : SeedPlan::random_among(k, candidates);
  // Exactly the users replicate 0 of a run with `seeds = k` starts from.
  Population population(graph.num_nodes());
  plan.place(population, master_seed, 0);
  std::vector<NodeId> chosen(population.newcomers().begin(), population.newcomers().end());
  return chosen;
}

std::vector<NodeId> degree_seeds(const Graph& graph, std::uint64_t k, std::span<const char> allowed) {
  std::vector<NodeId> order;
  for (NodeId v = 0; v < graph.num_nodes(); ++v)
    if (allowed.empty() || allowed[v]) order.push_back(v);
  const auto take = static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(k, order.size()));
  auto larger = [&](NodeId a, NodeId b) {
    const auto da = graph.out_degree(a), db = graph.out_degree(b);
    return da > db || (da == db && a < b);
  };
  std::partial_sort(order.begin(), order.begin() + take, order.end(), larger);
  order.resize(static_cast<std::size_t>(take));
  return order;
}

std::vector<NodeId> degree_discount_seeds(const InfluenceGraph& influence, std::uint64_t k,
                                          std::span<const char> allowed) {
  const Graph& graph = influence.graph();
  const NodeId n = graph.num_nodes();
  const auto rows = graph.row_starts();
  const auto targets = graph.targets();
  // kept[v]: product of (1 - p(s,v)) over chosen s; reach[v]: 1 + the
  // probabilities of v's arcs to nodes not chosen.
  std::vector<double> kept(n, 1.0), reach(n, 1.0);
  for (NodeId u = 0; u < n; ++u)
    for (ArcId a = rows[u]; a < rows[u + 1]; ++a) reach[u] += influence.arc_probability(a, targets[a]);
  std::vector<char> chosen(n, 0);
  std::vector<std::uint64_t> discounted(n, 0);  // the pick that last discounted u
  std::uint64_t round = 0;
  struct Entry {
    double score;
    NodeId node;
  };
  auto lower = [](const Entry& a, const Entry& b) {
    return a.score < b.score || (a.score == b.score && a.node > b.node);
  };
  std::vector<Entry> entries;
  for (NodeId v = 0; v < n; ++v)
    if (allowed.empty() || allowed[v]) entries.push_back({reach[v], v});
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower, std::move(entries));
  std::vector<NodeId> seeds;
  while (seeds.size() < k && !heap.empty()) {
    const Entry top = heap.top();
    heap.pop();
    const double score = kept[top.node] * reach[top.node];
    if (score != top.score) {  // scores only fall: a stale entry goes back
      heap.push({score, top.node});
      continue;
    }
    const NodeId s = top.node;
    seeds.push_back(s);
    chosen[s] = 1;
    for (ArcId a = rows[s]; a < rows[s + 1]; ++a)
      kept[targets[a]] *= 1.0 - influence.arc_probability(a, targets[a]);
    // s is no longer a target worth reaching for its in-neighbours (each
    // once, however many arcs it has to s).
    ++round;
    for (ArcId i = influence.in_begin(s); i < influence.in_end(s); ++i) {
      const NodeId u = influence.in_sources()[i];
      if (discounted[u] == round) continue;
      discounted[u] = round;
      for (ArcId a = rows[u]; a < rows[u + 1]; ++a)
        if (targets[a] == s) reach[u] -= influence.arc_probability(a, s);
    }
  }
  return seeds;
}

}  // namespace koubei
