#include "koubei/batch/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "koubei/batch/aggregate.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/command_file.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/derived_files.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace {

/// The seeding column: the seeds file, or the spec, naming the diffusion
/// the seeds were chosen for where that matters (not for random or degree),
/// so that an lt row says its seeds were chosen for lt.
std::string seeding_column(const RunConfig& config) {
  if (!config.seeds_file.empty()) return "file:" + config.seeds_file;
  const SeedingSpec& seeds = config.seeds;
  const bool rule_matters =
      seeds.method() != SeedingMethod::kRandom && seeds.method() != SeedingMethod::kDegree;
  if (!rule_matters || seeds.rule()) return seeds.describe();
  return SeedingSpec(fmt::format("{},rule={}", seeds.to_string(),
                                 influence_rule_name(config.influence_rule())))
      .describe();
}

}  // namespace

std::vector<std::string> split_rules(std::string_view rules) {
  SweepAxis axis = SweepAxis::parse(fmt::format("rule={}", rules));
  std::vector<std::string> out;
  for (auto& row : axis.rows) out.push_back(std::move(row[0]));
  return out;
}

std::vector<std::string> split_seedings(std::string_view seedings) {
  SweepAxis axis = SweepAxis::parse(fmt::format("seeds={}", seedings));
  std::vector<std::string> out;
  for (auto& row : axis.rows) out.push_back(std::move(row[0]));
  return out;
}

std::vector<RuleComparison> compare_rules(const RunConfig& base,
                                          const std::vector<std::string>& rules,
                                          const SweepOptions& options) {
  return compare(base, rules, {}, options).rows;
}

Comparison compare(const RunConfig& base, const std::vector<std::string>& rules,
                   const std::vector<std::string>& seedings, const SweepOptions& options) {
  if (rules.empty()) throw InputError("--rules: no rules to compare");
  SweepDefinition sweep;
  sweep.base = base;
  sweep.axes.push_back({{"rule"}, {}});
  for (const std::string& rule : rules) sweep.axes[0].rows.push_back({rule});
  if (!seedings.empty()) {
    if (!base.seeds_file.empty())
      throw InputError("--seedings and a seeds-file do not mix: the file fixes the seeds");
    sweep.axes.push_back({{"seeds"}, {}});
    for (const std::string& seeding : seedings) sweep.axes[1].rows.push_back({seeding});
  }
  sweep.timeseries = SweepTimeseries::kAggregate;
  const std::size_t count = rules.size() * std::max<std::size_t>(1, seedings.size());

  struct Collected {
    std::map<std::uint32_t, ReplicateRecord> records;  // by replicate: order-independent sums
    std::uint64_t failed = 0;
  };
  std::vector<Collected> collected(count);
  SweepCallbacks callbacks;
  callbacks.on_record = [&](const ReplicateRecord& record, std::string_view) {
    Collected& c = collected.at(record.point);
    if (record.failed()) {
      ++c.failed;
    } else {
      c.records.emplace(record.replicate(), record);
    }
  };
  run_sweep(sweep, options, callbacks);

  Comparison comparison;
  comparison.config_ini = fmt::format("# koubei {} compare, resolved definition: the rules and seedings "
                                      "compared, then the base scenario of every row\nrules = {}\n",
                                      kVersion, fmt::join(rules, ";"));
  if (!seedings.empty()) comparison.config_ini += fmt::format("seedings = {}\n", fmt::join(seedings, ";"));
  {
    const std::string base_ini = base.to_ini();
    comparison.config_ini += base_ini.substr(base_ini.find('\n') + 1);  // past its own heading
  }
  comparison.aggregate_csv = aggregate_header("row");
  std::vector<RuleComparison>& rows = comparison.rows;
  const std::vector<SweepPoint> points = sweep.points();
  for (std::size_t i = 0; i < count; ++i) {
    RuleComparison row;
    row.rule = points[i].config.rule.to_string();
    row.seeding = seeding_column(points[i].config);
    std::vector<ReplicateRecord> finished;
    finished.reserve(collected[i].records.size());
    row.failed = collected[i].failed;
    std::vector<double> finals, halves;
    double arcs = 0, read = 0, wall = 0;
    for (const auto& [replicate, record] : collected[i].records) {
      row.rule = record.rule;
      row.nodes = record.nodes;
      row.arcs = record.arcs;
      finals.push_back(static_cast<double>(record.summary.final_counts.adopters));
      if (record.summary.t_50pct >= 0) halves.push_back(static_cast<double>(record.summary.t_50pct));
      arcs += static_cast<double>(record.summary.arcs_examined);
      read += static_cast<double>(record.summary.arcs_read);
      wall += record.summary.wall_ms;
      finished.push_back(record);
    }
    comparison.aggregate_csv += aggregate_rows(static_cast<std::uint32_t>(i), finished);
    row.replicates = finals.size();
    row.final_adopters = estimate(finals);
    row.time_to_half = estimate(halves);
    if (row.replicates > 0) {
      row.arcs_examined = arcs / static_cast<double>(row.replicates);
      row.wall_ms = wall / static_cast<double>(row.replicates);
    }
    row.arcs_per_second = wall > 0 ? read / (wall / 1000) : 0;
    rows.push_back(std::move(row));
  }
  return comparison;
}

