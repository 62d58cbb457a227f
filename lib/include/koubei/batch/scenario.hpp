#pragma once
// A run made ready: the graph built or loaded with its trust (and its
// communities), the rule bound to it, the word-of-mouth model if the scenario
// uses it, and the seed plan checked, all from a RunConfig.

#include <memory>

#include "koubei/batch/run_config.hpp"
#include "koubei/graph/graph.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

struct Scenario {
  std::unique_ptr<Graph> graph;  // on the heap: the rule and the model point at it
  std::unique_ptr<Rule> rule;
  std::unique_ptr<WordOfMouth> model;  // null with model = none
  SeedPlan seeds;

  /// Builds everything; logs the graph's size and memory. Throws InputError.
  static Scenario prepare(const RunConfig& config);
};

}  // namespace koubei
