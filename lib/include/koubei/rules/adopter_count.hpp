#pragma once
// The kernel of the rules that count adopting in-neighbours (complex
// contagion, Watts's threshold): in step t every node that adopted in step
// t-1 (the frontier) adds 1 to the count of each out-neighbour that can
// still adopt, along arcs whose effective trust is not 0, and a node adopts
// the moment its count reaches what it needs. Only adopters of earlier steps
// push, so the outcome does not depend on the order of the pushes, and no
// in-arcs are needed. No random draws at all.

#include <cstdint>
#include <vector>

#include "koubei/rules/frontier.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

/// `needed(v)`: the count at which v adopts (>= 1; a count it can never
/// reach for a node that adopts only as a seed).
template <class Needed>
class AdopterCountWorker final : public RuleWorker {
 public:
  AdopterCountWorker(const Graph& graph, Needed needed)
      : graph_(graph), needed_(needed), counts_(graph.num_nodes(), 0) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    (void)master_seed;
    (void)replicate;
    for (NodeId v : touched_) counts_[v] = 0;
    touched_.clear();
    arcs_examined_ = 0;
  }

  std::uint64_t memory_bytes() const override {
    return counts_.capacity() * sizeof(std::uint32_t) + touched_.capacity() * sizeof(NodeId);
  }

  void step(StepContext& context) override {
    arcs_examined_ +=
        for_each_open_referral(graph_, context, [&](NodeId u, ArcId, NodeId v, float trust) {
          if (counts_[v] == 0) touched_.push_back(v);
          if (++counts_[v] >= needed_(v)) context.persuade(v, u, trust);
        });
  }

 private:
  const Graph& graph_;
  Needed needed_;
  std::vector<std::uint32_t> counts_;  // adopting in-neighbours so far, this replicate
  std::vector<NodeId> touched_;        // nodes whose count is not zero
};

}  // namespace koubei
