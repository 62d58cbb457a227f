#include "seed_selection.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "koubei/graph/graph_spec.hpp"
#include "koubei/seeding/influence_graph.hpp"
#include "koubei/seeding/max_coverage.hpp"
#include "koubei/seeding/rr_sets.hpp"
#include "koubei/seeding/select_seeds.hpp"
#include "koubei/seeding/spread_estimate.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei::bench {
namespace {

constexpr std::uint64_t kSeed = 20100816;
constexpr int kK = 50;
constexpr double kEpsilon = 0.1;
// The authors' code on ca-GrQc here (2 vCPU, load ~0.4): median of 7 runs of
// its InfluenceMaximize timer, and its peak resident memory.
constexpr double kRecordedReferenceSeconds = 0.415;
constexpr double kRecordedReferenceMiB = 38.5;

Graph weighted_cascade(const std::string& spec) {
  Graph g = GraphSpec(spec).make(kSeed);
  TrustModel("wc").apply(g, kSeed);
  return g;
}

const Graph& grqc() {
  static const Graph graph = weighted_cascade(kSeedingGraph);
  return graph;
}

// The graph of the `--ratios` section: loaded once per process that uses it.
std::string ratios_graph_spec = kSeedingGraph;
const Graph& ratios_graph() {
  static const Graph graph = weighted_cascade(ratios_graph_spec);
  return graph;
}

SeedingSpec spec(const char* method) {
  return SeedingSpec(fmt::format("{}:k={},epsilon={},ell=1", method, kK, kEpsilon));
}

void BM_Imm(benchmark::State& state, const char* method) {
  const Graph& graph = grqc();
  const auto threads = static_cast<unsigned>(state.range(0));
  std::uint64_t sets = 0;
  for (auto _ : state) {
    const SeedSelection chosen = select_seeds(graph, InfluenceRule::kIc, spec(method), kSeed, threads);
    sets += chosen.rr_sets;
    benchmark::DoNotOptimize(chosen.seeds.data());
  }
  state.counters["rr_sets"] =
      benchmark::Counter(static_cast<double>(sets), benchmark::Counter::kAvgIterations);
}

// The two parts of RR-set selection on their own: drawing 2^18 sets, and
// the greedy coverage of 50 nodes over them.
void BM_RrSets(benchmark::State& state) {
  const InfluenceGraph influence(grqc(), InfluenceRule::kIc);
  const auto threads = static_cast<unsigned>(state.range(0));
  constexpr std::uint64_t kSets = 1 << 18;
  std::uint64_t nodes = 0;
  for (auto _ : state) {
    RrSets sets(influence, kSeed, 0);
    sets.grow_to(kSets, threads);
    nodes += sets.total_nodes();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSets));
  state.counters["nodes_per_set"] =
      static_cast<double>(nodes) / static_cast<double>(state.iterations() * kSets);
}

void BM_GreedyCoverage(benchmark::State& state) {
  const InfluenceGraph influence(grqc(), InfluenceRule::kIc);
  const auto threads = static_cast<unsigned>(state.range(0));
  constexpr std::uint64_t kSets = 1 << 18;
  RrSets sets(influence, kSeed, 0);
  sets.grow_to(kSets, threads);
  for (auto _ : state) {
    const Coverage cover = greedy_max_coverage(sets, kK, {}, true, threads);
    benchmark::DoNotOptimize(cover.seeds.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSets));
}

struct Measured {
  double seconds = 0;     // selection only
  double peak_mib = 0;    // the whole process's peak resident memory
  std::vector<NodeId> seeds;
};

// Runs `work` (which returns the selection time and the seeds) in a child
// process, so that its peak memory is its own: the graph, the selection and
// nothing of the benchmark's other work.
template <class Work>
Measured in_child(Work work) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    const auto [seconds, seeds] = work();
    std::string text = fmt::format("{}", seconds);
    for (NodeId v : seeds) text += fmt::format(" {}", v);
    text += "\n";
    if (write(pipe_fds[1], text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(1);
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(got));
  close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  Measured m;
  std::istringstream in(text);
  in >> m.seconds;
  for (NodeId v; in >> v;) m.seeds.push_back(v);
  m.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return m;
}

Measured run_koubei(const char* method, unsigned threads) {
  return in_child([&] {
    const Graph& graph = ratios_graph();  // loaded in the child, as a `koubei seeds` run would
    const SeedSelection chosen = select_seeds(graph, InfluenceRule::kIc, spec(method), kSeed, threads);
    return std::pair{chosen.seconds, chosen.seeds};
  });
}

// The graph as the authors' code reads it: attribute.txt and graph_ic.inf
// (one arc per line: source, target, probability), in koubei's node ids.
std::filesystem::path write_reference_input() {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("koubei_imm_{}", getpid());
  std::filesystem::create_directories(dir);
  const Graph& graph = ratios_graph();
  std::ofstream(dir / "attribute.txt") << fmt::format("n={}\nm={}\n", graph.num_nodes(), graph.num_arcs());
  std::ofstream arcs(dir / "graph_ic.inf");
  for (NodeId u = 0; u < graph.num_nodes(); ++u)
    for (ArcId a = graph.first_arc(u); a < graph.end_arc(u); ++a)
      arcs << fmt::format("{} {} {}\n", u, graph.targets()[a], graph.trust()[a]);
  return dir;
}

