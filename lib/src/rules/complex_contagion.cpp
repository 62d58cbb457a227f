#include "koubei/rules/complex_contagion.hpp"

#include <fmt/format.h>

#include <vector>

#include "koubei/rules/frontier.hpp"

namespace koubei {
namespace {

class ComplexContagionWorker final : public RuleWorker {
 public:
  ComplexContagionWorker(const Graph& graph, std::uint32_t k)
      : graph_(graph), k_(k), exposures_(graph.num_nodes(), 0) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    (void)master_seed;
    (void)replicate;
    for (NodeId v : touched_) exposures_[v] = 0;
    touched_.clear();
    arcs_examined_ = 0;
  }

  std::uint64_t memory_bytes() const override {
    return exposures_.capacity() * sizeof(std::uint32_t) + touched_.capacity() * sizeof(NodeId);
  }

  void step(StepContext& context) override {
    arcs_examined_ +=
        for_each_open_referral(graph_, context, [&](NodeId u, ArcId, NodeId v, float trust) {
          if (exposures_[v] == 0) touched_.push_back(v);
          if (++exposures_[v] >= k_) context.persuade(v, u, trust);
        });
  }

 private:
  const Graph& graph_;
  std::uint32_t k_;
  std::vector<std::uint32_t> exposures_;  // adopting in-neighbours so far, this replicate
  std::vector<NodeId> touched_;           // nodes whose exposures_ is not zero
};

}  // namespace

std::string ComplexContagion::spec() const { return fmt::format("complex:k={}", k_); }

std::unique_ptr<RuleWorker> ComplexContagion::make_worker() const {
  return std::make_unique<ComplexContagionWorker>(graph_, k_);
}

}  // namespace koubei
