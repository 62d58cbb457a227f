#include "ratios.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench_graphs.hpp"
#include "bfs.hpp"
#include "seed_selection.hpp"
#include "koubei/batch/replicates.hpp"
#include "koubei/batch/run.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei::bench {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Where the field stands (one thread, BA n=1M m=5, 100 random seeds): GAPBS's
// direction-optimizing BFS takes about 21 ms. Absolute targets are turned
// into ratios to that BFS so that they carry over to another machine.
constexpr double kGapbsBfsMs = 21.0;

struct Target {
  double max_ratio = 0;  // 0: no target
  std::string text;
};

Target target_for(const RuleCase& c) {
  const std::string rule = c.rule, trust = c.trust;
  auto absolute = [](double ms, const char* text) {
    return Target{ms / kGapbsBfsMs, fmt::format("{} (≤ {:.2g} × BFS)", text, ms / kGapbsBfsMs)};
  };
  if (rule == "ic" && trust == "const:1") return {1.2, "≤ 1.2 × BFS"};
  if (rule == "ic" && trust == "const:0.1") return {2.0, "≤ 2 × BFS"};
  if (rule == "ic" && trust == "const:0.01") return absolute(0.003, "≤ 3 µs");
  if (rule == "ic" && trust == "wc") return absolute(0.13, "≤ 0.13 ms");
  if (rule == "lt" && trust == "wc") return absolute(0.45, "≤ 0.45 ms");
  return {};
}

struct Timing {
  double ms_per_run = 0;
  double arcs_per_run = 0;  // arcs read (a cascade's RuleWorker::arcs_read)
  double reached_per_run = 0;
  std::uint64_t state_bytes = 0;  // the simulation's, after the cascades
};

Timing time_bfs(const Graph& graph, bool direction_optimizing, std::uint32_t runs) {
  Bfs bfs(graph);
  std::vector<std::vector<NodeId>> seeds;
  for (std::uint32_t r = 0; r < runs; ++r) seeds.push_back(seed_users(graph, r));
  Timing t;
  double ms = 0;
  for (std::uint32_t r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    const std::uint64_t arcs =
        direction_optimizing ? bfs.direction_optimizing(seeds[r]) : bfs.top_down(seeds[r]);
    ms += ms_since(start);
    t.arcs_per_run += static_cast<double>(arcs);
    t.reached_per_run += static_cast<double>(bfs.reached());
  }
  t.ms_per_run = ms / runs;
  t.arcs_per_run /= runs;
  t.reached_per_run /= runs;
  return t;
}

Timing time_cascades(const Graph& graph, const Rule& rule, std::uint32_t runs) {
  Simulation simulation(graph, rule);
  const SeedPlan seeds = SeedPlan::random(kSeedUsers);
  simulation.run({kMasterSeed, runs, 0, false}, seeds);  // warm-up, a replicate not timed
  Timing t;
  const auto start = Clock::now();
  for (std::uint32_t r = 0; r < runs; ++r) {
    const ReplicateResult result = simulation.run({kMasterSeed, r, 0, false}, seeds);
    t.arcs_per_run += static_cast<double>(result.arcs_read);
    t.reached_per_run += static_cast<double>(result.ever_adopted);
  }
  t.ms_per_run = ms_since(start) / runs;
  t.arcs_per_run /= runs;
  t.reached_per_run /= runs;
  t.state_bytes = simulation.state_bytes();
  return t;
}

std::string format_ms(double ms) {
  if (ms < 0.1) return fmt::format("{:.2f} µs", ms * 1000);
  if (ms < 10) return fmt::format("{:.3f} ms", ms);
  return fmt::format("{:.1f} ms", ms);
}

std::string rate(const Timing& t) {
  return fmt::format("{:.0f}", t.arcs_per_run / t.ms_per_run / 1000.0);  // Marcs/s
}

