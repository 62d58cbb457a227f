#include "koubei/batch/scenario.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "koubei/core/error.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/graph/communities_file.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {
namespace {

SeedPlan seed_plan(const RunConfig& config, const Graph& graph) {
  if (!config.seeds_file.empty()) return SeedPlan::fixed(read_seed_file(config.seeds_file, graph));
  const auto count = static_cast<std::uint64_t>(config.seeds);
  const std::string& where = config.model.community.seed_community;
  if (where == "any") return SeedPlan::random(count);
  if (!graph.has_communities())
    throw InputError(
        fmt::format("community.seed_community = {}: the graph has no communities", where));
  const std::string& name = where == "home" ? config.model.community.home : where;
  std::uint32_t community = 0;  // home defaults to the first community
  if (!name.empty()) {
    auto found = graph.find_community(name);
    if (!found)
      throw InputError(
          fmt::format("community.seed_community = {}: no community named '{}'", where, name));
    community = *found;
  }
  std::vector<NodeId> candidates;
  for (NodeId v = 0; v < graph.num_nodes(); ++v)
    if (graph.community(v) == community) candidates.push_back(v);
  return SeedPlan::random_among(count, std::move(candidates));
}

}  // namespace

std::shared_ptr<Graph> GraphCache::find(const std::string& key) const {
  for (const auto& [k, graph] : graphs_)
    if (k == key) return graph;
  return nullptr;
}

void GraphCache::add(const std::string& key, std::shared_ptr<Graph> graph) {
  graphs_.emplace_back(key, std::move(graph));
}

Scenario Scenario::prepare(const RunConfig& config, GraphCache* cache) {
  config.validate();
  const bool chain_off = config.model.enabled && config.model.disable_chain;
  const std::string trust_spec =
      chain_off ? fmt::format("const:{}", config.model.chain_off_trust) : config.trust;
  const std::string key = fmt::format("{}|{}|{}|{}", config.graph, trust_spec, config.rng_seed,
                                      config.model.community.file);
  Scenario scenario;
  if (cache != nullptr) scenario.graph = cache->find(key);
  if (!scenario.graph) {
    TrustModel trust = TrustModel::parse(trust_spec);
    scenario.graph = std::make_shared<Graph>(make_graph(config.graph, config.rng_seed));
    Graph& built = *scenario.graph;
    if (!config.model.community.file.empty()) load_communities(built, config.model.community.file);
    trust.apply(built, config.rng_seed);
    spdlog::info("graph {}: {} nodes, {} arcs, {} in memory ({:.1f} bytes per arc)", config.graph,
                 built.num_nodes(), built.num_arcs(), format_bytes(built.memory_bytes()),
                 built.num_arcs() ? double(built.memory_bytes()) / double(built.num_arcs()) : 0.0);
    if (cache != nullptr) cache->add(key, scenario.graph);
  }
  const Graph& graph = *scenario.graph;
  scenario.rule = make_rule(config.rule, graph);
  if (config.steps == 0 && scenario.rule->needs_step_limit()) {
    throw InputError(fmt::format("rule '{}' may never settle: set a step limit with --steps",
                                 scenario.rule->spec()));
  }
  if (config.model.enabled) {
    scenario.model = std::make_unique<WordOfMouth>(graph, config.model, config.rng_seed);
    if (const std::string sides = config.model.disabled_sides(); !sides.empty())
      spdlog::info("word-of-mouth model with {} switched off", sides);
  }
  scenario.seeds = seed_plan(config, graph);
  scenario.seeds.check(graph);
  return scenario;
}

}  // namespace koubei
