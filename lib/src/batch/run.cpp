#include "koubei/batch/run.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <system_error>
#include <vector>

#include "koubei/batch/aggregate.hpp"
#include "koubei/batch/pipeline.hpp"
#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/command_file.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/derived_files.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {

RunTimeseries parse_run_timeseries(std::string_view text) {
  if (text == "all") return RunTimeseries::kAll;
  if (text == "aggregate") return RunTimeseries::kAggregate;
  if (text == "none") return RunTimeseries::kNone;
  throw InputError(fmt::format("--timeseries: expected all, aggregate or none, got '{}'", text));
}

namespace {

const char* timeseries_name(RunTimeseries timeseries) {
  return timeseries == RunTimeseries::kAll         ? "all"
         : timeseries == RunTimeseries::kAggregate ? "aggregate"
                                                   : "none";
}

std::uint64_t replicate_count(const RunConfig& config) {
  return std::uint64_t{config.last_replicate()} - config.first_replicate() + 1;
}

}  // namespace

std::vector<RunReport> run(const RunConfig& config, const RunOptions& options) {
  std::vector<RunReport> reports;
  const auto arms = config.expand_arms();
  // Arms on the same graph share it; a single run keeps no spare copy.
  GraphCache graphs;
  GraphCache* cache = options.graphs ? options.graphs : arms.size() > 1 ? &graphs : nullptr;
  bool communities = false;
  std::uint64_t replicates = 0;
  for (auto& [arm, arm_config] : arms) {
    const auto number = static_cast<std::uint32_t>(reports.size());
    if (!arm.empty()) logger().info("arm {} ({}): {}", number, arm, config.arms[number]);
    RunReport& report = reports.emplace_back();
    report.arm = arm;
    report.config = arm_config.scaled();
    report.scenario = std::make_shared<const Scenario>(Scenario::prepare(report.config, cache));
    const Graph& graph = *report.scenario->graph;
    report.description = {number, report.config.rng_seed, report.scenario->rule->spec(),
                          graph.num_nodes(), graph.num_arcs()};
    communities = communities || graph.has_communities();
    replicates += replicate_count(report.config);
  }
  const bool root = options.cluster == nullptr || options.cluster->is_root();
  if (root) {
    require_memory(replicates * (sizeof(ReplicateRecord) + 16 * sizeof(StepRecord)),
                   fmt::format("{} replicates", replicates));
    for (RunReport& report : reports) report.records.resize(replicate_count(report.config));
  }

  PointSource points;
  points.count = static_cast<std::uint32_t>(reports.size());
  points.replicates = [&](std::uint32_t p) {
    return std::pair{reports[p].config.first_replicate(), reports[p].config.last_replicate()};
  };
  points.prepare = [&](std::uint32_t p) {
    return share_point(reports[p].scenario, p, reports[p].config, reports[p].config.trace);
  };
  PipelineOptions pipeline;
  pipeline.threads = config.thread_count();
  pipeline.cluster = options.cluster;
  pipeline.progress = options.progress;
  pipeline.content.record_every = options.timeseries == RunTimeseries::kNone ? 0 : 1;
  pipeline.content.communities = communities && options.timeseries != RunTimeseries::kNone;
  pipeline.content.referrals = config.trace;
  std::string failure;
  RecordSink sink;
  sink.on_record = [&](ReplicateRecord&& record, std::string_view) {
    if (record.failed() && failure.empty())
      failure = fmt::format("replicate {} failed: {}", record.replicate(), record.failure);
    RunReport& report = reports.at(record.point);
    report.records.at(record.replicate() - report.config.first_replicate()) = std::move(record);
  };
  const PipelineOutcome outcome = run_pipeline(points, pipeline, sink);
  if (!failure.empty()) throw std::runtime_error(failure);

  for (RunReport& report : reports) {
    report.threads = outcome.threads;
    if (reports.size() == 1) {
      report.wall_ms = outcome.wall_ms;
    } else {
      for (const ReplicateRecord& r : report.records) report.wall_ms += r.summary.wall_ms;
      report.wall_ms /= outcome.threads;
    }
  }
  return reports;
}

namespace {

// What `dir` holds that is not a run's output, or "".
std::string other_output(const std::filesystem::path& dir) {
  if (std::filesystem::exists(dir / ".partial" / "fit.ini")) return "an unfinished koubei fit";
  if (std::filesystem::exists(dir / ".partial")) return "an unfinished koubei sweep";
  if (std::filesystem::exists(dir / "best.ini") && std::filesystem::exists(dir / "evaluations.csv"))
    return "the results of a koubei fit";
  if (!std::filesystem::exists(dir / "config.ini")) return "";
  const std::string config = read_text_file(dir / "config.ini");
  const std::string first = config.substr(0, config.find('\n'));
  if (first.starts_with("# koubei ") && first.ends_with(" run, resolved configuration")) return "";
  if (first.starts_with("# koubei ") && first.find(" sweep, ") != std::string::npos)
    return "the results of a koubei sweep";
  if (first.starts_with("# koubei ") && first.find(" compare, ") != std::string::npos)
    return "the results of a koubei compare";
  return "a config.ini koubei run did not write";
}

}  // namespace

