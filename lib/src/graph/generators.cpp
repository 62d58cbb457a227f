#include "koubei/graph/generators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <utility>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

constexpr std::uint64_t kMaxArcs = std::numeric_limits<ArcId>::max();

// Fails early, before any allocation, when the graph cannot be held: too many
// arcs for 32-bit arc indices, or more memory than the machine has.
// `extra_bytes` covers a generator's own scratch beyond the edge list.
void check_size(std::string_view what, NodeId n, double expected_edges,
                std::uint64_t extra_bytes = 0) {
  double arcs = 2 * expected_edges;
  if (arcs > static_cast<double>(kMaxArcs)) {
    throw InputError(fmt::format("{}: about {:.0f} arcs expected; koubei holds at most {} arcs",
                                 what, arcs, kMaxArcs));
  }
  // Small graphs skip the check, which reads /proc and cgroup files.
  std::uint64_t bytes = build_peak_bytes(n, static_cast<std::uint64_t>(arcs)) + extra_bytes;
  if (bytes < (std::uint64_t{16} << 20)) return;
  require_memory(bytes, fmt::format("{} ({} nodes, about {:.0f} arcs)", what, n, arcs));
}

EdgeList undirected(NodeId n) {
  EdgeList edges;
  edges.num_nodes = n;
  edges.directed = false;
  return edges;
}

// Room for the expected count plus five standard deviations, so the vectors
// almost never reallocate.
void reserve_edges(EdgeList& edges, double expected) {
  auto size = static_cast<std::size_t>(expected + 5 * std::sqrt(expected) + 16);
  edges.sources.reserve(size);
  edges.targets.reserve(size);
}

// Each pair in rows v = v_begin .. v_end-1, columns first(v) .. last(v)-1,
// becomes an edge independently with probability p. Between two edges the
// number of skipped pairs is geometric: floor(log(1 - u) / log(1 - p)) with u
// from rng.uniform() (Batagelj and Brandes 2005), so the cost is
// O(rows + edges) and one draw is made per edge, plus one that runs off the end.
template <typename First, typename Last>
void skip_pairs(RandomStream& rng, double p, NodeId v_begin, NodeId v_end, First first, Last last,
                EdgeList& out) {
  if (!(p > 0) || v_begin >= v_end) return;
  if (p >= 1) {
    for (NodeId v = v_begin; v < v_end; ++v) {
      for (std::uint64_t w = first(v); w < last(v); ++w) {
        out.sources.push_back(v);
        out.targets.push_back(static_cast<NodeId>(w));
      }
    }
    return;
  }
  const double log_q = std::log1p(-p);
  NodeId v = v_begin;
  std::uint64_t w = first(v);
  while (true) {
    double gap = std::floor(std::log1p(-rng.uniform()) / log_q);
    std::uint64_t skip =
        gap < 1.8e19 ? static_cast<std::uint64_t>(gap) : std::numeric_limits<std::uint64_t>::max();
    // Walk `skip` pairs forward, row by row.
    while (true) {
      std::uint64_t end = last(v);
      std::uint64_t left = end > w ? end - w : 0;
      if (skip < left) {
        w += skip;
        break;
      }
      skip -= left;
      if (++v >= v_end) return;
      w = first(v);
    }
    if ((out.sources.size() & 0xFFFF) == 0) throw_if_interrupted();
    out.sources.push_back(v);
    out.targets.push_back(static_cast<NodeId>(w));
    ++w;
  }
}

}  // namespace

EdgeList erdos_renyi(NodeId n, double k, std::uint64_t seed) {
  if (n < 1) throw InputError("er: n must be >= 1");
  const double max_k = static_cast<double>(n) - 1;
  if (!std::isfinite(k) || k < 0 || k > max_k) {
    throw InputError(fmt::format("er: k = {} must be in [0, n - 1] = [0, {}]", k, max_k));
  }
  const double p = n < 2 ? 0.0 : k / max_k;
  const double expected = p * static_cast<double>(n) * max_k / 2;
  check_size("er graph", n, expected);

  EdgeList edges = undirected(n);
  reserve_edges(edges, expected);
  RandomStream rng(seed, 0, Purpose::kGraph);
  // Lower triangle: pairs (v, w) with w < v, row by row.
  skip_pairs(
      rng, p, 0, n, [](NodeId) { return std::uint64_t{0}; },
      [](NodeId v) { return std::uint64_t{v}; }, edges);
  return edges;
}

