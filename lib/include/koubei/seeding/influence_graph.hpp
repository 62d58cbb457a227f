#pragma once
// The graph as seed selection sees it: every arc's probability of passing
// the product on under independent cascade (its trust) or its weight under
// linear threshold (its trust over max(1, the target's incoming trust), as
// the `lt` rule weighs it), and the arcs into every node, which reverse
// reachable sets walk.
//
// In-arcs with probability 0 are left out. Under ic a sampler draws the
// live in-arcs of a node without a coin for each (subset sampling, as in
// SUBSIM: Guo et al., SIGMOD 2020), in one of three ways, chosen per node:
//   all     every in-arc has probability 1;
//   count   every in-arc has the same p and d p <= 4 (weighted cascade: p =
//           1/d): draw how many are live, K ~ Binomial(d, p), by inversion
//           from P(K = 0) = (1 - p)^d, then which K, uniformly (given K,
//           independent arcs make every K-subset equally likely);
//   coins   few in-arcs for their largest probability q (d < 20 (1 + d q)):
//           a 32-bit word per arc, live below p 2^32;
//   jumps   otherwise: in-arcs sorted by decreasing probability (ties by
//           source), each with 1 / ln(1 - p), so that one geometric draw
//           jumps over the arcs that fail at the largest probability left
//           and the arc landed on is live with chance p / (that one).
// (A coin costs about a twentieth of a jump, which takes a logarithm.)
// Under lt in-arcs are sorted by source, each with the running sum of the
// weights up to and including it, so that one uniform draw picks the live
// in-arc by binary search.
//
// Memory: 12 bytes per arc and 20 per node beside the graph, plus 40 per
// distinct (in-degree, probability) of the `count` nodes.

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/seeding/seeding_spec.hpp"

namespace koubei {

class InfluenceGraph {
 public:
  /// `graph` holds the trust selection assumes (with the community barrier
  /// already applied, if any) and must outlive this. Built on `threads`
  /// threads (at least 2^20 arcs each), the same for any number.
  InfluenceGraph(const Graph& graph, InfluenceRule rule, unsigned threads = 1);

  const Graph& graph() const { return graph_; }
  InfluenceRule rule() const { return rule_; }
  NodeId num_nodes() const { return graph_.num_nodes(); }

  /// Probability (ic) or weight (lt) of out-arc `a` of the graph, whose
  /// target is v.
  double arc_probability(ArcId a, NodeId v) const {
    const double trust = graph_.trust()[a];
    return rule_ == InfluenceRule::kLt ? trust * lt_scale_[v] : trust;
  }

  /// The in-arcs of v kept (probability above 0).
  ArcId in_begin(NodeId v) const { return in_start_[v]; }
  ArcId in_end(NodeId v) const { return in_start_[v + 1]; }
  std::span<const NodeId> in_sources() const { return in_source_; }
  /// Where each node's in-arcs start (n + 1 entries).
  std::span<const ArcId> in_starts() const { return in_start_; }
  /// ic: the probability of in-arc i; lt: the running sum of weights.
  std::span<const float> in_value() const { return in_value_; }
  /// ic: 1 / ln(1 - p) of in-arc i of a `jumps` node (0 for the others).
  std::span<const float> in_skip() const { return in_skip_; }

  /// ic: how a sampler draws v's live in-arcs (above).
  enum class Draw : std::uint8_t { kNone, kAll, kCount, kCoins, kJumps };
  /// ic, `count` nodes: the law of K, the number of live in-arcs. It depends
  /// only on (d, p), so nodes that share them share one (under weighted
  /// cascade, one per in-degree), which keeps the laws in the cache.
  struct CountLaw {
    std::uint64_t none = 0;         // P(K = 0) x 2^64
    std::uint64_t at_most_one = 0;  // P(K <= 1) x 2^64
    double none_chance = 1;         // P(K = 0)
    double one = 0;                 // P(K = 1)
    double odds = 0;                // p / (1 - p)
  };
  /// ic: what a sampler reads of a node: 16 bytes, so that a graph's nodes
  /// take half the cache they would with the law inline.
  struct NodeDraw {
    ArcId begin = 0, end = 0;  // its in-arcs
    std::uint32_t law = 0;     // count: its CountLaw
    Draw draw = Draw::kNone;
  };
  const NodeDraw& node_draw(NodeId v) const { return node_draw_[v]; }
  std::span<const NodeDraw> node_draws() const { return node_draw_; }
  std::span<const CountLaw> count_laws() const { return count_law_; }

  /// lt: the source of v's live in-arc for a uniform draw u in [0,1), or v
  /// itself when none is live (u falls past the sum of v's weights).
  NodeId lt_pick(NodeId v, double u) const;

  std::uint64_t memory_bytes() const;

 private:
  static constexpr std::uint64_t kArcsPerPart = std::uint64_t{1} << 20;
  /// Sorts v's in-arcs by decreasing probability if they are not, and
  /// chooses how its live ones are drawn.
  void classify(NodeId v, std::vector<std::pair<float, NodeId>>& row);
  static CountLaw count_law(ArcId d, float p);

  const Graph& graph_;
  InfluenceRule rule_;
  std::vector<float> lt_scale_;  // lt: 1 / max(1, incoming trust)
  std::vector<ArcId> in_start_;
  std::vector<NodeId> in_source_;
  std::vector<float> in_value_;
  std::vector<float> in_skip_;
  std::vector<NodeDraw> node_draw_;
  std::vector<CountLaw> count_law_;
};

}  // namespace koubei
