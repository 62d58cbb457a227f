#pragma once
// Random graph generators. Each is deterministic for a given master seed: it
// draws from the stream (seed, replicate 0, Purpose::kGraph) in a fixed order
// that does not depend on threads. All produce undirected graphs (each edge
// listed once; build_graph makes it two arcs), without self-loops or
// duplicate edges. Bad arguments throw InputError ("ba: m must be >= 1 and
// < n ..."); so does a graph beyond 2^32 - 1 arcs or the memory available.

#include <cstdint>
#include <string>
#include <vector>

#include "koubei/graph/builder.hpp"

namespace koubei {

/// G(n, p) with p = k / (n - 1): k is the expected number of neighbours of a
/// node, 0 <= k <= n - 1. Geometric skipping over the pairs (Batagelj and
/// Brandes 2005), O(n + m): gaps floor(log(1 - u) / log(1 - p)), one uniform()
/// per edge, pairs visited row by row over the lower triangle.
EdgeList erdos_renyi(NodeId n, double k, std::uint64_t seed);

/// Preferential attachment (Barabási and Albert 1999): starts from a clique of
/// m + 1 nodes; each further node links to m distinct earlier nodes chosen with
/// probability proportional to degree, 1 <= m < n. Exactly m(m+1)/2 +
/// m(n-m-1) edges. A pick is a uniform entry of the list of endpoints of the
/// edges before the new node's (Batagelj and Brandes 2005); a node picked twice
/// by the same new node is redrawn. For m <= 32 each pick's draws are keyed by
/// its edge, so `threads` threads share the work and the graph is the same
/// for any number of them (Sanders and Schulz 2016 do the same at scale);
/// above, one sequential stream.
EdgeList barabasi_albert(NodeId n, std::uint32_t m, std::uint64_t seed, unsigned threads = 1);

/// Small world (Watts and Strogatz 1998): a ring where each node links to its
/// k/2 nearest neighbours on each side (k even), each edge's far end rewired
/// with probability beta to a uniform node, avoiding self-loops and duplicates.
/// 2 <= k < n, beta in [0,1]. Exactly n·k/2 edges; edge (j-1)·n + u of the list
/// is lattice edge (u, u+j mod n) or its rewired form (u, w). Rewiring goes in
/// rounds j = 1..k/2, nodes in order: bernoulli(beta), then below(n) until the
/// new end is neither u nor already a neighbour (skipped if u has degree n-1).
EdgeList watts_strogatz(NodeId n, std::uint32_t k, double beta, std::uint64_t seed);

/// Stochastic block model with `communities` blocks of (nearly) equal size
/// (node v in block v * communities / n): k_in expected neighbours inside a
/// node's block, k_out outside it. Pairs inside block b link with probability
/// k_in / (size_b - 1) (so k_in <= smallest block - 1); pairs across blocks
/// with k_out / (n - n / communities), exact for a block of mean size.
/// Geometric skipping as in erdos_renyi: blocks 0, 1, ... in turn, then all
/// cross-block pairs in one walk, O(n + communities + m).
struct BlockModel {
  EdgeList edges;
  std::vector<std::uint32_t> community;      // per node
  std::vector<std::string> community_names;  // "c0", "c1", ...
};
BlockModel stochastic_block_model(NodeId n, std::uint32_t communities, double k_in, double k_out,
                                  std::uint64_t seed);

}  // namespace koubei