Measured run_reference(const std::string& binary, const std::filesystem::path& input) {
  return in_child([&] {
    const std::string command = fmt::format("{} -dataset {}/ -k {} -model IC -epsilon {}", binary,
                                            input.string(), kK, kEpsilon);
    FILE* out = popen(command.c_str(), "r");
    std::string text;
    char buffer[4096];
    while (out && fgets(buffer, sizeof buffer, out)) text += buffer;
    if (out) pclose(out);
    double seconds = -1;
    std::vector<NodeId> seeds;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("Spend") && line.find("InfluenceMaximize(Total Time)") != std::string::npos)
        std::sscanf(line.c_str(), "Spend %lf", &seconds);
      if (line.starts_with("g.seedSet=")) {
        std::istringstream ids(line.substr(10));
        for (NodeId v; ids >> v;) seeds.push_back(v);
      }
    }
    return std::pair{seconds, seeds};
  });
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

void register_seed_selection() {
  for (const char* method : {"imm", "opim-c"}) {
    benchmark::RegisterBenchmark(fmt::format("BM_Imm/ca-GrQc/{}/k:50/eps:0.1", method).c_str(),
                                 BM_Imm, method)
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(2)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  for (auto* bench : {benchmark::RegisterBenchmark("BM_RrSets/ca-GrQc/wc/sets:262144", BM_RrSets),
                      benchmark::RegisterBenchmark("BM_GreedyCoverage/ca-GrQc/wc/sets:262144/k:50",
                                                   BM_GreedyCoverage)})
    bench->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
}

void seed_selection_ratios(const std::string& graph_spec, bool quick) {
  ratios_graph_spec = graph_spec;
  const bool grqc_graph = graph_spec == kSeedingGraph;
  const char* reference = std::getenv("KOUBEI_IMM_REFERENCE");
  if (!reference && !grqc_graph) {
    fmt::print(stderr, "--seeding-graph: the reference has figures on record for ca-GrQc only; "
                       "set KOUBEI_IMM_REFERENCE to run it\n");
    return;
  }
  const int rounds = quick ? 1 : 5;
  fmt::print(
      "\n### Seed selection: {} (n = {}, {} arcs), k = {}, epsilon = {}, ell = 1, weighted "
      "cascade\n\n"
      "Selection time (median of {} runs, interleaved), the process's peak memory, and the\n"
      "seeds' spread (Monte Carlo, 10,000 cascades). {}\n\n",
      grqc_graph ? std::string("ca-GrQc") : graph_spec, ratios_graph().num_nodes(),
      ratios_graph().num_arcs(), kK, kEpsilon, rounds,
      reference ? fmt::format("Reference: {}, run in this benchmark.", reference)
                : fmt::format("Reference: the IMM authors' code as recorded on this kind of "
                              "machine ({} s, {} MiB); set KOUBEI_IMM_REFERENCE to its binary "
                              "to time it side by side.",
                              kRecordedReferenceSeconds, kRecordedReferenceMiB));
  struct Row {
    std::string name;
    unsigned threads;
    std::vector<double> seconds;
    double peak = 0;
    std::vector<NodeId> seeds;
  };
  std::vector<Row> rows = {{"koubei imm", 1, {}, 0, {}},    {"koubei imm", 2, {}, 0, {}},
                           {"koubei opim-c", 1, {}, 0, {}}, {"koubei opim-c", 2, {}, 0, {}}};
  Row ref{"IMM authors' code", 1, {}, 0, {}};
  const std::filesystem::path input = reference ? write_reference_input() : std::filesystem::path();
  for (int round = 0; round < rounds; ++round) {
    if (reference) {
      const Measured m = run_reference(reference, input);
      ref.seconds.push_back(m.seconds);
      ref.peak = std::max(ref.peak, m.peak_mib);
      ref.seeds = m.seeds;
    }
    for (Row& row : rows) {
      const Measured m = run_koubei(row.name == "koubei imm" ? "imm" : "opim-c", row.threads);
      row.seconds.push_back(m.seconds);
      row.peak = std::max(row.peak, m.peak_mib);
      row.seeds = m.seeds;
    }
  }
  if (reference) std::filesystem::remove_all(input);
  const double ref_seconds = reference ? median(ref.seconds) : kRecordedReferenceSeconds;
  const double ref_peak = reference ? ref.peak : kRecordedReferenceMiB;
  auto spread = [](const std::vector<NodeId>& seeds) {
    if (seeds.empty()) return std::string("-");
    const SpreadEstimate e =
        monte_carlo_spread(ratios_graph(), InfluenceRule::kIc, seeds, 10000, kSeed, 2);
    return fmt::format("{:.1f} ± {:.1f}", e.mean, e.half_width());
  };
  fmt::print("| code | threads | selection | × faster than the reference | peak memory | spread (95%) |\n");
  fmt::print("|---|--:|--:|--:|--:|--:|\n");
  fmt::print("| IMM authors' code{} | 1 | {:.3f} s | 1 | {:.1f} MiB | {} |\n",
             reference ? "" : " (recorded)", ref_seconds, ref_peak,
             reference ? spread(ref.seeds) : std::string("746.4 (its authors' runs)"));
  double one_thread[2] = {0, 0};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double s = median(rows[i].seconds);
    if (rows[i].threads == 1) one_thread[i / 2] = s;
    fmt::print("| {} | {} | {:.3f} s | {:.1f} | {:.1f} MiB | {} |\n", rows[i].name, rows[i].threads, s,
               ref_seconds / s, rows[i].peak, spread(rows[i].seeds));
  }
  fmt::print(
      "\nTargets: one thread at least 10 × faster than the reference at equal or better spread\n"
      "(below 3 × is not enough), with less memory; two threads at least 1.8 × one: imm {:.2f} ×,\n"
      "opim-c {:.2f} ×.\n",
      one_thread[0] / median(rows[1].seconds), one_thread[1] / median(rows[3].seconds));
}

}  // namespace koubei::bench
