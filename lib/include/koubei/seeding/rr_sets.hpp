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
// Philox block i of the stream (seed, collection, Purpose::kRrSets) gives
// the root (its words 2 and 3) and the 64-bit state (words 0 and 1) of a
// SplitMix64 sequence that makes every other draw of the set. So a
// collection is the same on any number of threads, and growing it adds sets
// without changing those it has. Under ic the live in-arcs of a node are
// drawn without a coin per arc (influence_graph.hpp), so a set costs about
// the arcs it crosses, not the in-degrees it would scan.
//
// Storage: blocks of 2^10 consecutive sets, each one flat array of 32-bit
// node ids plus the end of every set in it: 4 bytes per node of a set and
// 8 per set.

#include <algorithm>
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
  /// Calls visit(i, set(i)) for i = first .. last-1 in order, walking the
  /// blocks' arrays directly (the fast way to read many sets).
  template <class Visit>
  void for_each_set(std::uint64_t first, std::uint64_t last, Visit&& visit) const {
    while (first < last) {
      const Block& block = blocks_[first >> kBlockBits];
      const std::uint64_t block_end = std::min(last, ((first >> kBlockBits) + 1) << kBlockBits);
      auto local = static_cast<std::uint32_t>(first & (kBlockSets - 1));
      std::uint64_t begin = local == 0 ? 0 : block.ends[local - 1];
      for (; first < block_end; ++first, ++local) {
        const std::uint64_t end = block.ends[local];
        visit(first, std::span<const NodeId>(block.nodes.data() + begin, end - begin));
        begin = end;
      }
    }
  }
  /// Asks the cache for where set i starts and ends, ahead of prefetch(i).
  void prefetch_start(std::uint64_t i) const {
    const Block& block = blocks_[i >> kBlockBits];
    const auto local = static_cast<std::uint32_t>(i & (kBlockSets - 1));
    __builtin_prefetch(block.ends.data() + local);
  }
  /// Asks the cache for set i's nodes ahead of reading them.
  void prefetch(std::uint64_t i) const {
    const Block& block = blocks_[i >> kBlockBits];
    const auto local = static_cast<std::uint32_t>(i & (kBlockSets - 1));
    __builtin_prefetch(block.nodes.data() + block.ends[local] - 1);
  }
  /// Sets that hold at least one of `nodes`.
  std::uint64_t count_covered(std::span<const NodeId> nodes, unsigned threads) const;
  /// Bytes held (capacity).
  std::uint64_t memory_bytes() const;

  const InfluenceGraph& graph() const { return graph_; }

  static constexpr unsigned kBlockBits = 10;
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
