#pragma once
// Invite-limited referral, after Gmail's invitation codes (2004): every
// adopter holds K invitations. Spec `invite:k=K`, K >= 1.
//
// Synchronous, one hop per step, one trial per invitation: in step t every
// node u that adopted in step t-1 (the frontier, in adoption order) sends its
// K invitations, once. Its candidates are its distinct out-neighbours that
// can still adopt (unaware or aware) at the moment u sends, whatever the
// arc's trust; if there are at most K candidates u invites them all, else it
// picks K of them uniformly at random. An invitee v adopts with probability
// equal to the trust of arc u->v and refers from the next step on. An
// invitation is spent whether accepted or not; invitations u does not send
// in that step (fewer than K candidates) are lost, like the one chance of
// `ic`. The count of adopters brought in by any adopter is therefore at most K.
//
// Senders go one after another in frontier order and candidates are
// evaluated at send time, so a node that adopted earlier in the step is no
// longer a candidate for later senders (they spend their invitations on
// others), while a node that declined an earlier sender's invitation still
// is. When K is below the number of candidates the outcome thus depends on
// the frontier order, which is the order of adoption, hence reproducible.
//
// Random numbers. The pick of sender u is a partial Fisher-Yates shuffle of
// its candidates listed in arc order: for i = 0..K-1, swap candidate i with
// candidate i + below(count - i), where below() is Lemire's multiply-and-
// reject (as in RandomStream) on words u*2^32, u*2^32 + 1, ... of the stream
// (seed, r, Purpose::kInvite). Each node sends at most once per replicate
// (nobody adopts twice), so these words belong to u alone. No word is drawn
// when u invites all its candidates. Acceptance of the invitation along arc a
// is word a of (seed, r, Purpose::kArcTrial), success when word < trust*2^32,
// exactly the trial `ic` makes on that arc. With K at least the largest
// out-degree, `invite:k=K` is therefore identical to `ic`, step by step, on a
// graph without duplicate arcs (duplicates of u->v make one invitation, on
// the first of them).

#include <cstdint>
#include <memory>
#include <string>

#include "koubei/rules/rule.hpp"

namespace koubei {

/// `invite:k=K`.
struct InviteParams {
  std::uint32_t k = 1;  // >= 1: invitations each adopter holds

  /// Errors name the spec.
  static InviteParams parse(const Spec& spec);
  std::string to_string() const;
};

class InviteReferral final : public Rule {
 public:
  using Params = InviteParams;
  InviteReferral(const Graph& graph, InviteParams params) : graph_(graph), k_(params.k) {}
  std::string spec() const override { return InviteParams{k_}.to_string(); }
  std::unique_ptr<RuleWorker> make_worker() const override;

  std::uint32_t k() const { return k_; }

 private:
  const Graph& graph_;
  std::uint32_t k_;
};

}  // namespace koubei
