// koubei_bench: throughput of the library's kernels on 10-million-arc graphs
// (bench_graphs.hpp), reported as arcs_per_second: arcs examined (the sum of
// the out-degrees of the nodes a run activated) per second. Every cascade
// starts from 100 random seed users, a new replicate each iteration, so the
// figures average over seed sets. `koubei_bench --ratios` prints instead each
// rule's time per cascade divided by the BFS time on the same graph, measured
// in the same run (ratios.cpp). benchmarks/README.md has the commands and
// the figures.

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "bench_graphs.hpp"
#include "bfs.hpp"
#include "koubei/batch/replicates.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/edge_list_file.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/rule.hpp"
#include "miui_scenario.hpp"
#include "ratios.hpp"
#include "seed_selection.hpp"

namespace koubei::bench {
namespace {

using benchmark::Counter;

void set_rates(benchmark::State& state, std::uint64_t arcs, std::uint64_t reached) {
  state.counters["arcs_per_second"] = Counter(static_cast<double>(arcs), Counter::kIsRate);
  state.counters["reached"] = Counter(static_cast<double>(reached), Counter::kAvgIterations);
}

void bench_bfs(benchmark::State& state, GraphKind kind, bool direction_optimizing) {
  const Graph& graph = graph_with_trust(kind, "const:1");
  Bfs bfs(graph);
  std::uint32_t replicate = 0;
  std::uint64_t arcs = 0, reached = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::vector<NodeId> seeds = seed_users(graph, replicate++);
    state.ResumeTiming();
    arcs += direction_optimizing ? bfs.direction_optimizing(seeds) : bfs.top_down(seeds);
    reached += bfs.reached();
  }
  set_rates(state, arcs, reached);
}

void bench_rule(benchmark::State& state, GraphKind kind, const RuleCase& c) {
  const Graph& graph = graph_with_trust(kind, c.trust);
  const std::unique_ptr<Rule> rule = make_rule(c.rule, graph);
  Simulation simulation(graph, *rule);
  const SeedPlan seeds = SeedPlan::random(kSeedUsers);
  std::uint32_t replicate = 0;
  std::uint64_t arcs = 0, reached = 0;
  for (auto _ : state) {
    const ReplicateResult result = simulation.run({kMasterSeed, replicate++, 0, false}, seeds);
    arcs += result.arcs_examined;
    reached += result.ever_adopted;
  }
  set_rates(state, arcs, reached);
}

// The full word-of-mouth model at the scale of examples/miui.ini (1.2 million
// users, 14.9 million arcs, 365 days): one replicate per iteration.
void BM_WordOfMouthStep(benchmark::State& state) {
  const MiuiScenario& miui = miui_scenario();
  const Scenario& s = miui.scenario;
  Simulation simulation(*s.graph, *s.rule, s.model.get());
  std::uint32_t replicate = 0;
  std::uint64_t arcs = 0, days = 0;
  for (auto _ : state) {
    const ReplicateResult result = simulation.run(
        {miui.config.rng_seed, replicate++, static_cast<std::uint32_t>(miui.config.steps), false},
        s.seeds);
    arcs += result.arcs_examined;
    days += result.steps.size() - 1;
  }
  state.counters["arcs_per_second"] = Counter(static_cast<double>(arcs), Counter::kIsRate);
  state.counters["days_per_second"] = Counter(static_cast<double>(days), Counter::kIsRate);
}

// Generation and building, the rows built on state.range(0) threads.
void BM_GenerateBA(benchmark::State& state) {
  BuildOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  std::uint64_t arcs = 0;
  for (auto _ : state) {
    Graph graph = build_graph(barabasi_albert(1000000, 5, kMasterSeed, options.threads), options,
                              "ba:n=1000000,m=5");
    arcs += graph.num_arcs();
  }
  state.counters["arcs_per_second"] = Counter(static_cast<double>(arcs), Counter::kIsRate);
}

// Building alone, from a copy of the BA edge list made outside the timing.
void BM_BuildGraph(benchmark::State& state) {
  BuildOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  const EdgeList edges = barabasi_albert(1000000, 5, kMasterSeed);
  std::uint64_t arcs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    EdgeList copy = edges;
    state.ResumeTiming();
    Graph graph = build_graph(std::move(copy), options, "ba:n=1000000,m=5");
    arcs += graph.num_arcs();
  }
  state.counters["arcs_per_second"] = Counter(static_cast<double>(arcs), Counter::kIsRate);
}

