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

Scenario Scenario::prepare(const RunConfig& config) {
  config.validate();
  const bool chain_off = config.model.enabled && config.model.disable_chain;
  TrustModel trust = TrustModel::parse(
      chain_off ? fmt::format("const:{}", config.model.chain_off_trust) : config.trust);
  Scenario scenario;
  scenario.graph = std::make_unique<Graph>(make_graph(config.graph, config.rng_seed));
  Graph& graph = *scenario.graph;
  if (!config.model.community.file.empty()) load_communities(graph, config.model.community.file);
  trust.apply(graph, config.rng_seed);
  spdlog::info("graph {}: {} nodes, {} arcs, {} in memory ({:.1f} bytes per arc)", config.graph,
               graph.num_nodes(), graph.num_arcs(), format_bytes(graph.memory_bytes()),
               graph.num_arcs() ? double(graph.memory_bytes()) / double(graph.num_arcs()) : 0.0);
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
