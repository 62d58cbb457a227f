#pragma once
// Greedy maximum coverage over a collection of RR sets: k times, take the
// candidate that meets the most sets not met yet (ties to the smaller node
// id), with lazy re-evaluation (a node's count only falls). The result is a
// (1 - 1/e) approximation of the best k nodes for that collection (Nemhauser,
// Wolsey and Fisher 1978).
//
// It also bounds the best possible coverage from above, as OPIM-C does
// (Tang et al., SIGMOD 2018): for every i, the coverage of the first i picks
// plus the k largest counts left after them; and the greedy coverage divided
// by 1 - (1 - 1/k)^k.

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/seeding/rr_sets.hpp"

namespace koubei {

struct Coverage {
  std::vector<NodeId> seeds;    // in the order picked
  std::uint64_t covered = 0;    // sets met by the seeds
  double upper_bound = 0;        // on the sets the best k candidates meet
  std::uint64_t memory_bytes = 0;  // the counts and the index, at the largest
};

/// `allowed`: one flag per node, or empty for every node. Needs
/// k <= the number of allowed nodes. The upper bound is computed when
/// `bound` is set. On `threads` threads, each with a range of the sets
/// (of at least 16384): every one counts, indexes and, at each pick, takes
/// the pick's sets off its own counts. The picks are the same for any
/// number.
Coverage greedy_max_coverage(const RrSets& sets, std::uint64_t k, std::span<const char> allowed,
                             bool bound, unsigned threads);

}  // namespace koubei
