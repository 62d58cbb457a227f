#pragma once
// CELF (Leskovec et al., KDD 2007): greedy hill climbing on Monte Carlo
// estimates of the spread, with lazy evaluation (a node's marginal gain only
// falls as seeds are added, so a gain computed in an earlier round that still
// tops every other bound is the best).
//
// The estimates use R sampled worlds, common to every candidate: under ic a
// world keeps each arc with its probability (word a of the stream
// (seed, world, Purpose::kSelectionArc) below p x 2^32); under lt each node
// keeps one in-arc, picked with its weight, or none (the live-edge form of
// linear threshold, Kempe, Kleinberg and Tardos 2003; uniform_pair(v) of
// (seed, world, Purpose::kSelectionPick)). The spread of a set in a world is
// what it reaches over live arcs, so a candidate's gain is what it reaches
// that the seeds do not, found by a search that stops at nodes the seeds
// reach. Greedy on common worlds picks the same seeds on any number of
// threads; its estimate of their spread is biased upward (they were chosen
// on those worlds): estimate them afresh (spread_estimate.hpp).
//
// Memory: one bit per node and world for what the seeds reach.

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/seeding/influence_graph.hpp"

namespace koubei {

struct CelfSelection {
  std::vector<NodeId> seeds;
  double worlds_spread = 0;  // mean reach of the seeds over the worlds (biased upward)
  std::uint64_t evaluations = 0;  // marginal gains computed, each over every world
};

/// `allowed`: one flag per node, or empty for every node; k <= allowed nodes.
CelfSelection select_celf(const InfluenceGraph& graph, std::uint64_t k, std::uint32_t worlds,
                          std::span<const char> allowed, std::uint64_t master_seed,
                          unsigned threads);

}  // namespace koubei
