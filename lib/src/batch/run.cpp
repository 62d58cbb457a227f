#include "koubei/batch/run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <system_error>
#include <vector>

#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {

std::vector<RunReport> run(const RunConfig& config) {
  std::vector<RunReport> reports;
  std::uint32_t number = 0;
  const auto arms = config.expand_arms();
  // Arms on the same graph share it; a single run keeps no spare copy.
  GraphCache graphs;
  GraphCache* cache = arms.size() > 1 ? &graphs : nullptr;
  for (auto& [arm, arm_config] : arms) {
    if (!arm.empty()) logger().info("arm {} ({}): {}", number, arm, config.arms[number]);
    RunReport& report = reports.emplace_back();
    report.arm = arm;
    report.config = arm_config.scaled();
    const RunConfig& c = report.config;
    report.scenario = Scenario::prepare(c, cache);
    const Graph& graph = *report.scenario.graph;
    ReplicateRange range{c.rng_seed, c.first_replicate(), c.last_replicate(),
                         static_cast<std::uint32_t>(c.steps), c.trace};
    report.batch = run_replicates(graph, *report.scenario.rule, report.scenario.seeds, range,
                                  c.thread_count(), report.scenario.model.get());
    report.description = {number++, c.rng_seed, report.scenario.rule->spec(), graph.num_nodes(),
                          graph.num_arcs()};
  }
  return reports;
}

void write_outputs(const std::filesystem::path& dir, const RunConfig& config,
                   std::span<const RunReport> reports) {
  create_output_directory(dir);
  std::string timeseries, summary, communities, referrals, runs;
  bool any_communities = false;
  for (const RunReport& r : reports) {
    const bool first = &r == &reports.front();
    const Graph& graph = *r.scenario.graph;
    const auto results = std::span<const ReplicateResult>(r.batch.replicates);
    timeseries += timeseries_csv(r.description, results, first);
    summary += summary_csv(r.description, results, first);
    if (graph.has_communities()) {
      communities += communities_csv(r.description, graph, results, !any_communities);
      any_communities = true;
    }
    if (r.config.trace) referrals += referrals_csv(r.description, graph, results, first);
  }
  if (!config.arms.empty()) {
    csv_header(runs, {"run", "arm", "settings"});
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const std::string& arm = config.arms[i];
      CsvRow(runs).number(i).text(reports[i].arm).text(arm.substr(arm.find(':') + 1)).end();
    }
  }
  // Write every file before renaming any, so a failure leaves the old set whole.
  std::vector<std::unique_ptr<AtomicFile>> files;
  auto add = [&](const char* name, const std::string& data) {
    files.push_back(std::make_unique<AtomicFile>(dir / name));
    files.back()->write(data);
  };
  add("timeseries.csv", timeseries);
  add("summary.csv", summary);
  if (any_communities) add("communities.csv", communities);
  if (config.trace) add("referrals.csv", referrals);
  if (!runs.empty()) add("runs.csv", runs);
  add("config.ini", config.to_ini());
  for (auto& file : files) file->commit();
}

std::string human_summary(std::span<const RunReport> reports) {
  std::string text;
  for (const RunReport& report : reports) {
    const RunConfig& config = report.config;
    const Graph& graph = *report.scenario.graph;
    std::vector<double> adopters, ever, steps, cost;
    for (const ReplicateResult& r : report.batch.replicates) {
      adopters.push_back(static_cast<double>(r.final_step().counts.adopters));
      ever.push_back(static_cast<double>(r.ever_adopted));
      steps.push_back(r.final_step().step);
      double spent = 0;
      for (const StepRecord& s : r.steps) spent += s.channels.cost;
      cost.push_back(spent);
    }
    const Estimate a = estimate(adopters), e = estimate(ever), s = estimate(steps),
                   c = estimate(cost);
    const double n = graph.num_nodes() ? graph.num_nodes() : 1;
    if (!report.arm.empty())
      text += fmt::format("arm {} ({}):\n", report.description.run, report.arm);
    text += fmt::format(
        "koubei run: graph {} ({} nodes, {} arcs), trust {}, rule {}{}, {} seed users, "
        "replicates {}..{}\n",
        config.graph, graph.num_nodes(), graph.num_arcs(), config.trust,
        report.scenario.rule->spec(), config.model.enabled ? ", word-of-mouth model" : "",
        report.scenario.seeds.count(), config.first_replicate(), config.last_replicate());
    text += fmt::format(
        "final adopters: mean {:.1f} ({:.2f}% of users), sd {:.1f}, 95% interval of the mean "
        "[{:.1f}, {:.1f}]\n",
        a.mean, 100 * a.mean / n, a.sd, a.lo, a.hi);
    if (e.mean != a.mean)
      text += fmt::format("ever adopted (churned included): mean {:.1f}\n", e.mean);
    if (c.mean > 0)
      text += fmt::format("cost: mean {:.0f}, {:.2f} per retained user\n", c.mean,
                          a.mean > 0 ? c.mean / a.mean : 0.0);
    const std::size_t threads = report.batch.per_thread.size();
    text += fmt::format("steps: mean {:.1f}; wall time {:.3f} s on {} thread{}\n", s.mean,
                        report.batch.wall_ms / 1000, threads, threads == 1 ? "" : "s");
  }
  return text;
}

}  // namespace koubei
