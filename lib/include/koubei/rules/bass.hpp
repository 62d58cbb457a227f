#pragma once
// Bass diffusion, agent-based (Bass, Management Science 1969; the agent-based
// form of Rand and Rust, IJRM 2011). Spec `bass:p=P,q=Q[,scope=S]`:
// p is innovation (adoption from outside the network: ads, media), q is
// imitation (word of mouth); p, q in [0,1] with p + q <= 1 so that p + q*F
// is always a probability. S is `neighbors` (default) or `global`.
//
// Synchronous, one trial per node per step: in step t every node that can
// still adopt (unaware or aware; churned nodes do not come back) adopts with
// probability p + q*F, where F is taken from the state at the end of step
// t-1 and does not change during step t. This is the discrete Bass hazard
// (Bass's own difference equation), one trial per step. Rand and Rust's
// agents make two trials instead, innovation then imitation, for a chance of
// p + (1 - p)*q*F; the two differ by p*q*F per step, which is small for the
// usual p ~ 0.01 but not nothing.
//   global     F = users who ever adopted / nodes: the textbook mean-field
//              Bass model, whose expected adopted fraction follows
//              F(t+1) = F(t) + (p + q F(t))(1 - F(t)).
//   neighbors  F = the trust-weighted fraction of v's in-neighbours that have
//              ever adopted: sum of trust(u->v) over such u, divided by the
//              sum over all in-arcs of v (F = 0 if v has no incoming trust, so
//              such a node adopts only through p). With constant trust this
//              is the plain fraction of adopting in-neighbours. Under a
//              community barrier (the word-of-mouth model) an adopter's
//              trust counts at its effective, lowered value in the sum, while
//              the divisor stays the raw incoming trust: the barrier lowers F
//              as it lowers every referral.
// A node that adopts in step t influences others from step t+1 on, and
// counts in F for good under both scopes: F is Bass's cumulative adoption.
// The rule itself never takes an adoption back; only the word-of-mouth model
// churns users, and a churned user still counts in F (its past adoption is
// what word of mouth spread), so both scopes agree there too.
//
// The draw of node v in step t is word t*n + v (64-bit index, n = nodes) of
// the stream (seed, r, Purpose::kAdoption); v adopts when the word is below
// word_threshold(p + q*F). Each (step, node) owns its draw, so the outcome does
// not depend on the order of visits or the thread count.
//
// A step in which by chance nobody adopts does not end a replicate; it ends
// only once no later step can change anything (settled(): no node can adopt,
// or every node that can has a zero chance, e.g. p = 0 and no adopter in reach).
//
// Kernel: under neighbors scope the adopters of step t-1 push their trust
// along their out-arcs at the start of step t (no in-arcs needed; the rule
// precomputes each node's incoming trust). Then every node that can adopt is
// visited in ascending order, four nodes per Philox block; with p = 0 only the
// nodes that received trust are visited, and their adoptions are applied in
// ascending order, so the result is that of the full scan.

#include <memory>
#include <string>
#include <vector>

#include "koubei/rules/rule.hpp"

namespace koubei {

class Spec;

enum class BassScope { kNeighbors, kGlobal };

struct BassParams {
  double p = 0.0;  // innovation: chance per step of adopting on one's own
  double q = 0.0;  // imitation: added chance per step at F = 1
  BassScope scope = BassScope::kNeighbors;

  /// Throws InputError naming the field and its allowed range.
  void validate() const;
  /// From a `bass:` rule spec; errors name the spec.
  static BassParams parse(const Spec& spec);
  /// Canonical, with every key: `bass:p=0.03,q=0.38,scope=neighbors`.
  std::string to_string() const;
};

class BassDiffusion final : public Rule {
 public:
  using Params = BassParams;
  /// Validates `params` (InputError).
  BassDiffusion(const Graph& graph, BassParams params);
  std::string spec() const override { return params_.to_string(); }
  std::unique_ptr<RuleWorker> make_worker() const override;

  const BassParams& params() const { return params_; }
  /// Sum of trust on v's in-arcs (neighbors scope only; empty under global).
  double in_trust(NodeId v) const { return in_trust_[v]; }

 private:
  const Graph& graph_;
  BassParams params_;
  std::vector<double> in_trust_;
};

}  // namespace koubei