void ratios_for(GraphKind kind, std::uint32_t divisor) {
  const Graph& graph = graph_with_trust(kind, "const:1");
  const std::uint32_t bfs_runs = std::max(3u, 20 / divisor);
  const Timing top_down = time_bfs(graph, false, bfs_runs);
  const Timing direction = time_bfs(graph, true, bfs_runs);
  const double bfs_ms = direction.ms_per_run;
  const bool ba = kind == GraphKind::kBa;
  fmt::print("\n### {} ({} nodes, {} arcs), {} random seed users\n\n", graph_spec(kind),
             graph.num_nodes(), graph.num_arcs(), kSeedUsers);
  fmt::print(
      "| kernel | trust | cascades | time per cascade | × BFS | Marcs/s | adopters | target | met? "
      "| state B/node |\n");
  fmt::print("|---|---|--:|--:|--:|--:|--:|---|---|--:|\n");
  fmt::print("| BFS direction-optimizing | | {} | {} | 1 | {} | {:.0f} | {} | {} | |\n", bfs_runs,
             format_ms(bfs_ms), rate(direction), direction.reached_per_run,
             ba ? fmt::format("≤ 1.5 × GAPBS = {:.1f} ms", 1.5 * kGapbsBfsMs) : "",
             ba ? (bfs_ms <= 1.5 * kGapbsBfsMs ? "yes" : "no") : "");
  fmt::print("| BFS top-down | | {} | {} | {:.2f} | {} | {:.0f} | | | |\n", bfs_runs,
             format_ms(top_down.ms_per_run), top_down.ms_per_run / bfs_ms, rate(top_down),
             top_down.reached_per_run);
  std::uint64_t widest_state = 0;
  for (const RuleCase& c : kRuleCases) {
    const Graph& g = graph_with_trust(kind, c.trust);
    const std::unique_ptr<Rule> rule = make_rule(c.rule, g);
    const std::uint32_t runs = std::max(2u, c.ratio_cascades / divisor);
    const Timing t = time_cascades(g, *rule, runs);
    const double ratio = t.ms_per_run / bfs_ms;
    const Target target = ba ? target_for(c) : Target{};
    fmt::print("| {} | {} | {} | {} | {:.3g} | {} | {:.0f} | {} | {} | {:.1f} |\n", rule->spec(),
               c.trust, runs, format_ms(t.ms_per_run), ratio, rate(t), t.reached_per_run,
               target.text, target.max_ratio == 0 ? "" : (ratio <= target.max_ratio ? "yes" : "no"),
               static_cast<double>(t.state_bytes) / graph.num_nodes());
    widest_state = std::max(widest_state, t.state_bytes);
  }
  // The graph (arcs and their trust, row starts) and the largest replicate
  // state beside it: what one thread needs.
  const double per_arc = static_cast<double>(graph.num_arcs()) * (sizeof(NodeId) + sizeof(float));
  const double per_node =
      static_cast<double>(graph.memory_bytes()) - per_arc + static_cast<double>(widest_state);
  const double arc_bytes = per_arc / graph.num_arcs(), node_bytes = per_node / graph.num_nodes();
  fmt::print(
      "\nMemory, one thread: {:.1f} bytes per arc (target and trust) + {:.1f} bytes per node "
      "(row start and the largest replicate state above): {} the target of ≤ 10 + 32.\n",
      arc_bytes, node_bytes, arc_bytes <= 10 && node_bytes <= 32 ? "within" : "OVER");
}