void write_outputs(const std::filesystem::path& dir, const RunConfig& config,
                   std::span<const RunReport> reports, const RunOptions& options) {
  create_output_directory(dir);
  const DirectoryLock lock(dir);  // another run or sweep would mix its files with these
  if (const std::string other = other_output(dir); !other.empty()) {
    if (!options.force)
      throw InputError(fmt::format(
          "'{}' holds {}; choose another --out, or add --force to replace it", dir.string(),
          other));
    std::error_code ignored;
    std::filesystem::remove_all(dir / ".partial", ignored);
  }
  const bool all = options.timeseries == RunTimeseries::kAll;
  const bool aggregate = options.timeseries == RunTimeseries::kAggregate;
  std::string timeseries = all ? timeseries_header() : "";
  std::string aggregates = aggregate ? aggregate_header("run") : "";
  std::string summary = summary_header();
  std::string referrals = config.trace ? referrals_header() : "";
  std::string communities, runs;
  bool any_communities = false;
  for (const RunReport& report : reports) {
    const Graph& graph = *report.scenario->graph;
    const std::uint32_t run = report.description.run;
    const bool with_communities =
        graph.has_communities() && options.timeseries != RunTimeseries::kNone;
    if (with_communities && !any_communities) communities = communities_header();
    any_communities = any_communities || with_communities;
    for (const ReplicateRecord& r : report.records) {
      const std::uint32_t replicate = r.replicate();
      if (all) append_timeseries_rows(timeseries, run, replicate, r.steps);
      append_summary_row(summary, report.description, r.summary);
      if (with_communities)
        append_community_rows(communities, run, graph, replicate, r.steps, r.community_counts);
      if (config.trace) append_referral_rows(referrals, run, graph, replicate, r.referrals);
    }
    if (aggregate) aggregates += aggregate_rows(run, report.records);
  }
  if (!config.arms.empty()) {
    csv_header(runs, {"run", "arm", "settings"});
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const std::string& arm = config.arms[i];
      CsvRow(runs).number(i).text(reports[i].arm).text(arm.substr(arm.find(':') + 1)).end();
    }
  }
  std::string ini = config.to_ini();
  if (!all) {  // after the heading comments, before any section claims the key
    std::size_t at = 0;
    while (ini.compare(at, 1, "#") == 0) at = ini.find('\n', at) + 1;
    ini.insert(at, fmt::format("timeseries = {}\n", timeseries_name(options.timeseries)));
  }

  // Every file written and synced before any is renamed, so that a failure
  // leaves the earlier set whole; what an earlier run left that this one
  // does not write goes.
  OutputSet set(dir);
  auto add = [&](const char* name, bool wanted, const std::string& data) {
    if (wanted) {
      set.add(name).write(data);
    } else {
      set.drop(name);
    }
  };
  add("timeseries.csv", all, timeseries);
  add("aggregate.csv", aggregate, aggregates);
  add("summary.csv", true, summary);
  add("communities.csv", any_communities, communities);
  add("referrals.csv", config.trace, referrals);
  add("runs.csv", !runs.empty(), runs);
  if (options.force)  // a sweep's, a comparison's or a fit's own files, which --force replaces
    for (const char* name : {"points.csv", "failures.csv", "comparison.csv", "evaluations.csv", "validation.csv",
                             "profile.csv", "best.ini"})
      set.drop(name);
  add_command_file(set);
  drop_derived_files(set);
  add("config.ini", true, ini);  // last: it marks the set complete
  set.commit();
}

std::string human_summary(std::span<const RunReport> reports) {
  std::string text;
  for (const RunReport& report : reports) {
    const RunConfig& config = report.config;
    const Graph& graph = *report.scenario->graph;
    std::vector<double> adopters, ever, steps, cost;
    for (const ReplicateRecord& r : report.records) {
      adopters.push_back(static_cast<double>(r.summary.final_counts.adopters));
      ever.push_back(static_cast<double>(r.summary.ever_adopted));
      steps.push_back(r.summary.steps);
      cost.push_back(r.summary.total_cost);
    }
    const Estimate a = estimate(adopters), e = estimate(ever), s = estimate(steps),
                   c = estimate(cost);
    const double n = graph.num_nodes() ? graph.num_nodes() : 1;
    if (!report.arm.empty())
      text += fmt::format("arm {} ({}):\n", report.description.run, report.arm);
    text += fmt::format(
        "koubei run: graph {} ({} nodes, {} arcs), trust {}, rule {}{}, {} seed users, "
        "replicates {}..{}\n",
        config.graph.to_string(), graph.num_nodes(), graph.num_arcs(), config.trust.to_string(),
        report.scenario->rule->spec(), config.model.enabled ? ", word-of-mouth model" : "",
        report.scenario->seeds.count(), config.first_replicate(), config.last_replicate());
    text += fmt::format(
        "final adopters: mean {:.1f} ({:.2f}% of users), sd {:.1f}, 95% interval of the mean "
        "[{:.1f}, {:.1f}]\n",
        a.mean, 100 * a.mean / n, a.sd, a.lo, a.hi);
    if (e.mean != a.mean)
      text += fmt::format("ever adopted (churned included): mean {:.1f}\n", e.mean);
    if (c.mean > 0)
      text += fmt::format("cost: mean {:.0f}, {:.2f} per retained user\n", c.mean,
                          a.mean > 0 ? c.mean / a.mean : 0.0);
    text += fmt::format("steps: mean {:.1f}; wall time {:.3f} s on {} thread{}\n", s.mean,
                        report.wall_ms / 1000, report.threads, report.threads == 1 ? "" : "s");
  }
  return text;
}

}  // namespace koubei
