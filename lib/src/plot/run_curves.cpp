#include "koubei/plot/run_curves.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/csv_table.hpp"

namespace koubei {
namespace {

/// Per step, not a state: 0 after a replicate ended.
bool is_flow(const std::string& column) {
  return column.starts_with("new_") || column.starts_with("exposures_") || column == "cost";
}


/// The column that numbers the runs: `run`, a sweep's `point` or a
/// comparison's `row`.
std::size_t run_column_of(const CsvTable& table) {
  for (const char* name : {"run", "point", "row"})
    if (table.find(name)) return *table.find(name);
  return table.column("run");  // throws, naming the file and the column
}

/// The runs' curves from aggregate.csv (no replicates, no phases).
std::vector<RunCurves> from_aggregate(const CsvTable& table, std::span<const std::string> counts) {
  const std::size_t run_column = run_column_of(table);
  const std::size_t step_column = table.column("step");
  std::map<std::uint32_t, RunCurves> runs;
  std::vector<std::array<std::size_t, 3>> columns;
  for (const std::string& c : counts)
    columns.push_back({table.column(c + "_mean"), table.column(c + "_lo"), table.column(c + "_hi")});
  for (std::size_t row = 0; row < table.rows(); ++row) {
    RunCurves& run = runs[table.count(row, run_column)];
    if (run.curves.empty())
      for (const std::string& c : counts) run.curves.push_back({c, {}, {}, {}, {}});
    const double step = table.number(row, step_column);
    if (!run.steps.empty() && step <= run.steps.back())
      throw InputError(fmt::format("{}:{}: step {} after step {}", table.name(), table.line(row), step,
                                   run.steps.back()));
    run.steps.push_back(step);
    for (std::size_t k = 0; k < counts.size(); ++k) {
      run.curves[k].mean.push_back(table.number(row, columns[k][0]));
      run.curves[k].lo.push_back(table.number(row, columns[k][1]));
      run.curves[k].hi.push_back(table.number(row, columns[k][2]));
    }
  }
  std::vector<RunCurves> out;
  for (auto& [number, run] : runs) out.push_back(std::move(run));
  return out;
}

/// One replicate's rows: its steps, and per count the value at each.
struct ReplicateSeries {
  std::vector<double> steps;
  std::vector<std::vector<double>> values;  // per count, per row
  std::map<std::string, double> phase_start;
};

/// Per step of any replicate, the statistics of aggregate.csv over the
/// replicates (one that ended counts at its final state, or 0 for a count
/// that is a per-step flow: `flows` says which, by name of a time-series
/// column, or none), each replicate's values when few, and the mean phase
/// starts.
RunCurves summarise(const std::map<std::uint32_t, ReplicateSeries>& replicates, std::span<const std::string> counts,
                    bool (*flows)(const std::string&)) {
  RunCurves run;
  run.replicates = replicates.size();
  std::vector<double> steps;
  for (const auto& [id, r] : replicates) steps.insert(steps.end(), r.steps.begin(), r.steps.end());
  std::sort(steps.begin(), steps.end());
  steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
  run.steps = steps;
  const bool lines = replicates.size() <= kMaxReplicateLines;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    Curve& curve = run.curves.emplace_back();
    curve.name = counts[k];
    // One cursor per replicate, one column of values at a time: memory in
    // replicates, not in replicates x steps.
    std::vector<std::size_t> cursor(replicates.size(), 0);
    std::vector<double> column(replicates.size());
    const bool flow = flows && flows(counts[k]);
    if (lines) curve.replicates.assign(replicates.size(), {});
    for (std::size_t s = 0; s < steps.size(); ++s) {
      std::size_t j = 0;
      for (const auto& [id, r] : replicates) {
        std::size_t& row = cursor[j];
        while (row + 1 < r.steps.size() && r.steps[row + 1] <= steps[s]) ++row;
        const bool here = r.steps[row] == steps[s];
        column[j] = !here && steps[s] > r.steps.back() && flow ? 0.0 : r.values[k][row];
        if (lines) curve.replicates[j].push_back(column[j]);
        ++j;
      }
      const Estimate e = estimate(column);
      curve.mean.push_back(e.mean);
      curve.lo.push_back(e.lo);
      curve.hi.push_back(e.hi);
    }
  }
  // Phases: the mean start over the replicates that reached each.
  std::map<std::string, std::pair<double, std::size_t>> starts;
  for (const auto& [id, r] : replicates)
    for (const auto& [name, step] : r.phase_start) {
      starts[name].first += step;
      ++starts[name].second;
    }
  for (const auto& [name, sum] : starts) run.phases.push_back({name, sum.first / static_cast<double>(sum.second), 0});
  std::sort(run.phases.begin(), run.phases.end(),
            [](const PhaseSpan& a, const PhaseSpan& b) { return a.start < b.start; });
  for (std::size_t p = 0; p < run.phases.size(); ++p)
    run.phases[p].end = p + 1 < run.phases.size() ? run.phases[p + 1].start : steps.back();
  return run;
}

/// The runs' curves from timeseries.csv: the statistics of aggregate.csv,
/// each replicate's values, and the phases.
std::vector<RunCurves> from_timeseries(const CsvTable& table, std::span<const std::string> counts) {
  const std::size_t run_column = run_column_of(table);
  const std::size_t replicate_column = table.column("replicate"), step_column = table.column("step");
  const std::optional<std::size_t> phase_column = table.find("phase");
  std::vector<std::size_t> columns;
  for (const std::string& c : counts) columns.push_back(table.column(c));

  std::map<std::uint32_t, std::map<std::uint32_t, ReplicateSeries>> runs;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    ReplicateSeries& r = runs[table.count(row, run_column)][table.count(row, replicate_column)];
    const double step = table.count(row, step_column);
    if (!r.steps.empty() && step <= r.steps.back())
      throw InputError(fmt::format("{}:{}: step {} after step {} of the same replicate", table.name(),
                                   table.line(row), step, r.steps.back()));
    r.steps.push_back(step);
    r.values.resize(counts.size());
    for (std::size_t k = 0; k < counts.size(); ++k) r.values[k].push_back(table.number(row, columns[k]));
    if (phase_column) {
      const std::string& phase = table.text(row, *phase_column);
      if (phase != "none" && !phase.empty()) r.phase_start.emplace(phase, step);  // the first step only
    }
  }
  std::vector<RunCurves> out;
  for (const auto& [number, replicates] : runs) out.push_back(summarise(replicates, counts, is_flow));
  return out;
}

