#include "koubei/rules/invite_referral.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "koubei/core/spec.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

class InviteReferralWorker final : public RuleWorker {
 public:
  InviteReferralWorker(const Graph& graph, std::uint32_t k) : graph_(graph), k_(k) {}

  void begin(std::uint64_t master_seed, std::uint32_t replicate) override {
    picks_ = CounterStream(master_seed, replicate, Purpose::kInvite);
    trials_ = CounterStream(master_seed, replicate, Purpose::kArcTrial);
    arcs_examined_ = 0;
  }

  void step(StepContext& context) override {
    const Population& population = context.population();
    const ArcId* rows = graph_.row_starts().data();
    const NodeId* targets = graph_.targets().data();
    for (NodeId u : population.frontier()) {
      const ArcId begin = rows[u], end = rows[u + 1];
      arcs_examined_ += end - begin;
      // Candidates: the first arc to each distinct target that can adopt
      // (arcs are sorted by target, so duplicates are adjacent).
      candidates_.clear();
      for (ArcId a = begin; a < end; ++a) {
        const NodeId v = targets[a];
        if (a > begin && targets[a - 1] == v) continue;
        if (population.can_adopt(v)) candidates_.push_back(a);
      }
      std::size_t sent = candidates_.size();
      if (sent > k_) {
        // Sender u's words: u * 2^32, u * 2^32 + 1, ... of the pick stream.
        RandomStream draws(picks_, std::uint64_t{u} << 32);
        for (std::size_t i = 0; i < k_; ++i) {
          const auto left = static_cast<std::uint32_t>(candidates_.size() - i);
          std::swap(candidates_[i], candidates_[i + draws.below(left)]);
        }
        sent = k_;
      }
      for (std::size_t i = 0; i < sent; ++i) invite(context, u, candidates_[i]);
    }
  }

 private:
  void invite(StepContext& context, NodeId u, ArcId a) const {
    const NodeId v = graph_.targets()[a];
    const float p = context.trust(a, u, v);
    if (trials_.word(a) < word_threshold(p)) context.persuade(v, u, p);
  }

  const Graph& graph_;
  std::uint32_t k_;
  std::vector<ArcId> candidates_;  // scratch for one sender
  CounterStream picks_{0, 0, Purpose::kInvite};
  CounterStream trials_{0, 0, Purpose::kArcTrial};
};

}  // namespace

InviteParams InviteParams::parse(const Spec& spec) {
  spec.allow_only({"k"});
  spec.expect_args(0, "k=K with an integer K >= 1");
  return {static_cast<std::uint32_t>(spec.require_int("k", 1, 4294967295))};
}

std::string InviteParams::to_string() const { return fmt::format("invite:k={}", k); }

std::unique_ptr<RuleWorker> InviteReferral::make_worker() const {
  return std::make_unique<InviteReferralWorker>(graph_, k_);
}

}  // namespace koubei
