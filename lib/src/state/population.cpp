#include "koubei/state/population.hpp"

#include <algorithm>

namespace koubei {

Population::Population(NodeId num_nodes)
    : state_(num_nodes, AgentState::kUnaware),
      touched_limit_(std::max<std::size_t>(1024, num_nodes / 32)) {
  counts_.unaware = num_nodes;
}

void Population::end_step() {
  frontier_.swap(newcomers_);
  newcomers_.clear();
  step_transitions_ = Transitions{};
  ++step_;
}

void Population::reset() {
  if (touched_many_) {
    std::fill(state_.begin(), state_.end(), AgentState::kUnaware);
  } else {
    for (NodeId v : touched_) state_[v] = AgentState::kUnaware;
  }
  touched_.clear();
  touched_many_ = false;
  frontier_.clear();
  newcomers_.clear();
  counts_ = StateCounts{};
  counts_.unaware = size();
  step_transitions_ = Transitions{};
  ever_adopted_ = 0;
  step_ = 0;
  std::fill(community_adopters_.begin(), community_adopters_.end(), 0);
  std::fill(community_churned_.begin(), community_churned_.end(), 0);
}

std::uint64_t Population::memory_bytes() const {
  return state_.capacity() * sizeof(AgentState) +
         (touched_.capacity() + frontier_.capacity() + newcomers_.capacity()) * sizeof(NodeId) +
         (community_adopters_.capacity() + community_churned_.capacity()) * sizeof(std::uint64_t);
}

void Population::track_communities(const std::uint32_t* labels, std::uint32_t communities) {
  community_ = labels;
  community_adopters_.assign(communities, 0);
  community_churned_.assign(communities, 0);
}

}  // namespace koubei