namespace {

// Below this many edges a graph is generated on one thread; the first
// nodes always are.
constexpr std::uint64_t kEdgesPerThread = std::uint64_t{1} << 18;
constexpr NodeId kNodesAlone = NodeId{1} << 14;

// Preferential attachment with keyed draws, for m <= kScanLimit: attempt k
// of edge e is word (k * 2^34 + e) of (seed, 0, Purpose::kAttachment), so an
// edge's target is a pure function of the targets before it, and nodes can
// be generated in parallel. Edge e of node v picks entry r of the endpoints
// list of the edges before v's (sources, then targets); a target entry is
// another, earlier edge's target, resolved (recursively) if its thread has
// not got there yet. Every thread stores what it resolves; two threads
// resolving the same edge store the same node. The recursion stays shallow:
// an unresolved edge asks for its node's earlier edges (fewer than
// kScanLimit) and one pick each, and a pick lands on an unresolved edge at
// most about one time in eighteen, so each level expects fewer than one more.
class KeyedAttachment {
 public:
  static constexpr std::uint32_t kScanLimit = 32;  // siblings are scanned

  KeyedAttachment(NodeId* sources, NodeId* targets, std::uint64_t clique, std::uint32_t m,
                  std::uint64_t seed)
      : src_(sources),
        dst_(targets),
        clique_(clique),
        m_(m),
        picks_(seed, 0, Purpose::kAttachment) {}

  static constexpr NodeId kUnknown = std::numeric_limits<NodeId>::max();

  /// Every edge of nodes [first, last), in order, and their sources.
  void generate(NodeId first, NodeId last) {
    // The pick kAhead edges on (node ahead, its edge i_ahead) is asked for
    // ahead: its entry is a cache miss on a large graph.
    constexpr std::uint32_t kAhead = 16;
    NodeId ahead = first;
    std::uint32_t i_ahead = 0;
    const auto step_ahead = [&] {
      if (++i_ahead == m_) i_ahead = 0, ++ahead;
    };
    for (std::uint32_t j = 0; j < kAhead; ++j) step_ahead();
    for (NodeId v = first; v < last; ++v) {
      if ((v & 0xFFFF) == 0) throw_if_interrupted();
      const std::uint64_t begin = first_edge(v);
      for (std::uint32_t i = 0; i < m_; ++i) {
        if (ahead < last) prefetch_pick(first_edge(ahead) + i_ahead, first_edge(ahead));
        step_ahead();
        src_[begin + i] = v;
        resolve(begin + i, begin);
      }
    }
  }

 private:
  std::uint64_t first_edge(NodeId v) const { return clique_ + std::uint64_t{m_} * (v - m_ - 1); }
  NodeId node_of(std::uint64_t e) const {  // edges are fewer than 2^31: 32-bit division
    return e < clique_ ? src_[e]
                       : static_cast<NodeId>(static_cast<std::uint32_t>(e - clique_) / m_ + m_ + 1);
  }
  std::uint64_t node_first_edge(std::uint64_t e) const {
    return e - static_cast<std::uint32_t>(e - clique_) % m_;
  }
  NodeId load(std::uint64_t e) const {
    return std::atomic_ref<NodeId>(dst_[e]).load(std::memory_order_relaxed);
  }

  // Attempt 0 of consecutive edges shares one block; the last few blocks
  // are kept (the prefetch asks for each a little before the pick).
  std::uint32_t word(std::uint64_t e, std::uint32_t k) {
    const std::uint64_t i = (std::uint64_t{k} << 34) + e;
    Cached& slot = cache_[(i >> 2) % kCached];
    if (slot.block != i >> 2) slot = {i >> 2, picks_.block(i >> 2)};
    return slot.words.v[i & 3];
  }

  // A uniform entry in [0, 2 len) (below_from_words: Lemire's
  // multiply-and-reject); a rejected word moves on to the next attempt.
  std::uint64_t pick(std::uint64_t e, std::uint64_t len, std::uint32_t& k) {
    const std::uint64_t range = 2 * len;  // at most 2^32: edges < 2^31
    return below_from_words(range, [&] { return word(e, k++); });
  }

  void prefetch_pick(std::uint64_t e, std::uint64_t len) {
    const std::uint64_t r = (std::uint64_t{word(e, 0)} * (2 * len)) >> 32;
    if (r >= len) __builtin_prefetch(dst_ + (r - len));
  }

  // Edge e's target; `first` is the first edge of e's node, which is also
  // the length of the list it picks from.
  NodeId resolve(std::uint64_t e, std::uint64_t first) {
    if (NodeId known = load(e); known != kUnknown) return known;
    NodeId siblings[kScanLimit];
    const auto before = static_cast<std::uint32_t>(e - first);
    for (std::uint32_t j = 0; j < before; ++j) siblings[j] = resolve(first + j, first);
    NodeId t;
    for (std::uint32_t k = 0;;) {
      const std::uint64_t r = pick(e, first, k);
      t = r < first ? node_of(r) : resolve(r - first, node_first_edge(r - first));
      if (std::find(siblings, siblings + before, t) == siblings + before) break;
    }
    std::atomic_ref<NodeId>(dst_[e]).store(t, std::memory_order_relaxed);
    return t;
  }