// An edge list of the BA graph as SNAP ships undirected graphs: one `u v`
// line per edge, written once to a temporary file.
class EdgeListFile {
 public:
  EdgeListFile() {
    path_ = (std::filesystem::temp_directory_path() /
             ("koubei_bench_ba_" + std::to_string(::getpid()) + ".txt"))
                .string();
    const Graph& graph = graph_with_trust(GraphKind::kBa, "const:1");
    std::FILE* out = std::fopen(path_.c_str(), "w");
    if (out == nullptr) throw std::runtime_error("cannot write " + path_);
    std::fputs("# Barabasi-Albert n=1000000 m=5, one line per edge\n", out);
    for (NodeId u = 0; u < graph.num_nodes(); ++u)
      for (NodeId v : graph.out_neighbors(u))
        if (u < v) std::fprintf(out, "%u %u\n", u, v);
    std::fclose(out);
    bytes_ = std::filesystem::file_size(path_);
  }
  ~EdgeListFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  std::string path_;
  std::uint64_t bytes_ = 0;
};

void BM_LoadEdgeList(benchmark::State& state) {
  static const EdgeListFile file;
  EdgeFileOptions options;
  options.path = file.path();
  options.directed = false;
  std::uint64_t arcs = 0, bytes = 0;
  for (auto _ : state) {
    Graph graph = load_edge_list(options);
    arcs += graph.num_arcs();
    bytes += file.bytes();
  }
  state.counters["arcs_per_second"] = Counter(static_cast<double>(arcs), Counter::kIsRate);
  state.counters["MB_per_second"] = Counter(static_cast<double>(bytes) / 1e6, Counter::kIsRate);
}

// `koubei run` with 100 replicates on one and on two threads.
void BM_RunReplicates(benchmark::State& state, const RuleCase& c) {
  const Graph& graph = graph_with_trust(GraphKind::kBa, c.trust);
  const std::unique_ptr<Rule> rule = make_rule(c.rule, graph);
  const SeedPlan seeds = SeedPlan::random(kSeedUsers);
  const auto threads = static_cast<unsigned>(state.range(0));
  std::uint64_t arcs = 0;
  for (auto _ : state) {
    const BatchResult batch =
        run_replicates(graph, *rule, seeds, {kMasterSeed, 0, 99, 0, false}, threads);
    for (const ReplicateResult& r : batch.replicates) arcs += r.arcs_examined;
  }
  state.counters["arcs_per_second"] = Counter(static_cast<double>(arcs), Counter::kIsRate);
}

void register_all() {
  for (GraphKind kind : kGraphKinds) {
    const std::string graph = short_name(kind);
    benchmark::RegisterBenchmark(("BM_Bfs/" + graph + "/top_down").c_str(), bench_bfs, kind, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Bfs/" + graph + "/direction_optimizing").c_str(), bench_bfs,
                                 kind, true)
        ->Unit(benchmark::kMillisecond);
    for (const RuleCase& c : kRuleCases) {
      std::string name = std::string(c.family) + "/" + graph + "/" + c.name;
      benchmark::RegisterBenchmark(name.c_str(), bench_rule, kind, c)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  benchmark::RegisterBenchmark("BM_WordOfMouthStep/miui", BM_WordOfMouthStep)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(2);
  benchmark::RegisterBenchmark("BM_GenerateBA", BM_GenerateBA)
      ->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_BuildGraph/ba", BM_BuildGraph)
      ->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_LoadEdgeList/ba", BM_LoadEdgeList)
      ->Unit(benchmark::kMillisecond);
  static constexpr RuleCase kRunCase{"BM_RunReplicates", "ic", "wc", "trust:wc", 0};
  benchmark::RegisterBenchmark("BM_RunReplicates/ba/ic/trust:wc/reps:100", BM_RunReplicates,
                               kRunCase)
      ->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

}  // namespace
}  // namespace koubei::bench

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // graph building logs at info
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--ratios") == 0) return koubei::bench::run_ratios(argc, argv);
  }
  koubei::bench::register_all();
  koubei::bench::register_seed_selection();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
