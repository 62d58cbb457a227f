#pragma once
// Random graph generators. Each is deterministic for a given master seed: it
// draws from the stream (seed, replicate 0, Purpose::kGraph) in a fixed order
// that does not depend on threads. All produce undirected graphs (each edge
// becomes two arcs when built), without self-loops or duplicate edges.

#include <cstdint>
#include <string>
#include <vector>

#include "koubei/graph/builder.hpp"

namespace koubei {

/// G(n, p) with p = k / (n - 1): k is the expected number of neighbours of a
/// node. Geometric skipping over the pairs (Batagelj and Brandes 2005), O(n + m).
EdgeList erdos_renyi(NodeId n, double k, std::uint64_t seed);

/// Preferential attachment (Barabási and Albert 1999): starts from a clique of
/// m + 1 nodes; each further node links to m distinct earlier nodes chosen with
/// probability proportional to degree. About m·n edges, 2·m·n arcs.
EdgeList barabasi_albert(NodeId n, std::uint32_t m, std::uint64_t seed);

/// Small world (Watts and Strogatz 1998): a ring where each node links to its
/// k/2 nearest neighbours on each side (k even), each edge's far end rewired
/// with probability beta to a uniform node, avoiding self-loops and duplicates.
EdgeList watts_strogatz(NodeId n, std::uint32_t k, double beta, std::uint64_t seed);

/// Stochastic block model with `communities` blocks of (nearly) equal size
/// (node v in block v * communities / n): k_in expected neighbours inside a
/// node's block, k_out outside it.
struct BlockModel {
  EdgeList edges;
  std::vector<std::uint32_t> community;   // per node
  std::vector<std::string> community_names;  // "c0", "c1", ...
};
BlockModel stochastic_block_model(NodeId n, std::uint32_t communities, double k_in, double k_out,
                                  std::uint64_t seed);

}  // namespace koubei
