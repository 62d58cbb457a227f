#include "bench_graphs.hpp"

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <memory>
#include <mutex>

#include "koubei/graph/graph_spec.hpp"
#include "koubei/io/ini.hpp"
#include "koubei/state/population.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/trust/trust_model.hpp"
#include "miui_scenario.hpp"

namespace koubei::bench {
namespace {

struct CachedGraph {
  std::unique_ptr<Graph> graph;
  std::string trust;  // the spec last applied
};

CachedGraph& cached(GraphKind kind) {
  static CachedGraph graphs[2];
  return graphs[kind == GraphKind::kBa ? 0 : 1];
}

}  // namespace

const char* short_name(GraphKind kind) { return kind == GraphKind::kBa ? "ba" : "er"; }

const char* graph_spec(GraphKind kind) {
  return kind == GraphKind::kBa ? "ba:n=1000000,m=5" : "er:n=1000000,k=10";
}

const Graph& graph_with_trust(GraphKind kind, std::string_view trust) {
  CachedGraph& entry = cached(kind);
  if (!entry.graph)
    entry.graph = std::make_unique<Graph>(make_graph(graph_spec(kind), kMasterSeed));
  if (entry.trust != trust) {
    TrustModel::parse(trust).apply(*entry.graph, kMasterSeed);
    entry.trust = trust;
  }
  return *entry.graph;
}

std::vector<NodeId> seed_users(const Graph& graph, std::uint32_t replicate) {
  static const SeedPlan plan = SeedPlan::random(kSeedUsers);
  thread_local Population population(0);
  if (population.size() != graph.num_nodes()) population = Population(graph.num_nodes());
  population.reset();
  plan.place(population, kMasterSeed, replicate);
  return {population.newcomers().begin(), population.newcomers().end()};
}

const MiuiScenario& miui_scenario() {
  static const MiuiScenario scenario = [] {
    MiuiScenario s;
    namespace po = boost::program_options;
    po::options_description options;
    s.config.add_options(options);
    po::variables_map values;
    store_ini_file(KOUBEI_SOURCE_DIR "/examples/miui.ini", options, values);
    po::notify(values);
    s.scenario = Scenario::prepare(s.config);
    return s;
  }();
  return scenario;
}

}  // namespace koubei::bench