void add_milestones(const std::filesystem::path& file, std::vector<RunCurves>& runs) {
  const CsvTable table = CsvTable::read(file);
  const std::size_t run_column = run_column_of(table);
  const std::pair<const char*, const char*> times[] = {{"t_10pct", "10% of final adopters"},
                                                       {"t_50pct", "50% of final adopters"}};
  for (const auto& [column_name, label] : times) {
    const std::optional<std::size_t> column = table.find(column_name);
    if (!column) continue;
    std::map<std::uint32_t, std::pair<double, std::size_t>> sums;
    for (std::size_t row = 0; row < table.rows(); ++row) {
      if (table.text(row, *column).empty()) continue;  // never reached
      auto& [sum, n] = sums[table.count(row, run_column)];
      sum += table.number(row, *column);
      ++n;
    }
    std::size_t index = 0;
    for (const auto& [run, sum] : sums) {
      if (index < runs.size()) runs[index].milestones.push_back({label, sum.first / static_cast<double>(sum.second), sum.second});
      ++index;
    }
  }
}

}  // namespace

std::vector<RunCurves> read_run_curves(const std::filesystem::path& dir, std::span<const std::string> counts) {
  std::vector<RunCurves> runs;
  if (std::filesystem::exists(dir / "timeseries.csv")) {
    runs = from_timeseries(CsvTable::read(dir / "timeseries.csv"), counts);
  } else if (std::filesystem::exists(dir / "aggregate.csv")) {
    runs = from_aggregate(CsvTable::read(dir / "aggregate.csv"), counts);
  } else {
    throw InputError(fmt::format("'{}' holds no time series (timeseries.csv or aggregate.csv): plot a "
                                 "run, sweep or comparison's output directory",
                                 dir.string()));
  }
  if (runs.empty()) throw InputError(fmt::format("'{}': the time series has no rows", dir.string()));
  if (std::filesystem::exists(dir / "summary.csv")) add_milestones(dir / "summary.csv", runs);
  if (std::filesystem::exists(dir / "runs.csv")) {
    const CsvTable arms = CsvTable::read(dir / "runs.csv");
    const std::size_t arm = arms.column("arm");
    for (std::size_t row = 0; row < arms.rows() && row < runs.size(); ++row) runs[row].label = arms.text(row, arm);
  }
  return runs;
}

RunCurves read_community_curves(const std::filesystem::path& dir, std::string_view count) {
  const std::filesystem::path file = dir / "communities.csv";
  if (!std::filesystem::exists(file))
    throw InputError(fmt::format("'{}' holds no communities.csv: a run on a graph with communities (sbm, or "
                                 "community.file) writes it with --timeseries all",
                                 dir.string()));
  const CsvTable table = CsvTable::read(file);
  const std::size_t run_column = table.column("run"), replicate_column = table.column("replicate"),
                    step_column = table.column("step"), community_column = table.column("community"),
                    value_column = table.column(std::string(count));
  if (table.rows() == 0) throw InputError(fmt::format("{}: no rows", table.name()));
  // The first run's rows: per replicate, per step, one row per community.
  const std::uint32_t first_run = table.count(0, run_column);
  std::vector<std::string> names;
  std::map<std::string, std::size_t> index;
  for (std::size_t row = 0; row < table.rows(); ++row)
    if (index.emplace(table.text(row, community_column), names.size()).second)
      names.push_back(table.text(row, community_column));
  std::map<std::uint32_t, ReplicateSeries> replicates;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    if (table.count(row, run_column) != first_run) continue;
    ReplicateSeries& r = replicates[table.count(row, replicate_column)];
    const double step = table.count(row, step_column);
    if (r.steps.empty() || step > r.steps.back()) {
      r.steps.push_back(step);
      r.values.resize(names.size());
      for (auto& v : r.values) v.push_back(0);  // a community without a row this step has none
    } else if (step < r.steps.back()) {
      throw InputError(fmt::format("{}:{}: step {} after step {} of the same replicate", table.name(),
                                   table.line(row), step, r.steps.back()));
    }
    r.values[index.at(table.text(row, community_column))].back() = table.number(row, value_column);
  }
  RunCurves run = summarise(replicates, names, nullptr);  // a community's counts are states, whatever its name
  // The phases, from the run's time series when it has one.
  if (std::filesystem::exists(dir / "timeseries.csv")) {
    const std::string adopters = "adopters";
    std::vector<RunCurves> runs = from_timeseries(CsvTable::read(dir / "timeseries.csv"), std::span(&adopters, 1));
    if (!runs.empty()) run.phases = runs.front().phases;
  }
  return run;
}

}  // namespace koubei
