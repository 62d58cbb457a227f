#pragma once
// A run made ready: the graph built or loaded with its trust (and its
// communities), the rule bound to it, the word-of-mouth model if the scenario
// uses it, and the seed plan checked, all from a RunConfig.
//
// Seeds set by a method (`seeds = imm:k=100`) are chosen once, for every
// replicate, by seeding/select_seeds.hpp among the seed community's users
// (community.seed_community), for the rule the seeding names (else the
// scenario's if it is ic or lt, else ic), on the trust of the first day:
// with the word-of-mouth model, arcs across communities carry the barrier
// of day 0. With a cache, they are chosen once per graph, trust, rule,
// seeding, master seed and candidates.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "koubei/batch/pipeline.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/graph/graph.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

/// Graphs already built, so that scenarios share them: a graph is built or
/// loaded once per (graph spec, master seed, community file) and kept; each
/// trust model on it is a copy sharing its arcs (graph/graph.hpp), kept while
/// some scenario uses it, and the latest one also after, for the next
/// scenario with the same trust. Not thread-safe.
class GraphCache {
 public:
  /// What identifies a graph before trust: graph spec, seed, community file.
  static std::string base_key(const RunConfig& config);

  /// Arcs as built, before any trust model.
  std::shared_ptr<const Graph> find_base(const std::string& key) const;
  void add_base(const std::string& key, std::shared_ptr<const Graph> graph);
  /// With trust applied: null when no scenario holds it any more.
  std::shared_ptr<Graph> find_trusted(const std::string& key);
  void add_trusted(const std::string& key, const std::shared_ptr<Graph>& graph);
  /// Forgets the graph of `base_key` (scenarios holding it keep it alive).
  void drop(const std::string& base_key);

  /// Seeds chosen before for the same graph, trust, rule, seeding, master
  /// seed and candidates (the key says all of them); null if none.
  std::shared_ptr<const std::vector<NodeId>> find_seeds(const std::string& key) const;
  void add_seeds(const std::string& key, std::shared_ptr<const std::vector<NodeId>> seeds);

 private:
  std::vector<std::pair<std::string, std::shared_ptr<const Graph>>> bases_;
  std::vector<std::pair<std::string, std::weak_ptr<Graph>>> trusted_;
  std::vector<std::pair<std::string, std::shared_ptr<const std::vector<NodeId>>>> seeds_;
  std::shared_ptr<Graph> latest_;
  std::string latest_key_;
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

/// A prepared scenario as point `point` of a pipeline, with the replicate
/// settings of `config` (its seed and steps) and the referral trace if
/// `trace`; the point keeps the scenario alive.
std::shared_ptr<const PreparedPoint> share_point(std::shared_ptr<const Scenario> scenario,
                                                 std::uint32_t point, const RunConfig& config,
                                                 bool trace);

}  // namespace koubei
