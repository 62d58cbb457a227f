#pragma once
// What a rule sees and does during one step: the population, the step
// number, the effective trust of an arc today, and one call to report that a
// user was persuaded.
//
// Without the word-of-mouth model a persuaded user adopts at once (the
// textbook rules). With it (model = wom), persuasion goes to the model's
// Persuasion hook, which only makes the user aware; the model converts the
// aware each day (model/word_of_mouth.hpp). The
// effective trust of an arc across communities is lowered by the barrier,
// which openness lifts.

#include <cstdint>
#include <vector>

#include "koubei/graph/graph.hpp"
#include "koubei/state/population.hpp"

namespace koubei {

/// How a user came to the product.
enum class Channel : std::uint8_t { kSeed, kReferral, kForum, kMicroblog, kAds };
inline constexpr const char* kChannelNames[] = {"seed", "referral", "forum", "microblog", "ads"};

/// One entry of the referral trace: `source` brought `target` in.
struct Referral {
  std::uint32_t step;
  NodeId source;  // == target for seeds and ads
  NodeId target;
  Channel channel;
};

class StepContext;

/// What persuasion means when a model sits around the rule (the
/// word-of-mouth model makes the user aware): set on the context by the
/// engine, called for every user a rule or channel persuades.
class Persuasion {
 public:
  virtual void persuade(StepContext& context, NodeId v, NodeId source, float trust,
                        Channel channel) = 0;

 protected:
  ~Persuasion() = default;
};

class StepContext {
 public:
  StepContext(const Graph& graph, Population& population)
      : population_(population), trust_(graph.trust().data()) {}

  Population& population() { return population_; }
  const Population& population() const { return population_; }
  std::uint32_t step() const { return population_.current_step(); }

  /// Effective trust of arc a from u to v today.
  float trust(ArcId a, NodeId u, NodeId v) const {
    float t = trust_[a];
    if (community_ != nullptr && community_[u] != community_[v]) t *= cross_factor_;
    return t;
  }

  /// True when effective trust is the arc's trust (no community barrier).
  bool plain_trust() const { return community_ == nullptr; }
  /// True when persuading a user who can adopt makes them adopt at once and
  /// nothing records who persuaded them (no model, no trace, no barrier).
  bool adopts_at_once() const {
    return persuasion_ == nullptr && trace_ == nullptr && community_ == nullptr;
  }

  /// `source` persuaded v along a referral arc with effective trust `trust`.
  /// Returns true if v adopted now (always the case without the model, when
  /// v could adopt).
  bool persuade(NodeId v, NodeId source, float trust) {
    if (persuasion_ == nullptr) {
      if (!population_.adopt(v)) return false;
      if (trace_ != nullptr) trace_->push_back({step(), source, v, Channel::kReferral});
      return true;
    }
    persuasion_->persuade(*this, v, source, trust, Channel::kReferral);
    return false;
  }

  /// Set up by the engine.
  void set_trace(std::vector<Referral>* trace) { trace_ = trace; }
  void set_persuasion(Persuasion* persuasion) { persuasion_ = persuasion; }
  void set_barrier(const std::uint32_t* community, float cross_factor) {
    community_ = community;
    cross_factor_ = cross_factor;
  }
  std::vector<Referral>* trace() { return trace_; }

 private:
  Population& population_;
  const float* trust_;
  const std::uint32_t* community_ = nullptr;
  float cross_factor_ = 1.0f;
  std::vector<Referral>* trace_ = nullptr;
  Persuasion* persuasion_ = nullptr;
};

}  // namespace koubei
