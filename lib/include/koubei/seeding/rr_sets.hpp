#pragma once
// Reverse reachable (RR) sets (Borgs et al., SODA 2014): pick a node uniformly
// at random and collect every node that would have reached it. Under
// independent cascade that is a breadth-first search backwards over arcs
// each live with its probability; under linear threshold a walk backwards
// that follows each node's one live in-arc (or none) until it meets a node
// it has seen. A seed set's expected spread is n times the chance that it
// meets a random RR set, so the fraction of a collection's sets it meets,
// times n, estimates its spread without bias (when the set was not chosen
// from that collection).
//
// Set i of a collection is a pure function of (master seed, collection, i):
// it reads the stream (seed, collection, Purpose::kRrSets) from word
// i * 2^32 (a root draw, then one 53-bit uniform per jump over failing
// in-arcs and per in-arc whose probability is below the one jumped with).
// So a collection is the same on any number of threads, and growing it
// adds sets without changing those it has. Under ic a node's in-arcs are
// skipped in geometric jumps (influence_graph.hpp), so a set costs about
// the arcs it crosses, not the in-degrees it would scan.
//
// Storage: blocks of 2^14 consecutive sets, each one flat array of 32-bit
// node ids plus the end of every set in it: 4 bytes per node of a set and
// 8 per set.

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/seeding/influence_graph.hpp"

namespace koubei {

class RrSets {
 public:
  RrSets(const InfluenceGraph& graph, std::uint64_t master_seed, std::uint32_t collection);

  /// Adds sets until there are `count` (at most 2^32 - 1), on `threads`
  /// threads. Checks for an interruption between blocks.
  void grow_to(std::uint64_t count, unsigned threads);
  /// Forgets every set.
  void clear();

  std::uint64_t size() const { return size_; }
  /// Node ids held over all sets.
  std::uint64_t total_nodes() const { return total_nodes_; }
  std::span<const NodeId> set(std::uint64_t i) const {
    const Block& block = blocks_[i >> kBlockBits];
    const std::uint32_t local = static_cast<std::uint32_t>(i & (kBlockSets - 1));
    const std::uint64_t begin = local == 0 ? 0 : block.ends[local - 1];
    return {block.nodes.data() + begin, block.ends[local] - begin};
  }
  /// Sets that hold at least one of `nodes`.
  std::uint64_t count_covered(std::span<const NodeId> nodes, unsigned threads) const;
  /// Bytes held (capacity).
  std::uint64_t memory_bytes() const;

  const InfluenceGraph& graph() const { return graph_; }

  static constexpr unsigned kBlockBits = 14;
  static constexpr std::uint64_t kBlockSets = std::uint64_t{1} << kBlockBits;

 private:
  struct Block {
    std::vector<NodeId> nodes;
    std::vector<std::uint64_t> ends;  // end of set j in `nodes`
  };

  const InfluenceGraph& graph_;
  std::uint64_t master_seed_;
  std::uint32_t collection_;
  std::vector<Block> blocks_;
  std::uint64_t size_ = 0;
  std::uint64_t total_nodes_ = 0;
};

}  // namespace koubei
