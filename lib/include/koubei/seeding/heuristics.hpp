#pragma once
// Seed heuristics that simulate nothing.
//
// random           k distinct nodes uniformly at random: the users
//                  `seeds = k` places in replicate 0 (model/seeds.hpp draws
//                  them from the stream (seed, 0, Purpose::kSeeds)).
// degree           the k largest out-degrees, ties to the smaller id.
// degree-discount  Chen, Wang and Yang (KDD 2009), generalised to a
//                  probability p(u,v) on every arc: pick greedily the v that
//                  maximises  prod over chosen s with an arc s->v of
//                  (1 - p(s,v)), times (1 + sum over v's out-neighbours w
//                  not chosen of p(v,w)), ties to the smaller id. With one
//                  p on every arc this is (1 - p)^t (1 + (d - t) p) for t
//                  chosen in-neighbours and out-degree d, whose first-order
//                  expansion is their d - 2t - (d - t) t p. The
//                  probabilities are the rule's (influence_graph.hpp).
//
// Node ids are the graph's (internal) ids; ties to the smaller one are ties
// to the smaller original id, since original ids are numbered in order.

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/seeding/influence_graph.hpp"

namespace koubei {

/// `allowed`: one flag per node, or empty for every node; k <= allowed nodes.
std::vector<NodeId> random_seeds(const Graph& graph, std::uint64_t k,
                                 std::span<const char> allowed, std::uint64_t master_seed);
std::vector<NodeId> degree_seeds(const Graph& graph, std::uint64_t k,
                                 std::span<const char> allowed);
std::vector<NodeId> degree_discount_seeds(const InfluenceGraph& graph, std::uint64_t k,
                                          std::span<const char> allowed);

}  // namespace koubei
