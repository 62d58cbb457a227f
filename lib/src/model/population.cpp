#include "koubei/model/population.hpp"

namespace koubei {

Population::Population(NodeId num_nodes) : state_(num_nodes, AgentState::kUnaware) {
  counts_.unaware = num_nodes;
}

void Population::end_step() {
  frontier_.swap(newcomers_);
  newcomers_.clear();
}

void Population::reset() {
  for (NodeId v : touched_) state_[v] = AgentState::kUnaware;
  touched_.clear();
  frontier_.clear();
  newcomers_.clear();
  counts_ = StateCounts{};
  counts_.unaware = size();
}

}  // namespace koubei