std::string comparison_table(const std::vector<RuleComparison>& rows) {
  std::size_t width = 4, seeding_width = 7;
  for (const RuleComparison& r : rows) {
    width = std::max(width, r.rule.size());
    seeding_width = std::max(seeding_width, r.seeding.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:>24}  {:>8}  {:>10}  {:>10}  {:>12}\n", "rule",
                                width, "seeding", seeding_width, "final adopters (95% CI)",
                                "of users", "t 50%", "arcs/s", "ms/replicate");
  for (const RuleComparison& r : rows) {
    const double half = (r.final_adopters.hi - r.final_adopters.lo) / 2;
    const std::string spread = fmt::format("{:.1f} ± {:.1f}", r.final_adopters.mean, half);
    const std::string t50 =
        r.time_to_half.n ? fmt::format("{:.1f}", r.time_to_half.mean) : std::string("-");
    out += fmt::format("{:<{}}  {:<{}}  {:>24}  {:>7.2f}%  {:>10}  {:>10.3g}  {:>12.3f}", r.rule,
                       width, r.seeding, seeding_width, spread,
                       r.nodes ? 100.0 * r.final_adopters.mean / static_cast<double>(r.nodes) : 0.0,
                       t50, r.arcs_per_second, r.wall_ms);
    if (r.failed) out += fmt::format("  ({} failed)", r.failed);
    out += '\n';
  }
  return out;
}

std::string comparison_csv(const std::vector<RuleComparison>& rows) {
  std::string out;
  csv_header(out, {"rule", "seeding", "nodes", "arcs", "replicates", "failed", "final_adopters_mean",
                   "final_adopters_sd", "final_adopters_lo", "final_adopters_hi",
                   "final_fraction_mean", "t_50pct_mean", "arcs_examined_mean", "arcs_per_second",
                   "wall_ms_per_replicate"});
  for (const RuleComparison& r : rows) {
    CsvRow row(out);
    row.text(r.rule).text(r.seeding).number(r.nodes).number(r.arcs).number(r.replicates).number(r.failed);
    row.number(r.final_adopters.mean)
        .number(r.final_adopters.sd)
        .number(r.final_adopters.lo)
        .number(r.final_adopters.hi);
    row.number(r.nodes ? r.final_adopters.mean / static_cast<double>(r.nodes) : 0.0);
    if (r.time_to_half.n) {
      row.number(r.time_to_half.mean);
    } else {
      row.text("");
    }
    row.number(r.arcs_examined).number(r.arcs_per_second).number(r.wall_ms).end();
  }
  return out;
}

void write_comparison(const std::string& dir, const Comparison& comparison) {
  OutputSet files(dir);
  files.add("aggregate.csv").write(comparison.aggregate_csv);
  add_command_file(files);
  drop_derived_files(files);
  files.add("comparison.csv").write(comparison_csv(comparison.rows));
  if (comparison.config_ini.empty()) {
    files.drop("config.ini");
  } else {
    files.add("config.ini").write(comparison.config_ini);  // last: it marks the set complete
  }
  files.commit();
}

}  // namespace koubei
