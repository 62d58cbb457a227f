#pragma once
// A run made ready: the graph built or loaded with its trust, the rule bound
// to it and the seed plan checked, all from a RunConfig.

#include <memory>

#include "koubei/batch/run_config.hpp"
#include "koubei/graph/graph.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

struct Scenario {
  std::unique_ptr<Graph> graph;  // on the heap: the rule points at it
  std::unique_ptr<Rule> rule;
  SeedPlan seeds;

  /// Builds everything; logs the graph's size and memory. Throws InputError.
  static Scenario prepare(const RunConfig& config);
};

}  // namespace koubei
