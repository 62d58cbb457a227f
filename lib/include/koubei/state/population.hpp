#pragma once
// The agents of one replicate: a state per node, the counts per state, the
// transitions of the current step, and the nodes that adopted in the previous
// step (the frontier a cascade grows from).
//
// States: unaware -> aware -> adopter -> promoter, and churned (from adopter
// or promoter). Under the word-of-mouth model with `sis`, a churned user can
// be persuaded again: churned -> aware again -> adopter. `aware` counts the
// aware and the aware again, `adopters` everyone using the product now,
// promoters included, so at every step unaware + aware + adopters + churned =
// nodes.
// Resetting for the next replicate costs O(nodes touched), not O(nodes).

#include <cstdint>
#include <span>
#include <vector>

#include "koubei/graph/graph.hpp"

namespace koubei {

enum class AgentState : std::uint8_t {
  kUnaware,
  kAware,
  kAdopter,
  kPromoter,
  kChurned,
  kAwareAgain,  // churned, then persuaded again (word-of-mouth model under sis)
};

struct StateCounts {
  std::uint64_t unaware = 0;
  std::uint64_t aware = 0;
  std::uint64_t adopters = 0;  // promoters included
  std::uint64_t promoters = 0;
  std::uint64_t churned = 0;
  bool operator==(const StateCounts&) const = default;
};

/// Transitions during one step (and, for ever_adopted, since the start).
struct Transitions {
  std::uint64_t new_aware = 0;     // aware again included
  std::uint64_t new_adopters = 0;  // first adoptions and re-adoptions
  std::uint64_t new_promoters = 0;
  std::uint64_t new_churned = 0;
  bool operator==(const Transitions&) const = default;
};

class Population {
 public:
  explicit Population(NodeId num_nodes);

  NodeId size() const { return static_cast<NodeId>(state_.size()); }
  AgentState state(NodeId v) const { return state_[v]; }
  /// Every node's state, indexed by node (for kernels that prefetch).
  std::span<const AgentState> states() const { return state_; }
  /// True for nodes that have never adopted: unaware or aware.
  bool can_adopt(NodeId v) const { return state_[v] <= AgentState::kAware; }
  bool is_adopter(NodeId v) const {
    return state_[v] == AgentState::kAdopter || state_[v] == AgentState::kPromoter;
  }
  /// Aware, for the first time or again.
  bool is_aware(NodeId v) const {
    return state_[v] == AgentState::kAware || state_[v] == AgentState::kAwareAgain;
  }

  /// The step being computed (0 while seeds are placed).
  std::uint32_t current_step() const { return step_; }

  /// Unaware -> aware. Returns false (and changes nothing) otherwise.
  bool make_aware(NodeId v) {
    if (state_[v] != AgentState::kUnaware) return false;
    leave_unaware(v);
    state_[v] = AgentState::kAware;
    ++counts_.aware;
    ++step_transitions_.new_aware;
    return true;
  }

  /// Churned -> aware again. Returns false (and changes nothing) otherwise.
  bool make_aware_again(NodeId v) {
    if (state_[v] != AgentState::kChurned) return false;
    --counts_.churned;
    if (community_ != nullptr) --community_churned_[community_[v]];
    state_[v] = AgentState::kAwareAgain;
    ++counts_.aware;
    ++step_transitions_.new_aware;
    return true;
  }

  /// Unaware, aware (or aware again) or churned -> adopter; the node joins the
  /// frontier at the end of the step. Returns false (and changes nothing) for
  /// adopters. Rules that forbid re-adoption check can_adopt() first.
  bool adopt(NodeId v) {
    switch (state_[v]) {
      case AgentState::kUnaware:
        leave_unaware(v);
        ++ever_adopted_;
        break;
      case AgentState::kAware:
        --counts_.aware;
        ++ever_adopted_;
        break;
      case AgentState::kChurned:
        --counts_.churned;
        if (community_ != nullptr) --community_churned_[community_[v]];
        break;
      case AgentState::kAwareAgain:
        --counts_.aware;
        break;
      default:
        return false;
    }
    if (community_ != nullptr) ++community_adopters_[community_[v]];
    state_[v] = AgentState::kAdopter;
    ++counts_.adopters;
    ++step_transitions_.new_adopters;
    newcomers_.push_back(v);
    return true;
  }

  /// Adopter -> promoter. Returns false otherwise.
  bool promote(NodeId v) {
    if (state_[v] != AgentState::kAdopter) return false;
    state_[v] = AgentState::kPromoter;
    ++counts_.promoters;
    ++step_transitions_.new_promoters;
    return true;
  }

  /// Adopter or promoter -> churned. Returns false otherwise.
  bool churn(NodeId v) {
    if (!is_adopter(v)) return false;
    if (state_[v] == AgentState::kPromoter) --counts_.promoters;
    state_[v] = AgentState::kChurned;
    if (community_ != nullptr) {
      --community_adopters_[community_[v]];
      ++community_churned_[community_[v]];
    }
    --counts_.adopters;
    ++counts_.churned;
    ++step_transitions_.new_churned;
    return true;
  }

  /// Nodes that adopted during the previous step, in the order they adopted.
  /// Stable while the current step adds newcomers.
  std::span<const NodeId> frontier() const { return frontier_; }
  /// Nodes that adopted so far in the current step.
  std::span<const NodeId> newcomers() const { return newcomers_; }
  /// Closes the step: this step's newcomers become the next frontier, and the
  /// transition counts start again from zero.
  void end_step();

  const StateCounts& counts() const { return counts_; }
  const Transitions& step_transitions() const { return step_transitions_; }
  /// Users who adopted at least once (churned included).
  std::uint64_t ever_adopted() const { return ever_adopted_; }

  /// Counts adopters and churned per community from now on (labels must
  /// outlive the population; one per node, each below `communities`).
  void track_communities(const std::uint32_t* labels, std::uint32_t communities);
  std::span<const std::uint64_t> community_adopters() const { return community_adopters_; }
  std::span<const std::uint64_t> community_churned() const { return community_churned_; }

  /// Back to everyone unaware at step 0, touching only nodes that changed.
  void reset();

  /// Bytes of the states and node lists, as allocated now.
  std::uint64_t memory_bytes() const;

 private:
  void leave_unaware(NodeId v) {
    // Past a share of the nodes, clearing them all at the next reset is
    // cheaper than remembering each one and visiting them in random order.
    if (touched_.size() < touched_limit_) {
      touched_.push_back(v);
    } else {
      touched_many_ = true;
    }
    --counts_.unaware;
  }

  std::vector<AgentState> state_;
  std::vector<NodeId> touched_;  // nodes that left unaware since the last reset
  std::size_t touched_limit_;    // a 32nd of the nodes (at least 1024)
  bool touched_many_ = false;    // more left than touched_ holds
  std::vector<NodeId> frontier_;
  std::vector<NodeId> newcomers_;
  StateCounts counts_;
  Transitions step_transitions_;
  std::uint64_t ever_adopted_ = 0;
  std::uint32_t step_ = 0;
  const std::uint32_t* community_ = nullptr;
  std::vector<std::uint64_t> community_adopters_;
  std::vector<std::uint64_t> community_churned_;
};

}  // namespace koubei
