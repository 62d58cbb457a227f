#pragma once
// Tiny graphs with known trust for exact rule tests, and shared checks.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei::testing {

/// Directed path 0 -> 1 -> ... -> n-1, every arc with trust p.
inline Graph path_graph(NodeId n, float p) {
  EdgeList e;
  e.num_nodes = n;
  for (NodeId v = 0; v + 1 < n; ++v) {
    e.sources.push_back(v);
    e.targets.push_back(v + 1);
    e.weights.push_back(p);
  }
  return build_graph(std::move(e), {}, "path");
}

/// Directed arcs with given trust.
struct Arc {
  NodeId from, to;
  float trust;
};
inline Graph arcs_graph(NodeId n, const std::vector<Arc>& arcs) {
  EdgeList e;
  e.num_nodes = n;
  for (const Arc& a : arcs) {
    e.sources.push_back(a.from);
    e.targets.push_back(a.to);
    e.weights.push_back(a.trust);
  }
  return build_graph(std::move(e), {}, "arcs");
}

/// A bad rule spec is an InputError whose message quotes the spec ('spec').
inline void expect_bad_rule_spec(const std::string& spec) {
  try {
    check_rule_spec(spec);
    ADD_FAILURE() << "accepted: " << spec;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'" + spec + "'"), std::string::npos) << e.what();
  }
}

}  // namespace koubei::testing