void thread_scaling(std::uint32_t divisor) {
  const Graph& graph = graph_with_trust(GraphKind::kBa, "wc");
  const std::unique_ptr<Rule> rule = make_rule("ic", graph);
  const SeedPlan seeds = SeedPlan::random(kSeedUsers);
  const std::uint32_t reps = 1000 / divisor;
  fmt::print("\n### run_replicates: {} replicates of ic, trust wc, on {}\n\n", reps,
             graph_spec(GraphKind::kBa));
  fmt::print("| threads | wall time | speed-up |\n|--:|--:|--:|\n");
  double one = 0;
  for (unsigned threads : {1u, 2u}) {
    const auto start = Clock::now();
    run_replicates(graph, *rule, seeds, {kMasterSeed, 0, reps - 1, 0, false}, threads);
    const double ms = ms_since(start);
    if (threads == 1) one = ms;
    fmt::print("| {} | {} | {:.2f} |\n", threads, format_ms(ms), one / ms);
  }
}

// The runs' own log lines would break the tables: warnings only while it
// lives; then the level and the scratch directory are put back however the
// runs end.
class QuietScratch {
 public:
  explicit QuietScratch(std::filesystem::path dir) : dir_(std::move(dir)) {
    spdlog::set_level(spdlog::level::warn);
  }
  QuietScratch(const QuietScratch&) = delete;
  QuietScratch& operator=(const QuietScratch&) = delete;
  ~QuietScratch() {
    spdlog::set_level(level_);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

 private:
  std::filesystem::path dir_;
  spdlog::level::level_enum level_ = spdlog::get_level();
};

// A run of ic from kSeedUsers random seed users on the BA graph (the seed
// users of time_cascades: same master seed).
RunConfig ba_ic_run(const char* trust, std::int64_t reps) {
  RunConfig config;
  config.graph = graph_spec(GraphKind::kBa);
  config.trust = trust;
  config.rule = "ic";
  config.seeds = koubei::SeedingSpec::random(kSeedUsers);
  config.reps = reps;
  config.rng_seed = kMasterSeed;
  return config;
}

// `koubei run` from start to finish, as a library call: the graph generated
// and built, trust applied, the replicates run and the CSV files written.
// Rounds alternate 1 and 2 threads; the median of each is shown.
void whole_run(std::uint32_t divisor) {
  RunConfig config = ba_ic_run("const:0.1", 100);
  const int rounds = divisor == 1 ? 3 : 1;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("koubei_bench_run_{}", ::getpid());
  fmt::print("\n### koubei run: the whole of `koubei run --graph {} --trust {} --reps {}`\n\n",
             config.graph.to_string(), config.trust.to_string(), config.reps);
  fmt::print("| threads | wall time (median of {}) | speed-up | target | met? |\n", rounds);
  fmt::print("|--:|--:|--:|---|---|\n");
  const QuietScratch quiet(dir);
  std::vector<double> ms[2];
  for (int round = 0; round < rounds; ++round) {
    for (int threads : {1, 2}) {
      config.threads = threads;
      const auto start = Clock::now();
      const std::vector<RunReport> reports = run(config);
      write_outputs(dir, config, reports);
      ms[threads - 1].push_back(ms_since(start));
    }
  }
  double one = 0;
  for (int threads : {1, 2}) {
    std::vector<double>& m = ms[threads - 1];
    std::sort(m.begin(), m.end());
    const double median = m[m.size() / 2];
    if (threads == 1) one = median;
    fmt::print("| {} | {} | {:.2f} | {} | {} |\n", threads, format_ms(median), one / median,
               threads == 2 ? "≥ 1.8" : "",
               threads == 2 ? (one / median >= 1.8 ? "yes" : "no") : "");
  }
}

// What a whole run costs beyond its cascades: the library's run() on a graph
// built before (so that building it is not counted), 20,000 replicates of
// ic at trust 0.01 from 100 random seed users, --timeseries none and
// summary.csv written, per replicate, divided by one cascade timed
// in-process on the same graph. One thread; rounds alternate the two.
void run_overhead(std::uint32_t divisor) {
  RunConfig config = ba_ic_run("const:0.01", 20000 / divisor);
  config.threads = 1;
  RunOptions options;
  options.timeseries = RunTimeseries::kNone;
  GraphCache graphs;
  options.graphs = &graphs;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("koubei_bench_overhead_{}", ::getpid());
  const QuietScratch quiet(dir);
  {
    RunConfig warm = config;  // builds the graph into the cache
    warm.reps = 10;
    run(warm, options);
  }
  const Graph& graph = graph_with_trust(GraphKind::kBa, config.trust.to_string());
  const std::unique_ptr<Rule> rule = config.rule.make(graph);
  const int rounds = divisor == 1 ? 3 : 1;
  std::vector<double> whole, cascade;
  for (int round = 0; round < rounds; ++round) {
    const auto start = Clock::now();
    const std::vector<RunReport> reports = run(config, options);
    write_outputs(dir, config, reports, options);
    whole.push_back(ms_since(start) / static_cast<double>(config.reps));
    cascade.push_back(time_cascades(graph, *rule, 4000 / divisor).ms_per_run);
  }
  std::sort(whole.begin(), whole.end());
  std::sort(cascade.begin(), cascade.end());
  const double w = whole[whole.size() / 2], c = cascade[cascade.size() / 2];
  fmt::print(
      "\n### Whole run per replicate: run() of {} replicates of ic, trust {}, on a built {}, "
      "--timeseries none, summary.csv written\n\n",
      config.reps, config.trust.to_string(), config.graph.to_string());
  fmt::print("| whole run per replicate | cascade in-process | ratio | target | met? |\n");
  fmt::print("|--:|--:|--:|---|---|\n");
  fmt::print("| {} | {} | {:.2f} | ≤ 1.3 | {} |\n", format_ms(w), format_ms(c), w / c,
             w / c <= 1.3 ? "yes" : "no");
}

}  // namespace

