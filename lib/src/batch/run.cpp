#include "koubei/batch/run.hpp"

#include <fmt/format.h>

#include <vector>

#include "koubei/batch/statistics.hpp"

namespace koubei {

RunReport run(const RunConfig& config) {
  RunReport report;
  report.scenario = Scenario::prepare(config);
  const Graph& graph = *report.scenario.graph;
  ReplicateRange range{config.rng_seed, config.first_replicate(), config.last_replicate(),
                       static_cast<std::uint32_t>(config.steps), config.trace};
  report.batch = run_replicates(graph, *report.scenario.rule, report.scenario.seeds, range,
                                config.thread_count(), report.scenario.model.get());
  report.description = {0, config.rng_seed, report.scenario.rule->spec(), graph.num_nodes(),
                        graph.num_arcs()};
  return report;
}

std::string human_summary(const RunConfig& config, const RunReport& report) {
  const Graph& graph = *report.scenario.graph;
  std::vector<double> adopters, steps;
  for (const ReplicateResult& r : report.batch.replicates) {
    adopters.push_back(static_cast<double>(r.final_step().counts.adopters));
    steps.push_back(r.final_step().step);
  }
  Estimate a = estimate(adopters);
  Estimate s = estimate(steps);
  const double n = graph.num_nodes() ? graph.num_nodes() : 1;
  std::string text = fmt::format(
      "koubei run: graph {} ({} nodes, {} arcs), trust {}, rule {}, {} seed users, "
      "replicates {}..{}\n",
      config.graph, graph.num_nodes(), graph.num_arcs(), config.trust, report.scenario.rule->spec(),
      report.scenario.seeds.count(), config.first_replicate(), config.last_replicate());
  text += fmt::format(
      "final adopters: mean {:.1f} ({:.2f}% of users), sd {:.1f}, 95% interval of the mean "
      "[{:.1f}, {:.1f}]\n",
      a.mean, 100 * a.mean / n, a.sd, a.lo, a.hi);
  text += fmt::format("steps to the end: mean {:.1f}; wall time {:.3f} s on {} threads\n", s.mean,
                      report.batch.wall_ms / 1000, report.batch.per_thread.size());
  return text;
}

}  // namespace koubei
