#pragma once
// The initial users of each replicate: a fixed list (from a file of original
// node ids) or a number of users drawn uniformly at random per replicate.
//
// Random seeds use the stream (master seed, replicate, Purpose::kSeeds): it
// draws below(nodes) again and again, skipping nodes already drawn, until it
// has the requested number of distinct users (with candidates, it draws
// below(candidates) and takes that candidate).

#include <cstdint>
#include <string>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/state/population.hpp"

namespace koubei {

class SeedPlan {
 public:
  /// `count` users drawn at random in each replicate (count <= nodes).
  static SeedPlan random(std::uint64_t count);
  /// `count` users drawn at random among `candidates` in each replicate.
  static SeedPlan random_among(std::uint64_t count, std::vector<NodeId> candidates);
  /// The same users in every replicate (internal node ids, duplicates removed).
  static SeedPlan fixed(std::vector<NodeId> nodes);

  /// Number of seed users per replicate.
  std::uint64_t count() const { return fixed_ ? nodes_.size() : count_; }
  bool is_random() const { return !fixed_; }

  /// Makes the seeds of `replicate` adopters of `population`.
  void place(Population& population, std::uint64_t master_seed, std::uint32_t replicate) const;

  /// Throws InputError if the plan does not fit the graph (more seeds than nodes).
  void check(const Graph& graph) const;

 private:
  bool fixed_ = false;
  std::vector<NodeId> candidates_;  // empty: every node
  std::uint64_t count_ = 0;
  std::vector<NodeId> nodes_;
};

/// Reads original node ids, one per line (`#` comments and blank lines
/// allowed). Throws InputError naming the file and line for a malformed line
/// or an id that is not a node of `graph`.
std::vector<NodeId> read_seed_file(const std::string& path, const Graph& graph);

}  // namespace koubei
