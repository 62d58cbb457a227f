// koubei: the command-line tool. Thin by design: it parses options, calls
// the library and prints; every decision lives in the library.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "koubei/batch/compare.hpp"
#include "koubei/batch/run.hpp"
#include "koubei/batch/run_output.hpp"
#include "koubei/batch/seeds_job.hpp"
#include "koubei/batch/sweep.hpp"
#include "koubei/batch/sweep_merge.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/core/options.hpp"
#include "koubei/fit/fit.hpp"
#include "koubei/graph/edge_list_writer.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/command_file.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/ini.hpp"
#include "koubei/plot/plot.hpp"
#include "koubei/plot/report.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"
#include "koubei/version.hpp"
#ifdef KOUBEI_WITH_MPI
#include "koubei/mpi/mpi_cluster.hpp"
#endif

namespace po = boost::program_options;

namespace {

// The MPI job this process belongs to, when mpirun started it.
koubei::Cluster* cluster = nullptr;

// Commands that write the same files on every rank refuse to run on several.
void refuse_ranks(const char* command) {
  if (cluster != nullptr && cluster->size() > 1)
    throw koubei::InputError(fmt::format(
        "koubei {} uses one process; only run, sweep and compare spread over MPI ranks",
        command));
}

constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

const char* kUsage =
    "koubei — agent-based simulation of word-of-mouth adoption on social graphs\n\n"
    "Usage:\n"
    "  koubei run [options]      run replicates of a scenario, write CSV (default: built-in "
    "scenario)\n"
    "  koubei sweep [options]    run a grid of scenarios (--vary), write per-point CSV; "
    "resumable\n"
    "  koubei merge --out DIR SLICE_DIR...  join the slices of a sweep (--slice I/N)\n"
    "  koubei compare [options]  run diffusion rules side by side (--rules 'ic;lt'), print a "
    "table\n"
    "  koubei gen [options]      generate a graph with trust and write it as an edge list\n"
    "  koubei seeds [options]    choose seed users (degree, degree-discount, celf, imm, opim-c)\n"
    "  koubei estimate [options] the expected spread of a seeds file, by Monte Carlo and RR sets\n"
    "  koubei fit [options]      calibrate a scenario's free parameters to observed targets\n"
    "  koubei plot DIR [options] draw an output directory with gnuplot (SVG, PNG, PDF)\n"
    "  koubei report DIR [options] one HTML page of an output directory: what ran, results, plots\n"
    "  koubei --help | --version\n\n"
    "`koubei COMMAND --help` lists a command's options.\n";

struct LogOptions {
  std::string level = "info";
  bool quiet = false;

  void add_options(po::options_description& options) {
    options.add_options()("log-level", po::value(&level)->default_value(level),
                          "trace | debug | info | warn | error | off (log goes to stderr)")(
        "quiet,q", po::value(&quiet)->default_value(false)->implicit_value(true),
        "log warnings and errors only (in an INI file: quiet = true)");
  }
  void apply() const {
    auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off")
      throw koubei::InputError(fmt::format("--log-level: unknown level '{}'", level));
    spdlog::set_level(quiet ? spdlog::level::warn : parsed);
  }
};

// Faults on purpose for the test suite: options that --help does not show.
struct TestHookOptions {
  std::uint64_t kill_after = 0;
  std::int64_t fail_replicate = -1;
  po::options_description options{"test hooks"};

