// koubei: the command-line tool. Thin by design: it parses options, calls
// the library and prints; every decision lives in the library.

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "koubei/batch/run.hpp"
#include "koubei/batch/sweep.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/io/edge_list_writer.hpp"
#include "koubei/io/ini.hpp"
#include "koubei/io/run_output.hpp"
#include "koubei/trust/trust_model.hpp"
#include "koubei/version.hpp"

namespace po = boost::program_options;

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

const char* kUsage =
    "koubei — agent-based simulation of word-of-mouth adoption on social graphs\n\n"
    "Usage:\n"
    "  koubei run [options]      run replicates of a scenario, write CSV (default: built-in "
    "scenario)\n"
    "  koubei sweep [options]    run a grid of scenarios (--vary), write per-point CSV\n"
    "  koubei gen [options]      generate a graph with trust and write it as an edge list\n"
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

// Parses argv (then the --config file, whose values the command line overrides).
bool parse(int argc, char** argv, const po::options_description& options, const char* usage_line,
           std::string* config_file) {
  po::variables_map values;
  po::store(po::command_line_parser(argc, argv).options(options).run(), values);
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

int command_run(int argc, char** argv) {
  koubei::RunConfig config;
  LogOptions log;
  std::string config_file;
  po::options_description options("koubei run options");
  options.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(), "scenario file (INI); command-line options win");
  config.add_options(options);
  log.add_options(options);
  if (!parse(argc, argv, options, "Usage: koubei run [--config FILE.ini] [options]", &config_file))
    return 0;
  log.apply();
  config.validate();

  koubei::install_interrupt_handlers();
  const std::vector<koubei::RunReport> reports = koubei::run(config);
  koubei::write_outputs(config.out, config, reports);
  std::cout << koubei::human_summary(reports)
            << fmt::format("wrote the CSV files and config.ini to {}/\n", config.out);
  return 0;
}

int command_sweep(int argc, char** argv) {
  koubei::SweepDefinition sweep;
  koubei::RunConfig& config = sweep.base;
  LogOptions log;
  std::string config_file;
  std::vector<std::string> vary;
  std::string timeseries = "aggregate";
  po::options_description options("koubei sweep options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("config", po::value<std::string>(), "scenario file (INI); command-line options win")
    ("vary", po::value(&vary)->composing(),
     "an axis of the grid: 'key=v1;v2;v3' or 'key=FROM:TO:STEP' (repeatable; the last varies "
     "fastest)")
    ("timeseries", po::value(&timeseries)->default_value(timeseries),
     "aggregate: aggregate.csv per point and step; all: also every replicate's timeseries.csv; "
     "none");
  // clang-format on
  config.add_options(options);
  log.add_options(options);
  if (!parse(argc, argv, options,
             "Usage: koubei sweep [--config FILE.ini] --vary 'key=v1;v2' [--vary ...] [options]",
             &config_file))
    return 0;
  log.apply();
  config.validate();
  if (!config.arms.empty()) throw koubei::InputError("--arm and --vary do not mix; use --vary");
  for (const std::string& axis : vary) sweep.axes.push_back(koubei::SweepAxis::parse(axis));
  sweep.timeseries = koubei::parse_sweep_timeseries(timeseries);

  koubei::install_interrupt_handlers();
  koubei::run_sweep_to(config.out, sweep);
  std::cout << fmt::format("wrote points.csv, summary.csv{} and config.ini to {}/\n",
                           sweep.timeseries == koubei::SweepTimeseries::kNone ? ""
                           : sweep.timeseries == koubei::SweepTimeseries::kAll
                               ? ", aggregate.csv, timeseries.csv"
                               : ", aggregate.csv",
                           config.out);
  return 0;
}

int command_gen(int argc, char** argv) {
  std::string graph_spec = "ba:n=100000,m=5";
  std::string trust_spec = "const:0.05";
  std::string out;
  std::uint64_t rng_seed = koubei::RunConfig{}.rng_seed;
  LogOptions log;
  po::options_description options("koubei gen options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("graph", po::value(&graph_spec)->default_value(graph_spec), "graph spec (as for koubei run)")
    ("trust", po::value(&trust_spec)->default_value(trust_spec), "trust spec (as for koubei run)")
    ("rng-seed", po::value(&rng_seed)->default_value(rng_seed), "master random seed")
    ("out", po::value(&out)->required(), "edge list to write (`u v trust` per line)");
  // clang-format on
  log.add_options(options);
  if (!parse(argc, argv, options, "Usage: koubei gen --graph SPEC --trust SPEC --out FILE",
             nullptr))
    return 0;
  log.apply();
  koubei::check_graph_spec(graph_spec);
  koubei::TrustModel trust = koubei::TrustModel::parse(trust_spec);
  koubei::Graph graph = koubei::make_graph(graph_spec, rng_seed);
  trust.apply(graph, rng_seed);
  spdlog::info("graph {}: {} nodes, {} arcs, {} in memory", graph_spec, graph.num_nodes(),
               graph.num_arcs(), koubei::format_bytes(graph.memory_bytes()));
  koubei::write_edge_list(out, graph,
                          fmt::format("koubei {} gen --graph {} --trust {} --rng-seed {}",
                                      koubei::kVersion, graph_spec, trust_spec, rng_seed));
  std::cout << fmt::format("wrote {} ({} nodes, {} arcs)\n", out, graph.num_nodes(),
                           graph.num_arcs());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("koubei");
  logger->set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
  spdlog::set_default_logger(logger);

  std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "run") return command_run(argc - 1, argv + 1);
    if (command == "gen") return command_gen(argc - 1, argv + 1);
    if (command == "sweep") return command_sweep(argc - 1, argv + 1);
    if (command == "--version" || command == "-V") {
      std::cout << "koubei " << koubei::kVersion << "\n";
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (command.empty()) {
      std::cerr << kUsage;
    } else {
      std::cerr << fmt::format(
          "koubei: unknown command '{}' (commands: run, sweep, gen; see koubei --help)\n", command);
    }
    return kExitBadInput;
  } catch (const koubei::InputError& e) {
    std::cerr << fmt::format("koubei {}: error: {}\n", command, e.what());
    return kExitBadInput;
  } catch (const po::error& e) {
    std::cerr << fmt::format("koubei {}: error: {} (see koubei {} --help)\n", command, e.what(),
                             command);
    return kExitBadInput;
  } catch (const koubei::Interrupted&) {
    std::cerr << fmt::format("koubei {}: interrupted; no output was replaced\n", command);
    return kExitInterrupted;
  } catch (const std::bad_alloc&) {
    std::cerr << fmt::format("koubei {}: error: out of memory\n", command);
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << fmt::format("koubei {}: internal error: {}\n", command, e.what());
    return 1;
  }
}
