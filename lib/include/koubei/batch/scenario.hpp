#pragma once
// A run made ready: the graph built or loaded with its trust (and its
// communities), the rule bound to it, the word-of-mouth model if the scenario
// uses it, and the seed plan checked, all from a RunConfig.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "koubei/batch/run_config.hpp"
#include "koubei/graph/graph.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

/// Graphs already built, so that scenarios that agree on the graph, trust,
/// master seed and community file share one (a sweep builds each once).
class GraphCache {
 public:
  std::shared_ptr<Graph> find(const std::string& key) const;
  void add(const std::string& key, std::shared_ptr<Graph> graph);

 private:
  std::vector<std::pair<std::string, std::shared_ptr<Graph>>> graphs_;
};

struct Scenario {
  std::shared_ptr<Graph> graph;  // on the heap: the rule and the model point at it
  std::unique_ptr<Rule> rule;
  std::unique_ptr<WordOfMouth> model;  // null with model = none
  SeedPlan seeds;

  /// Builds everything; logs the graph's size and memory. Throws InputError.
  /// With a cache, a graph built before for the same key is reused.
  static Scenario prepare(const RunConfig& config, GraphCache* cache = nullptr);
};

}  // namespace koubei