  TestHookOptions() {
    options.add_options()("test-kill-after", po::value(&kill_after),
                          "SIGKILL after journaling this many records")(
        "test-fail-replicate", po::value(&fail_replicate),
        "this replicate of every point fails");
  }
  void apply(koubei::SweepOptions& sweep) const {
    sweep.test.kill_after_records = kill_after;
    if (fail_replicate >= 0) sweep.test.fail_replicate = static_cast<std::uint32_t>(fail_replicate);
  }
};

// Parses argv (then the --config file, whose values the command line
// overrides). `hidden` options are parsed but not shown by --help.
bool parse(int argc, char** argv, const po::options_description& options, const char* usage_line,
           std::string* config_file, const po::options_description* hidden = nullptr) {
  po::variables_map values;
  po::options_description all;
  all.add(options);
  if (hidden) all.add(*hidden);
  const po::parsed_options parsed = po::command_line_parser(argc, argv).options(all).run();
  for (const po::option& option : parsed.options)
    if (option.position_key >= 0)  // a word that is not an option's value
      throw koubei::InputError(fmt::format(
          "unexpected argument '{}': every option starts with -- (see --help)",
          option.original_tokens.empty() ? option.value.front() : option.original_tokens.front()));
  po::store(parsed, values);
  if (values.count("help")) {
    std::cout << usage_line << "\n\n" << options << "\n";
    return false;
  }
  if (config_file && values.count("config")) {
    *config_file = values["config"].as<std::string>();
    koubei::store_ini_file(*config_file, options, values);
  }
  po::notify(values);
  return true;
}

// Parses argv for a command whose plain words fill the option `words`
// (`count` of them, -1: any number); prints `usage_line` and the options
// for --help. Returns false when --help was asked.
bool parse_with_words(int argc, char** argv, const po::options_description& options, const char* words,
                      int count, const std::string& usage_line) {
  po::positional_options_description positional;
  positional.add(words, count);
  po::variables_map values;
  po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(), values);
  if (values.count("help")) {
    std::cout << usage_line << "\n\n" << options << "\n";
    return false;
  }
  po::notify(values);
  return true;
}

// --plot: the directory's picture (`what`) and its report. The report is
// written even when the picture cannot be drawn (it says why), then the
// picture's error is the command's.
void plot_and_report(const std::filesystem::path& dir, const std::string& what) {
  koubei::PlotOptions plot;
  plot.what = what;
  std::filesystem::path image;
  std::exception_ptr failed;
  try {
    image = koubei::plot(dir, plot);
  } catch (...) {
    failed = std::current_exception();
  }
  const std::filesystem::path page = koubei::write_report(dir);
  if (failed) {
    std::cout << fmt::format("wrote {}\n", page.string());
    std::rethrow_exception(failed);
  }
  std::cout << fmt::format("wrote {} and {}\n", image.string(), page.string());
}

int command_run(int argc, char** argv) {
  koubei::RunConfig config;
  LogOptions log;
  std::string config_file, timeseries = "all";
  bool force = false, plot = false;
  po::options_description options("koubei run options");
  options.add_options()("help,h", "show this help")(
      "plot", po::value(&plot)->default_value(false)->implicit_value(true),
      "when the run is done, draw its curves into --out/curves.svg and write --out/report.html "
      "(gnuplot)")(
      "force", po::value(&force)->default_value(false)->implicit_value(true),
      "replace another kind of output (a sweep's) that --out holds")(
      "config", po::value<std::string>(), "scenario file (INI); command-line options win")(
      "timeseries",
      koubei::checked<std::string>(&timeseries,
                                   [](const std::string& t) { koubei::parse_run_timeseries(t); }),
      "all: every replicate's timeseries.csv (and communities.csv); aggregate: aggregate.csv, "
      "the mean and interval per run and step, instead; none: neither (summary.csv only)");
  config.add_options(options);
  log.add_options(options);
  if (!parse(argc, argv, options, "Usage: koubei run [--config FILE.ini] [options]", &config_file))
    return 0;
  log.apply();
  config.validate();
  koubei::RunOptions run_options;
  run_options.timeseries = koubei::parse_run_timeseries(timeseries);
  if (plot && run_options.timeseries == koubei::RunTimeseries::kNone)
    throw koubei::InputError("--plot draws the time series, which --timeseries none does not write");
  run_options.cluster = cluster;
  run_options.progress = true;
  run_options.force = force;

  koubei::install_interrupt_handlers();
  const std::vector<koubei::RunReport> reports = koubei::run(config, run_options);
  if (cluster && !cluster->is_root()) return 0;
  koubei::write_outputs(config.out, config, reports, run_options);
  std::cout << koubei::human_summary(reports)
            << fmt::format("wrote the CSV files and config.ini to {}/\n", config.out);
  if (plot) plot_and_report(config.out, "curves");
  return 0;
}