  struct Cached {
    std::uint64_t block = ~std::uint64_t{0};
    Block words{};
  };
  static constexpr std::size_t kCached = 8;

  NodeId* src_;
  NodeId* dst_;
  std::uint64_t clique_;
  std::uint32_t m_;
  CounterStream picks_;
  Cached cache_[kCached];
};

// m > KeyedAttachment::kScanLimit: one sequential stream, picks marked per node.
void attach_in_sequence(NodeId* src, NodeId* dst, NodeId n, std::uint32_t m, std::uint64_t clique,
                        std::uint64_t seed) {
  RandomStream rng(seed, 0, Purpose::kGraph);
  std::vector<NodeId> picked_by(n, std::numeric_limits<NodeId>::max());
  std::uint64_t e = clique;
  for (NodeId v = m + 1; v < n; ++v) {
    const std::uint64_t len = e;
    for (std::uint32_t i = 0; i < m; ++i) {
      NodeId t;
      do {
        const std::uint64_t r = rng.below(2 * len);
        t = r < len ? src[r] : dst[r - len];
      } while (picked_by[t] == v);
      picked_by[t] = v;
      src[e] = v;
      dst[e] = t;
      ++e;
    }
  }
}

}  // namespace

EdgeList barabasi_albert(NodeId n, std::uint32_t m, std::uint64_t seed, unsigned threads) {
  if (m < 1 || m >= n) {
    throw InputError(fmt::format("ba: m must be >= 1 and < n (got m = {}, n = {})", m, n));
  }
  const std::uint64_t clique = std::uint64_t{m} * (m + 1) / 2;
  const std::uint64_t total = clique + std::uint64_t{m} * (n - m - 1);
  check_size("ba graph", n, static_cast<double>(total));

  EdgeList edges = undirected(n);
  edges.sources.resize(total);
  edges.targets.resize(total, KeyedAttachment::kUnknown);
  NodeId* src = edges.sources.data();
  NodeId* dst = edges.targets.data();
  std::uint64_t e = 0;
  for (NodeId i = 0; i <= m; ++i) {
    for (NodeId j = i + 1; j <= m; ++j) {
      src[e] = j;
      dst[e] = i;
      ++e;
    }
  }
  if (m > KeyedAttachment::kScanLimit) {
    attach_in_sequence(src, dst, n, m, clique, seed);
    return edges;
  }
  // Nodes go in blocks, each an eighth of the nodes before it, split among
  // the threads; a pick then lands in the current block (where another
  // thread may not have got yet, and is resolved twice) at most about one
  // time in eighteen.
  const auto parts = static_cast<unsigned>(
      std::clamp<std::uint64_t>(total / kEdgesPerThread, 1, std::max(1u, threads)));
  const NodeId first = m + 1;
  const NodeId alone = parts == 1 ? n : std::min<NodeId>(n, first + kNodesAlone);
  KeyedAttachment(src, dst, clique, m, seed).generate(first, alone);
  std::vector<NodeId> block_end;
  for (std::uint64_t b = alone; b < n;)
    block_end.push_back(static_cast<NodeId>(b = std::min<std::uint64_t>(n, b + b / 8)));
  NodeId begin = alone;
  for (NodeId end : block_end) {
    const std::uint64_t size = end - begin;
    run_parts(parts, [&](unsigned p) {
      KeyedAttachment(src, dst, clique, m, seed)
          .generate(static_cast<NodeId>(begin + part_begin(size, parts, p)),
                    static_cast<NodeId>(begin + part_begin(size, parts, p + 1)));
    });
    begin = end;
  }
  return edges;
}

