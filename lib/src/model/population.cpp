#include "koubei/model/population.hpp"

namespace koubei {

Population::Population(NodeId num_nodes) : state_(num_nodes, AgentState::kUnaware) {
  counts_.unaware = num_nodes;
}

void Population::end_step() {
  frontier_.swap(newcomers_);
  newcomers_.clear();
  step_transitions_ = Transitions{};
  ++step_;
}

void Population::reset() {
  for (NodeId v : touched_) state_[v] = AgentState::kUnaware;
  touched_.clear();
  frontier_.clear();
  newcomers_.clear();
  counts_ = StateCounts{};
  counts_.unaware = size();
  step_transitions_ = Transitions{};
  ever_adopted_ = 0;
  step_ = 0;
}

}  // namespace koubei
