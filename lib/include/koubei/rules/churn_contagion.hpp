#pragma once
// Adoption with churn: the SIR and SIS epidemic models (Kermack and
// McKendrick 1927; on networks, Pastor-Satorras and Vespignani 2001) read as
// word of mouth. Adopters are the infected, churned users the recovered.
// Specs `sir:churn=G` and `sis:churn=G`, G in [0, 1].
//
// Synchronous: step t reads the adopters at the start of the step (everyone
// who adopted in steps before t and has not churned). Then, in step t:
//  1. Referral, one trial per arc per step: every such adopter u tries each
//     out-arc u->v afresh, succeeding with the arc's trust; v adopts on the
//     first success if it is eligible. Under `sir` eligible means never
//     adopted (unaware or aware): churned users are immune. Under `sis` it
//     means any non-adopter, churned users included (they re-adopt).
//  2. Churn: every adopter counted at the start of the step (not this step's
//     newcomers) churns with probability G.
// A new adopter refers from step t+1 on, and in every later step until it
// churns, so it refers for a Geometric(G) number of steps (at least one).
// An adopter churning in step t still referred in step t, and cannot re-adopt
// before step t+1. With G = 1 and trust 1, `sir` reaches the same users in
// the same steps as `ic`, each adopter leaving right after its one round.
//
// Random numbers: the trial of arc a in step t is word t*arcs + a of the
// stream (seed, r, Purpose::kRepeatedTrial), success when word < trust*2^32;
// the churn of node u in step t is word t*nodes + u of (seed, r,
// Purpose::kChurn), churn when word < G*2^32. A word is drawn only for an
// eligible target and (for churn) only when G > 0. Each draw belongs to one
// (step, arc) or (step, node), so the visiting order cannot change it.
//
// The worker keeps its own list of current adopters in adoption order
// (churned users removed, keeping the order of the rest).
//
// End of a replicate: `sir` is settled when no adopter remains; with G = 0
// (the SI model), also once no trial can succeed: no adopter has an arc to an
// eligible user whose effective trust is at least 2^-32 (a smaller trust
// rounds to a word threshold of 0 and never succeeds). `sis` may never settle;
// it is settled when no adopter remains, or, with G = 0, as `sir`.
//
// Runs without a step limit are refused (why_step_limit()) for `sis`, and for
// `sir:churn=0` on a graph where some arc's trust is at least 2^-32 (so it can
// succeed) but below 1e-6:
// each adopter then retries such an arc every step, so settling takes of the
// order of 1/trust steps (a billion at 1e-9).

#include <memory>
#include <string>

#include "koubei/rules/rule.hpp"

namespace koubei {

enum class ChurnMode { kSir, kSis };

/// `sir:churn=G` or `sis:churn=G`.
struct ChurnParams {
  ChurnMode mode = ChurnMode::kSir;
  double churn = 0;  // in [0, 1]: the chance that an adopter leaves in a step

  /// The mode from the spec's name (sir or sis); errors name the spec.
  static ChurnParams parse(const Spec& spec);
  std::string to_string() const;
};

class ChurnContagion final : public Rule {
 public:
  using Params = ChurnParams;
  ChurnContagion(const Graph& graph, ChurnParams params);
  std::string spec() const override { return ChurnParams{mode_, churn_}.to_string(); }
  std::unique_ptr<RuleWorker> make_worker() const override;
  std::string why_step_limit() const override;
  bool churns() const override { return true; }
  bool churned_can_return() const override { return mode_ == ChurnMode::kSis; }
  /// Below this positive trust, `sir:churn=0` needs a step limit.
  static constexpr double kSlowTrust = 1e-6;

  ChurnMode mode() const { return mode_; }
  double churn() const { return churn_; }

 private:
  const Graph& graph_;
  ChurnMode mode_;
  double churn_;
  float smallest_trust_ = 0;  // the smallest trust of an arc that can succeed, or 0
};

}  // namespace koubei
