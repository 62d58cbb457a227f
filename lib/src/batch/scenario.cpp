#include "koubei/batch/scenario.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "koubei/core/error.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {

Scenario Scenario::prepare(const RunConfig& config) {
  config.validate();
  TrustModel trust = TrustModel::parse(config.trust);
  Scenario scenario;
  scenario.graph = std::make_unique<Graph>(make_graph(config.graph, config.rng_seed));
  Graph& graph = *scenario.graph;
  trust.apply(graph, config.rng_seed);
  spdlog::info("graph {}: {} nodes, {} arcs, {} in memory ({:.1f} bytes per arc)", config.graph,
               graph.num_nodes(), graph.num_arcs(), format_bytes(graph.memory_bytes()),
               graph.num_arcs() ? double(graph.memory_bytes()) / double(graph.num_arcs()) : 0.0);
  scenario.rule = make_rule(config.rule, graph);
  if (config.steps == 0 && scenario.rule->needs_step_limit()) {
    throw InputError(fmt::format("rule '{}' may never settle: set a step limit with --steps",
                                 scenario.rule->spec()));
  }
  scenario.seeds = config.seeds_file.empty()
                       ? SeedPlan::random(static_cast<std::uint64_t>(config.seeds))
                       : SeedPlan::fixed(read_seed_file(config.seeds_file, graph));
  scenario.seeds.check(graph);
  return scenario;
}

}  // namespace koubei