int run_ratios(int argc, char** argv) {
  std::optional<GraphKind> only;
  std::uint32_t divisor = 1;
  bool seeding_only = false;
  std::string seeding_graph = kSeedingGraph;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--ratios") == 0) continue;
    if (std::strcmp(argv[i], "--quick") == 0) {
      divisor = 10;
    } else if (std::strcmp(argv[i], "--seeding") == 0) {
      seeding_only = true;
    } else if (std::strcmp(argv[i], "--seeding-graph") == 0 && i + 1 < argc) {
      seeding_graph = argv[++i];
    } else if (std::strcmp(argv[i], "--graph") == 0 && i + 1 < argc) {
      const std::string g = argv[++i];
      if (g != "ba" && g != "er") {
        fmt::print(stderr, "--graph: ba or er, not '{}'\n", g);
        return 1;
      }
      only = g == "ba" ? GraphKind::kBa : GraphKind::kEr;
    } else {
      fmt::print(stderr,
                 "usage: koubei_bench --ratios [--graph ba|er] [--seeding] [--seeding-graph SPEC] "
                 "[--quick]\n");
      return 1;
    }
  }
  fmt::print(
      "koubei_bench --ratios: time per cascade (100 random seed users, a new replicate\n"
      "each) divided by the direction-optimizing BFS from the same kind of seed sets on\n"
      "the same graph, in this run. Absolute targets are converted to ratios with GAPBS's\n"
      "{} ms BFS on BA n=1M m=5.\n",
      kGapbsBfsMs);
  if (divisor > 1) {
    fmt::print(
        "--quick: a tenth of the cascades, so a mean over fewer seed sets; judge the\n"
        "targets on a full run.\n");
  }
  if (seeding_only) {
    seed_selection_ratios(seeding_graph, divisor > 1);
    return 0;
  }
  for (GraphKind kind : kGraphKinds)
    if (!only || *only == kind) ratios_for(kind, divisor);
  if (!only || *only == GraphKind::kBa) {
    thread_scaling(divisor);
    whole_run(divisor);
    run_overhead(divisor);
    seed_selection_ratios(seeding_graph, divisor > 1);
  }
  return 0;
}

}  // namespace koubei::bench