EdgeList watts_strogatz(NodeId n, std::uint32_t k, double beta, std::uint64_t seed) {
  if (k < 2 || k % 2 != 0 || k >= n) {
    throw InputError(fmt::format("ws: k must be even and 2 <= k < n (got k = {}, n = {})", k, n));
  }
  if (!(beta >= 0 && beta <= 1)) {
    throw InputError(fmt::format("ws: beta = {} must be in [0, 1]", beta));
  }
  const std::uint32_t half = k / 2;
  const std::uint64_t total = std::uint64_t{n} * half;
  // The edge-key set costs about 48 bytes per edge in libstdc++.
  check_size("ws graph", n, static_cast<double>(total), total * 48);

  // Lattice edge (u, u + j mod n) has index (j - 1) * n + u, and keeps it when
  // its far end is rewired.
  EdgeList edges = undirected(n);
  edges.sources.resize(total);
  edges.targets.resize(total);
  for (std::uint32_t j = 1; j <= half; ++j) {
    for (NodeId u = 0; u < n; ++u) {
      std::uint64_t e = std::uint64_t{j - 1} * n + u;
      edges.sources[e] = u;
      edges.targets[e] = static_cast<NodeId>((std::uint64_t{u} + j) % n);
    }
  }
  if (!(beta > 0)) return edges;

  auto key = [](NodeId a, NodeId b) {
    return a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a;
  };
  std::unordered_set<std::uint64_t> present;
  present.reserve(total);
  for (std::uint64_t e = 0; e < total; ++e) present.insert(key(edges.sources[e], edges.targets[e]));
  std::vector<std::uint32_t> degree(n, k);

  // Rounds j = 1 .. k/2, nodes in order within a round, as in Watts and
  // Strogatz's paper: one bernoulli(beta) per lattice edge, then uniform
  // redraws of the new end until it is neither u nor a neighbour of u. A node
  // already linked to every other node keeps its edge.
  RandomStream rng(seed, 0, Purpose::kGraph);
  for (std::uint64_t e = 0; e < total; ++e) {
    if (!rng.bernoulli(beta)) continue;
    NodeId u = edges.sources[e], old = edges.targets[e];
    if (degree[u] >= n - 1) continue;
    NodeId w;
    do {
      w = static_cast<NodeId>(rng.below(n));
    } while (w == u || present.count(key(u, w)) != 0);
    present.erase(key(u, old));
    present.insert(key(u, w));
    --degree[old];
    ++degree[w];
    edges.targets[e] = w;
  }
  return edges;
}

BlockModel stochastic_block_model(NodeId n, std::uint32_t communities, double k_in, double k_out,
                                  std::uint64_t seed) {
  if (communities < 1 || communities > n) {
    throw InputError(
        fmt::format("sbm: communities must be in [1, n] (got {}, n = {})", communities, n));
  }
  const std::uint64_t c = communities;
  // Block b holds nodes [start[b], start[b + 1]): v is in block floor(v c / n).
  std::vector<NodeId> start(c + 1);
  for (std::uint64_t b = 0; b <= c; ++b) start[b] = static_cast<NodeId>((b * n + c - 1) / c);
  NodeId smallest = n;
  for (std::uint64_t b = 0; b < c; ++b) smallest = std::min(smallest, start[b + 1] - start[b]);

  const double max_in = static_cast<double>(smallest) - 1;
  if (!std::isfinite(k_in) || k_in < 0 || k_in > max_in) {
    throw InputError(fmt::format("sbm: k_in = {} must be in [0, smallest block size - 1] = [0, {}]",
                                 k_in, max_in));
  }
  // p_out = k_out / (n - n / c): a node in a block of mean size has k_out
  // expected neighbours outside it (others differ by their block's deviation).
  const double outside = static_cast<double>(n) - static_cast<double>(n) / static_cast<double>(c);
  if (!std::isfinite(k_out) || k_out < 0 || (k_out > 0 && !(outside > 0)) || k_out > outside) {
    throw InputError(fmt::format("sbm: k_out = {} must be in [0, n - n / communities] = [0, {}]",
                                 k_out, outside));
  }
  const double p_out = k_out > 0 ? k_out / outside : 0.0;

  double expected = static_cast<double>(n) * (k_in + k_out) / 2;
  check_size("sbm graph", n, expected, std::uint64_t{n} * sizeof(std::uint32_t));

  BlockModel model;
  model.edges = undirected(n);
  reserve_edges(model.edges, expected);
  model.community.resize(n);
  model.community_names.reserve(c);
  for (std::uint32_t b = 0; b < c; ++b) {
    for (NodeId v = start[b]; v < start[b + 1]; ++v) model.community[v] = b;
    model.community_names.push_back(fmt::format("c{}", b));
  }

  // Draw order: inside blocks 0 .. c-1 in turn, then all pairs across blocks.
  RandomStream rng(seed, 0, Purpose::kGraph);
  for (std::uint64_t b = 0; b < c; ++b) {
    const NodeId lo = start[b], hi = start[b + 1];
    if (hi - lo < 2) continue;
    const double p_in = k_in / static_cast<double>(hi - lo - 1);
    skip_pairs(
        rng, p_in, lo, hi, [lo](NodeId) { return std::uint64_t{lo}; },
        [](NodeId v) { return std::uint64_t{v}; }, model.edges);
  }
  // Row v pairs with every node in a later block, so each cross pair is seen
  // once and one geometric walk covers them all in O(n + edges).
  const std::vector<std::uint32_t>& block = model.community;
  skip_pairs(
      rng, p_out, 0, n, [&](NodeId v) { return std::uint64_t{start[block[v] + 1]}; },
      [n](NodeId) { return std::uint64_t{n}; }, model.edges);
  return model;
}

}  // namespace koubei
