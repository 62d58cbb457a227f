#pragma once
// Small graphs and checks shared by the seeding tests.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "../rules/rule_test_graphs.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/seeding/spread_estimate.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei::seeding_testing {

/// A graph from edges, every arc with the trust `trust` sets (a trust spec).
inline Graph edges_graph(NodeId n, const std::vector<std::pair<NodeId, NodeId>>& edges,
                         bool directed, const char* trust) {
  EdgeList e;
  e.num_nodes = n;
  e.directed = directed;
  for (const auto& [u, v] : edges) {
    e.sources.push_back(u);
    e.targets.push_back(v);
  }
  Graph g = build_graph(std::move(e), {}, "edges");
  TrustModel(trust).apply(g, 1);
  return g;
}

/// Star: centre 0 and `leaves` leaves 1..leaves (directed: arcs out of the centre).
inline Graph star(NodeId leaves, bool directed, const char* trust) {
  std::vector<std::pair<NodeId, NodeId>> edges;
  for (NodeId v = 1; v <= leaves; ++v) edges.emplace_back(0, v);
  return edges_graph(leaves + 1, edges, directed, trust);
}

/// Two disconnected undirected cliques: nodes 0..a-1 and a..a+b-1.
inline Graph two_cliques(NodeId a, NodeId b, const char* trust) {
  std::vector<std::pair<NodeId, NodeId>> edges;
  auto clique = [&](NodeId first, NodeId size) {
    for (NodeId u = first; u < first + size; ++u)
      for (NodeId v = u + 1; v < first + size; ++v) edges.emplace_back(u, v);
  };
  clique(0, a);
  clique(a, b);
  return edges_graph(a + b, edges, false, trust);
}

/// Directed arcs, each with its own trust (the rules' tests' helper).
using koubei::testing::Arc;
using koubei::testing::arcs_graph;

/// Zachary's karate club, undirected, with the given trust.
inline Graph karate(const char* trust) {
  Graph g = GraphSpec("file:" KOUBEI_DATA_DIR "/karate.txt,directed=0").make(1);
  TrustModel(trust).apply(g, 1);
  return g;
}

/// Two independent estimates agree within 5 combined standard errors.
inline void expect_agree(const SpreadEstimate& a, const SpreadEstimate& b, const std::string& what) {
  const double se = std::sqrt(a.standard_error * a.standard_error +
                              b.standard_error * b.standard_error);
  EXPECT_LE(std::abs(a.mean - b.mean), 5 * se)
      << what << ": " << a.mean << " +- " << a.standard_error << " vs " << b.mean << " +- "
      << b.standard_error;
}

}  // namespace koubei::seeding_testing