int command_sweep(int argc, char** argv) {
  koubei::SweepDefinition sweep;
  koubei::RunConfig& config = sweep.base;
  LogOptions log;
  std::string config_file;
  std::vector<std::string> vary;
  std::string vary_file, timeseries = "aggregate", slice = "0/1";
  std::int64_t record_every = 1;
  bool force = false, plot = false;
  TestHookOptions hooks;
  po::options_description options("koubei sweep options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("config", po::value<std::string>(), "scenario file (INI); command-line options win")
    ("vary", koubei::checked<std::vector<std::string>>(&vary,
       [](const std::vector<std::string>& axes) {
         for (const std::string& axis : axes) koubei::SweepAxis::parse(axis);
       })->composing(),
     "an axis of the grid: 'key=v1;v2;v3' or 'key=FROM:TO:STEP' (repeatable; the last varies "
     "fastest)")
    ("vary-file", po::value(&vary_file),
     "an axis of whole rows: a CSV file with a header of keys and one row of values per point "
     "(crossed with the --vary axes, before them)")
    ("timeseries", koubei::checked<std::string>(&timeseries,
       [](const std::string& t) { koubei::parse_sweep_timeseries(t); }),
     "aggregate: aggregate.csv per point and step; all: also every replicate's timeseries.csv; "
     "none")
    ("record-every", koubei::within(&record_every, "record-every", 1, 0xFFFFFFFF),
     "time series rows at steps 0, K, 2K, ... and the last step only")
    ("slice", koubei::checked<std::string>(&slice,
       [](const std::string& s) { koubei::SweepSlice::parse(s); }),
     "run share I of N of the points (point p is in share p mod N), e.g. for a job array; "
     "join the shares with koubei merge")
    ("force", po::value(&force)->default_value(false)->implicit_value(true),
     "start afresh: discard what --out holds, unfinished or finished (without it, a "
     "different sweep there is refused and the same one is resumed)")
    ("plot", po::value(&plot)->default_value(false)->implicit_value(true),
     "when the sweep is done, draw final adopters against the varied key into --out/sweep.svg and "
     "write --out/report.html (gnuplot)");
  // clang-format on
  config.add_options(options);
  log.add_options(options);
  if (!parse(argc, argv, options,
             "Usage: koubei sweep [--config FILE.ini] --vary 'key=v1;v2' [--vary ...] [options]\n"
             "Re-running the same command resumes an interrupted sweep.",
             &config_file, &hooks.options))
    return 0;
  log.apply();
  config.validate();
  if (!config.arms.empty()) throw koubei::InputError("--arm and --vary do not mix; use --vary");
  if (!vary_file.empty()) sweep.axes.push_back(koubei::SweepAxis::read_file(vary_file));
  for (const std::string& axis : vary) sweep.axes.push_back(koubei::SweepAxis::parse(axis));
  sweep.timeseries = koubei::parse_sweep_timeseries(timeseries);
  sweep.record_every = static_cast<std::uint32_t>(record_every);
  sweep.slice = koubei::SweepSlice::parse(slice);

  koubei::install_interrupt_handlers();
  koubei::SweepOptions run_options;
  run_options.cluster = cluster;
  run_options.force = force;
  hooks.apply(run_options);
  const koubei::SweepOutcome outcome = koubei::run_sweep_to(config.out, sweep, run_options);
  if (cluster && !cluster->is_root()) return 0;
  std::cout << koubei::sweep_summary(sweep, outcome);
  if (outcome.failed > 0)
    std::cout << fmt::format("{} of {} replicates failed: see {}/failures.csv\n", outcome.failed,
                             outcome.replicates, config.out);
  std::cout << fmt::format("{} {}/: points.csv, summary.csv, failures.csv{} and config.ini\n",
                           outcome.already_complete ? "already complete in" : "wrote", config.out,
                           sweep.timeseries == koubei::SweepTimeseries::kNone ? ""
                           : sweep.timeseries == koubei::SweepTimeseries::kAll
                               ? ", aggregate.csv, timeseries.csv"
                               : ", aggregate.csv");
  if (plot) plot_and_report(config.out, "sweep");
  return 0;
}

int command_merge(int argc, char** argv) {
  refuse_ranks("merge");
  std::string out;
  std::vector<std::string> slices;
  bool force = false;
  LogOptions log;
  po::options_description options("koubei merge options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("out", po::value(&out)->required(), "directory for the merged files")
    ("slices", po::value(&slices)->multitoken(), "the slice directories")
    ("force", po::value(&force)->default_value(false)->implicit_value(true),
     "replace another run's results in --out");
  // clang-format on
  log.add_options(options);
  if (!parse_with_words(argc, argv, options, "slices", -1, "Usage: koubei merge --out DIR SLICE_DIR...")) return 0;
  log.apply();
  koubei::install_interrupt_handlers();
  std::vector<std::filesystem::path> dirs(slices.begin(), slices.end());
  koubei::merge_sweep_slices(out, dirs, force);
  std::cout << fmt::format("merged {} slices into {}/\n", dirs.size(), out);
  return 0;
}

int command_compare(int argc, char** argv) {
  koubei::RunConfig config;
  LogOptions log;
  std::string config_file, rules = "ic;lt", seedings;
  bool plot = false;
  TestHookOptions hooks;
  po::options_description options("koubei compare options");
  options.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(), "scenario file (INI); command-line options win")(
      "rules",
      koubei::checked<std::string>(&rules,
                                   [](const std::string& list) {
                                     for (const std::string& rule : koubei::split_rules(list))
                                       koubei::RuleSpec{rule};
                                   }),
      "the rules to compare, separated by ';' (a rule's own parameters use ',')")(
      "seedings",
      koubei::checked<std::string>(&seedings,
                                   [](const std::string& list) {
                                     for (const std::string& seeding :
                                          koubei::split_seedings(list))
                                       koubei::SeedingSpec{seeding};
                                   }),
      "seedings to compare for every rule, separated by ';', e.g. "
      "'random:k=50;degree:k=50;imm:k=50' (default: --seeds alone)")(
      "plot", po::value(&plot)->default_value(false)->implicit_value(true),
      "when done, draw each row's adopters into --out/compare.svg and write --out/report.html "
      "(gnuplot)");
  config.add_options(options);
  log.add_options(options);
  if (!parse(argc, argv, options,
             "Usage: koubei compare --rules 'ic;lt;bass:p=0.01,q=0.3' [--seedings "
             "'random:k=50;imm:k=50'] [--graph SPEC] [--trust SPEC] [options]",
             &config_file, &hooks.options))
    return 0;
  log.apply();
  config.validate();
  koubei::install_interrupt_handlers();
  // One process writes into --out at a time; a directory made for a
  // comparison that then fails on its input is taken away again.
  std::unique_ptr<koubei::DirectoryLock> lock;
  bool created = false;
  if (!cluster || cluster->is_root()) {
    created = koubei::create_output_directory(config.out);
    lock = std::make_unique<koubei::DirectoryLock>(config.out);
  }
  koubei::SweepOptions run_options;
  run_options.cluster = cluster;
  hooks.apply(run_options);
  const std::vector<std::string> seeding_list =
      seedings.empty() ? std::vector<std::string>{} : koubei::split_seedings(seedings);
  koubei::Comparison comparison;
  try {
    comparison = koubei::compare(config, koubei::split_rules(rules), seeding_list, run_options);
  } catch (...) {
    lock.reset();
    std::error_code ignored;
    if (created) std::filesystem::remove(config.out, ignored);  // only if still empty
    throw;
  }
  if (cluster && !cluster->is_root()) return 0;
  koubei::write_comparison(config.out, comparison);
  std::cout << fmt::format("{} on {}, trust {}, seeds {}, {} replicates each:\n\n", rules,
                           config.graph.to_string(), config.trust.to_string(),
                           seedings.empty() ? config.seeds.to_string() : seedings,
                           config.last_replicate() - config.first_replicate() + 1)
            << koubei::comparison_table(comparison.rows)
            << fmt::format("\nwrote {}/comparison.csv, aggregate.csv (per row and step) and config.ini\n",
                           config.out);
  lock.reset();  // the plot and the report take the directory's lock themselves
  if (plot) plot_and_report(config.out, "compare");
  return 0;
}

// --threads as `koubei run` resolves it (0: all cores).
unsigned resolve_threads(int threads) {
  koubei::RunConfig threads_only;
  threads_only.threads = threads;
  threads_only.validate();
  return threads_only.thread_count();
}

int command_gen(int argc, char** argv) {
  refuse_ranks("gen");
  std::string graph_spec = "ba:n=100000,m=5";
  std::string trust_spec = "const:0.05";
  std::string out;
  std::uint64_t rng_seed = koubei::RunConfig{}.rng_seed;
  int threads = 0;
  LogOptions log;
  po::options_description options("koubei gen options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("graph", po::value(&graph_spec)->default_value(graph_spec), "graph spec (as for koubei run)")
    ("trust", po::value(&trust_spec)->default_value(trust_spec), "trust spec (as for koubei run)")
    ("rng-seed", koubei::whole_number(&rng_seed, "rng-seed"), "master random seed")
    ("threads", po::value(&threads)->default_value(threads),
     "threads that build the graph's rows (0: all cores); the graph is the same for any number")
    ("out", po::value(&out)->required(),
     "edge list to write (`u v trust` per line); - writes it to standard output");
  // clang-format on
  log.add_options(options);
  if (!parse(argc, argv, options, "Usage: koubei gen --graph SPEC --trust SPEC --out FILE|-",
             nullptr))
    return 0;
  log.apply();
  koubei::check_graph_spec(graph_spec);
  koubei::TrustModel trust = koubei::TrustModel::parse(trust_spec);
  koubei::install_interrupt_handlers();
  koubei::Graph graph = koubei::make_graph(graph_spec, rng_seed, resolve_threads(threads));
  trust.apply(graph, rng_seed);
  spdlog::info("graph {}: {} nodes, {} arcs, {} in memory", graph_spec, graph.num_nodes(),
               graph.num_arcs(), koubei::format_bytes(graph.memory_bytes()));
  const std::string comment = fmt::format("koubei {} gen --graph {} --trust {} --rng-seed {}",
                                          koubei::kVersion, graph_spec, trust_spec, rng_seed);
  if (out == "-") {  // the edge list is the output: nothing else on stdout
    koubei::write_edge_list(std::cout, graph, comment);
    return 0;
  }
  koubei::write_edge_list(out, graph, comment);
  std::cout << fmt::format("wrote {} ({} nodes, {} arcs)\n", out, graph.num_nodes(),
                           graph.num_arcs());
  return 0;
}

koubei::InfluenceRule parse_influence_rule(const std::string& rule) {
  if (rule == "ic") return koubei::InfluenceRule::kIc;
  if (rule == "lt") return koubei::InfluenceRule::kLt;
  throw koubei::InputError(
      fmt::format("--rule {}: seed selection and estimates assume ic or lt", rule));
}

int command_seeds(int argc, char** argv) {
  refuse_ranks("seeds");
  koubei::SeedsJob job;
  std::string rule = "ic";
  std::string method = "imm", k, epsilon, ell, runs, out;
  std::int64_t reps = 1000;
  int threads = 0;
  LogOptions log;
  po::options_description options("koubei seeds options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("graph", koubei::with_default(&job.graph), "graph spec (as for koubei run)")
    ("trust", koubei::with_default(&job.trust), "trust spec (as for koubei run)")
    ("rule", po::value(&rule)->default_value(rule), "the diffusion the seeds are chosen for: ic | lt")
    ("method", po::value(&method)->default_value(method),
     "random | degree | degree-discount | celf | imm | opim-c, or a whole seeding spec such as "
     "imm:k=50,epsilon=0.1")
    ("k", po::value(&k), "seed users to choose")
    ("epsilon", po::value(&epsilon), "imm, opim-c: the approximation's epsilon (default 0.1)")
    ("ell", po::value(&ell), "imm, opim-c: failure probability 1/n^ell (default 1)")
    ("runs", po::value(&runs), "celf: Monte Carlo worlds (default 1000)")
    ("reps", koubei::within(&reps, "reps", 0, 0xFFFFFFFF),
     "Monte Carlo runs for the estimate in the file's header (0: none)")
    ("rng-seed", koubei::whole_number(&job.rng_seed, "rng-seed"), "master random seed")
    ("threads", po::value(&threads)->default_value(threads),
     "threads (0: all cores); the seeds are the same for any number")
    ("out", po::value(&out)->required(),
     "seeds file to write (original ids, one per line, after a # header); - for standard output");
  // clang-format on
  log.add_options(options);
  if (!parse(argc, argv, options,
             "Usage: koubei seeds --graph SPEC --trust SPEC --rule ic|lt --k K --method M --out "
             "FILE",
             nullptr))
    return 0;
  log.apply();
  std::string spec = method;
  if (method.find(':') != std::string::npos) {
    if (!k.empty() || !epsilon.empty() || !ell.empty() || !runs.empty())
      throw koubei::InputError(fmt::format(
          "--method {} is a whole spec: give k, epsilon, ell and runs inside it, not as options",
          method));
  } else {
    if (k.empty()) throw koubei::InputError("--k: how many seed users to choose?");
    spec += ":k=" + k;
    if (!epsilon.empty()) spec += ",epsilon=" + epsilon;
    if (!ell.empty()) spec += ",ell=" + ell;
    if (!runs.empty()) spec += ",runs=" + runs;
  }
  job.seeding = koubei::SeedingSpec(spec);
  if (job.seeding.per_replicate() && spec.find("random") != 0)
    job.seeding = koubei::SeedingSpec("random:k=" + std::to_string(job.seeding.k()));
  job.rule = parse_influence_rule(rule);
  job.estimate_runs = static_cast<std::uint64_t>(reps);
  job.threads = resolve_threads(threads);
  if (out != "-") koubei::check_output_target(out);
  koubei::install_interrupt_handlers();
  const koubei::SeedsReport report = koubei::choose_seeds(job);
  if (out == "-") {  // the seeds file is the output: nothing else on stdout
    std::cout << report.file_text;
    return 0;
  }
  koubei::write_file_atomically(out, report.file_text);
  std::cout << koubei::seeds_summary(report) << fmt::format("wrote {}\n", out);
  return 0;
}

int command_estimate(int argc, char** argv) {
  refuse_ranks("estimate");
  koubei::EstimateJob job;
  std::string rule;
  std::int64_t reps = 10000, rr_sets = -1;
  int threads = 0;
  LogOptions log;
  po::options_description options("koubei estimate options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("graph", koubei::with_default(&job.graph), "graph spec (as for koubei run)")
    ("trust", koubei::with_default(&job.trust), "trust spec (as for koubei run)")
    ("rule", po::value(&rule), "ic | lt (default: the seeds file's header, else ic)")
    ("seeds-file", po::value(&job.seeds_file)->required(), "the seeds (original ids, one per line)")
    ("reps", koubei::within(&reps, "reps", 1, 0xFFFFFFFF), "Monte Carlo runs")
    ("rr-sets", koubei::within(&rr_sets, "rr-sets", 0, 0xFFFFFFFE),
     "fresh RR sets for a second estimate (default: 100000 if the file was chosen by imm or "
     "opim-c, else none)")
    ("rng-seed", koubei::whole_number(&job.rng_seed, "rng-seed"), "master random seed")
    ("threads", po::value(&threads)->default_value(threads),
     "threads (0: all cores); the estimates are the same for any number");
  // clang-format on
  log.add_options(options);
  if (!parse(argc, argv, options,
             "Usage: koubei estimate --graph SPEC --trust SPEC [--rule ic|lt] --seeds-file FILE "
             "[--reps R]",
             nullptr))
    return 0;
  log.apply();
  if (!rule.empty()) job.rule = parse_influence_rule(rule);
  job.reps = static_cast<std::uint64_t>(reps);
  if (rr_sets >= 0) job.rr_sets = static_cast<std::uint64_t>(rr_sets);
  job.threads = resolve_threads(threads);
  koubei::install_interrupt_handlers();
  std::cout << koubei::estimate_summary(koubei::estimate_seeds(job));
  return 0;
}

int command_fit(int argc, char** argv) {
  koubei::RunConfig config;
  koubei::FitOptions fit;
  std::string targets_file;
  std::vector<std::string> free;
  std::int64_t budget = static_cast<std::int64_t>(fit.budget), profile = fit.profile_points,
               bisections = fit.profile_bisections;
  LogOptions log;
  std::string config_file;
  po::options_description options("koubei fit options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("config", po::value<std::string>(), "scenario file (INI); command-line options win")
    ("targets", po::value(&targets_file)->required(),
     "CSV of observations: kind,column,window,observed[,weight][,tolerance] (see the README)")
    ("free", po::value(&free)->composing(),
     "a parameter to fit, KEY=LO:HI or KEY=log:LO:HI (repeatable; any numeric scenario key or "
     "spec field such as rule.p)")
    ("method", po::value(&fit.method)->default_value(fit.method),
     "GLOBAL+LOCAL, GLOBAL or LOCAL: crs2 | direct | isres, then sbplx | neldermead | bobyqa")
    ("budget", koubei::within(&budget, "budget", 2, 1'000'000), "evaluations of the search")
    ("profile-points", koubei::within(&profile, "profile-points", 0, 1000),
     "evaluations across each free parameter's range at the end (0: none)")
    ("profile-bisections", koubei::within(&bisections, "profile-bisections", 1, 30),
     "bisection steps a side that find where the profile leaves the best's neighbourhood "
     "(to 1/2^N of the range)")
    ("force", po::value(&fit.force)->default_value(false)->implicit_value(true),
     "discard an unfinished fit with another definition in --out");
  // clang-format on
  config.add_options(options);
  log.add_options(options);
  po::options_description hooks("test hooks");
  hooks.add_options()("test-kill-after", po::value(&fit.kill_after),
                      "SIGKILL after journaling this many evaluations");
  if (!parse(argc, argv, options,
             "Usage: koubei fit --config SCENARIO.ini --targets TARGETS.csv --free KEY=LO:HI ... "
             "--out DIR",
             &config_file, &hooks))
    return 0;
  log.apply();
  config.validate();
  koubei::check_fit_method(fit.method);
  fit.budget = static_cast<std::uint64_t>(budget);
  fit.profile_points = static_cast<std::uint32_t>(profile);
  fit.profile_bisections = static_cast<std::uint32_t>(bisections);
  fit.cluster = cluster;
  std::vector<koubei::FreeParameter> parameters;
  for (const std::string& text : free) parameters.push_back(koubei::FreeParameter::parse(text));
  const std::vector<koubei::Target> targets = koubei::read_targets(
      targets_file, config.scale, static_cast<std::uint64_t>(config.steps));
  koubei::install_interrupt_handlers();
  const koubei::FitResult result = koubei::fit(config, targets, parameters, fit, config.out);
  if (cluster && !cluster->is_root()) return 0;
  koubei::write_fit_outputs(config.out, targets, parameters, result);
  std::cout << koubei::fit_summary(targets, parameters, result)
            << fmt::format("wrote evaluations.csv, validation.csv, profile.csv and best.ini to {}/\n",
                           config.out);
  return 0;
}

int command_plot(int argc, char** argv) {
  refuse_ranks("plot");
  koubei::PlotOptions plot;
  std::string dir, out;
  std::int64_t run = 0;
  LogOptions log;
  po::options_description options("koubei plot options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("dir", po::value(&dir)->required(), "the output directory of a run, sweep, comparison or fit")
    ("out", po::value(&out), "the image: FILE.svg, FILE.png or FILE.pdf (default: DIR/WHAT.svg); its gnuplot "
     "script and data are written beside it")
    ("what", po::value(&plot.what)->default_value(plot.what), "what to draw: curves, channels, communities (a "
     "run), sweep, compare, fit")
    ("run", koubei::within(&run, "run", 0, 0xFFFFFFFF), "channels: the run (arm, numbered as in runs.csv) to draw");
  // clang-format on
  log.add_options(options);
  if (!parse_with_words(argc, argv, options, "dir", 1,
                        "Usage: koubei plot DIR [--out FILE.svg|.png|.pdf] "
                        "[--what curves|channels|communities|sweep|compare|fit] [--run N]"))
    return 0;
  log.apply();
  plot.out = out;
  plot.run = static_cast<std::size_t>(run);
  koubei::install_interrupt_handlers();
  const std::filesystem::path image = koubei::plot(dir, plot);
  std::cout << fmt::format("wrote {} (and its gnuplot script and data beside it)\n", image.string());
  return 0;
}

int command_report(int argc, char** argv) {
  refuse_ranks("report");
  std::string dir, out;
  LogOptions log;
  po::options_description options("koubei report options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("dir", po::value(&dir)->required(), "the output directory of a run, sweep, comparison or fit")
    ("out", po::value(&out), "the page (default: DIR/report.html)");
  // clang-format on
  log.add_options(options);
  if (!parse_with_words(argc, argv, options, "dir", 1, "Usage: koubei report DIR [--out FILE.html]")) return 0;
  log.apply();
  koubei::install_interrupt_handlers();
  const std::filesystem::path page = koubei::write_report(dir, out);
  std::cout << fmt::format("wrote {}\n", page.string());
  return 0;
}

int dispatch(const std::string& command, int argc, char** argv, std::string& error);

}  // namespace

int main(int argc, char** argv) {
  // The library's logger (stderr) carries the command's own lines too; the
  // level comes from --log-level.
  koubei::logger();
  spdlog::set_default_logger(spdlog::get("koubei"));
#ifdef KOUBEI_WITH_MPI
  std::unique_ptr<koubei::MpiCluster> mpi;
  if (koubei::MpiCluster::launched_by_mpirun()) {
    try {
      mpi = std::make_unique<koubei::MpiCluster>(&argc, &argv);
    } catch (const std::exception& e) {
      std::cerr << fmt::format("koubei: cannot start MPI: {}\n", e.what());
      return 1;
    }
    cluster = mpi.get();
    if (mpi->size() > 1)
      koubei::logger().set_pattern(fmt::format("[%H:%M:%S.%e] [rank {}] [%^%l%$] %v", mpi->rank()));
  }
#endif
  koubei::record_command_line(argc, argv);  // DIR/command.txt of the outputs
  std::string command = argc > 1 ? argv[1] : "";
  std::string error;
  const int code = dispatch(command, argc, argv, error);
#ifdef KOUBEI_WITH_MPI
  if (code != 0 && mpi && mpi->size() > 1) {
    // Every rank usually meets the same error: rank 0 prints it and ends the
    // job. A rank that met it alone (a file only it cannot read) gives rank 0
    // a moment, then prints and ends the job itself, so that no rank is left
    // waiting for another.
    std::cout.flush();
    if (!mpi->is_root()) std::this_thread::sleep_for(std::chrono::seconds(2));
    if (!error.empty()) std::cerr << koubei::printable_message(error) << "\n";
    mpi->abort(code);
  }
#endif
  if (!error.empty()) std::cerr << koubei::printable_message(error) << "\n";
  return code;
}

namespace {

// Runs the command; an error becomes one line in `error` and an exit code.
int dispatch(const std::string& command, int argc, char** argv, std::string& error) {
  try {
    if (command == "run") return command_run(argc - 1, argv + 1);
    if (command == "gen") return command_gen(argc - 1, argv + 1);
    if (command == "sweep") return command_sweep(argc - 1, argv + 1);
    if (command == "merge") return command_merge(argc - 1, argv + 1);
    if (command == "compare") return command_compare(argc - 1, argv + 1);
    if (command == "seeds") return command_seeds(argc - 1, argv + 1);
    if (command == "estimate") return command_estimate(argc - 1, argv + 1);
    if (command == "fit") return command_fit(argc - 1, argv + 1);
    if (command == "plot") return command_plot(argc - 1, argv + 1);
    if (command == "report") return command_report(argc - 1, argv + 1);
    if (command == "--version" || command == "-V") {
      std::cout << "koubei " << koubei::kVersion << "\n";
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage << "\nRules (--rule): " << koubei::rule_usages() << "\n";
      return 0;
    }
    if (command.empty()) {
      std::cerr << kUsage;
    } else {
      error = fmt::format(
          "koubei: unknown command '{}' (commands: run, sweep, merge, compare, gen, seeds, "
          "estimate, fit, plot, report; see koubei "
          "--help)",
          command);
    }
    return kExitBadInput;
  } catch (const koubei::InputError& e) {
    error = fmt::format("koubei {}: error: {}", command, e.what());
    return kExitBadInput;
  } catch (const po::error& e) {
    error = fmt::format("koubei {}: error: {} (see koubei {} --help)", command,
                        koubei::option_error_message(e), command);
    return kExitBadInput;
  } catch (const koubei::Interrupted&) {
    error = fmt::format("koubei {}: interrupted; no output was replaced{}", command,
                        command == "sweep" || command == "fit" ? " (run the same command to resume)" : "");
    return kExitInterrupted;
  } catch (const std::bad_alloc&) {
    error = fmt::format("koubei {}: error: out of memory", command);
    return kExitBadInput;
  } catch (const std::exception& e) {
    error = fmt::format("koubei {}: internal error: {}", command, e.what());
    return 1;
  }
}

}  // namespace
