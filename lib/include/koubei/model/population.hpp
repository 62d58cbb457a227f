#pragma once
// The agents of one replicate: a state per node, the counts per state, and the
// nodes that adopted in the previous step (the frontier a cascade grows from).
//
// States: unaware -> aware -> adopter -> promoter, and churned (from adopter
// or promoter). `adopters` counts everyone using the product now, promoters
// included, so at every step unaware + aware + adopters + churned = nodes.
// Resetting for the next replicate costs O(nodes touched), not O(nodes).

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"

namespace koubei {

enum class AgentState : std::uint8_t { kUnaware, kAware, kAdopter, kPromoter, kChurned };

struct StateCounts {
  std::uint64_t unaware = 0;
  std::uint64_t aware = 0;
  std::uint64_t adopters = 0;   // promoters included
  std::uint64_t promoters = 0;
  std::uint64_t churned = 0;
  bool operator==(const StateCounts&) const = default;
};

class Population {
 public:
  explicit Population(NodeId num_nodes);

  NodeId size() const { return static_cast<NodeId>(state_.size()); }
  AgentState state(NodeId v) const { return state_[v]; }
  /// True for nodes that may still adopt: unaware or aware.
  bool can_adopt(NodeId v) const { return state_[v] <= AgentState::kAware; }
  bool is_adopter(NodeId v) const {
    return state_[v] == AgentState::kAdopter || state_[v] == AgentState::kPromoter;
  }

  /// Makes v an adopter now; it joins the frontier at the end of the step.
  /// Returns false (and changes nothing) if v cannot adopt.
  bool adopt(NodeId v) {
    AgentState s = state_[v];
    if (s > AgentState::kAware) return false;
    if (s == AgentState::kUnaware) {
      touched_.push_back(v);
      --counts_.unaware;
    } else {
      --counts_.aware;
    }
    state_[v] = AgentState::kAdopter;
    ++counts_.adopters;
    newcomers_.push_back(v);
    return true;
  }

  /// Nodes that adopted during the previous step, in the order they adopted.
  /// Stable while the current step adds newcomers.
  std::span<const NodeId> frontier() const { return frontier_; }
  /// Nodes that adopted so far in the current step.
  std::span<const NodeId> newcomers() const { return newcomers_; }
  /// Closes the step: this step's newcomers become the next frontier.
  void end_step();

  const StateCounts& counts() const { return counts_; }

  /// Back to everyone unaware, touching only nodes that changed.
  void reset();

 private:
  std::vector<AgentState> state_;
  std::vector<NodeId> touched_;  // nodes that left unaware since the last reset
  std::vector<NodeId> frontier_;
  std::vector<NodeId> newcomers_;
  StateCounts counts_;
};

}  // namespace koubei
