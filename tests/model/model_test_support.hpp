#pragma once
// What the word-of-mouth model's tests share: triggers, a graph with trust,
// and the model with every side neutral.

#include <cstdint>
#include <string>

#include "koubei/graph/graph_spec.hpp"
#include "koubei/model/word_of_mouth_config.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei::testing {

inline Trigger on_day(std::uint64_t d) { return Trigger{Trigger::Kind::kDay, d}; }
inline Trigger on_adopters(std::uint64_t n) { return Trigger{Trigger::Kind::kAdopters, n}; }
inline const Trigger kNever{};

/// A generated graph with a trust model applied, both from `seed`.
inline Graph make(const std::string& spec, const std::string& trust, std::uint64_t seed = 7) {
  Graph g = make_graph(spec, seed);
  TrustModel::parse(trust).apply(g, seed);
  return g;
}

/// The model with every side neutral: a persuaded user adopts the same day
/// (conversion 1, looks 1), nobody promotes or churns, no channel runs.
inline WordOfMouthConfig neutral() {
  WordOfMouthConfig c;
  c.enabled = true;
  c.adoption.conversion = 1;
  c.adoption.promotion = 0;
  c.adoption.churn = 0;
  c.forum.members = 0;
  c.forum.start = kNever;
  c.microblog.start = kNever;
  c.ads.daily_budget = 0;
  return c;
}

}  // namespace koubei::testing
