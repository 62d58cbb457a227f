#pragma once
// The graph as seed selection sees it: every arc's probability of passing
// the product on under independent cascade (its trust) or its weight under
// linear threshold (its trust over max(1, the target's incoming trust), as
// the `lt` rule weighs it), and the arcs into every node, which reverse
// reachable sets walk.
//
// In-arcs with probability 0 are left out. Under ic a node's in-arcs are
// sorted by decreasing probability (ties by source), each with
// 1 / ln(1 - p), so that a sampler can jump over the arcs that fail with one
// geometric draw (subset sampling, as in SUBSIM: Guo et al., SIGMOD 2020)
// instead of flipping a coin for each. Under lt they are sorted by source,
// each with the running sum of the weights up to and including it, so that
// one uniform draw picks the live in-arc by binary search.
//
// Memory: 12 bytes per arc and 4 per node beside the graph.

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/seeding/seeding_spec.hpp"

namespace koubei {

class InfluenceGraph {
 public:
  /// `graph` holds the trust selection assumes (with the community barrier
  /// already applied, if any) and must outlive this.
  InfluenceGraph(const Graph& graph, InfluenceRule rule);

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
  /// ic: the probability of in-arc i; lt: the running sum of weights.
  std::span<const float> in_value() const { return in_value_; }
  /// ic: 1 / ln(1 - p) of in-arc i (-0 when p = 1).
  std::span<const float> in_skip() const { return in_skip_; }
  /// lt: the source of v's live in-arc for a uniform draw u in [0,1), or v
  /// itself when none is live (u falls past the sum of v's weights).
  NodeId lt_pick(NodeId v, double u) const;

  std::uint64_t memory_bytes() const;

 private:
  const Graph& graph_;
  InfluenceRule rule_;
  std::vector<float> lt_scale_;  // lt: 1 / max(1, incoming trust)
  std::vector<ArcId> in_start_;
  std::vector<NodeId> in_source_;
  std::vector<float> in_value_;
  std::vector<float> in_skip_;
};

}  // namespace koubei
