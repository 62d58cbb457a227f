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
  /// Stopped early: the picks could not meet `need` sets (seeds partial).
  bool short_of_need = false;
};

/// `allowed`: one flag per node, or empty for every node. Needs
/// k <= the number of allowed nodes. The upper bound is computed when
/// `bound` is set. With `need` above 0 it stops as soon as the k picks
/// cannot meet `need` sets (the k largest counts fall short, or the
/// coverage so far plus k - i times the i-th pick's gain does, as gains
/// only fall), and says so in short_of_need; the picks up to there are
/// those it would have made.
Coverage greedy_max_coverage(const RrSets& sets, std::uint64_t k, std::span<const char> allowed,
                             bool bound, unsigned threads, std::uint64_t need = 0);

}  // namespace koubei
