#include "koubei/batch/sweep.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <memory>
#include <system_error>

#include "koubei/batch/aggregate.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {
namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

// "FROM:TO:STEP" with numbers, or nothing.
std::vector<std::string> range_values(std::string_view text) {
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos || text.find(':', second + 1) != std::string_view::npos)
    return {};
  auto from = parse_double(text.substr(0, first));
  auto to = parse_double(text.substr(first + 1, second - first - 1));
  auto step = parse_double(text.substr(second + 1));
  if (!from || !to || !step) return {};
  if (!(*step > 0) || *to < *from || (*to - *from) / *step > 1e6)
    throw InputError(
        fmt::format("--vary range '{}': expected FROM:TO:STEP with FROM <= TO and "
                    "STEP > 0, at most a million values",
                    text));
  std::vector<std::string> values;
  // Counting steps (not adding them up) and printing 12 digits keeps
  // 0.1:0.3:0.1 at 0.1, 0.2, 0.3.
  const auto count = static_cast<std::int64_t>(std::floor((*to - *from) / *step + 1e-9));
  for (std::int64_t i = 0; i <= count; ++i)
    values.push_back(fmt::format("{:.12g}", *from + static_cast<double>(i) * *step));
  return values;
}

}  // namespace

SweepAxis SweepAxis::parse(std::string_view text) {
  const auto eq = text.find('=');
  SweepAxis axis;
  if (eq != std::string_view::npos) axis.key = trim(text.substr(0, eq));
  if (axis.key.empty())
    throw InputError(fmt::format("--vary '{}': expected key=v1;v2 or key=FROM:TO:STEP", text));
  const std::string_view body = text.substr(eq + 1);
  axis.values = range_values(body);
  if (axis.values.empty()) {
    for (std::size_t start = 0; start <= body.size();) {
      const std::size_t end = std::min(body.find(';', start), body.size());
      if (std::string value = trim(body.substr(start, end - start)); !value.empty())
        axis.values.push_back(std::move(value));
      start = end + 1;
    }
  }
  if (axis.values.empty())
    throw InputError(fmt::format("--vary '{}': no values for {}", text, axis.key));
  return axis;
}

SweepTimeseries parse_sweep_timeseries(std::string_view text) {
  if (text == "none") return SweepTimeseries::kNone;
  if (text == "aggregate") return SweepTimeseries::kAggregate;
  if (text == "all") return SweepTimeseries::kAll;
  throw InputError(fmt::format("--timeseries '{}': expected all, none or aggregate", text));
}

std::vector<SweepPoint> SweepDefinition::points() const {
  std::uint64_t count = 1;
  for (const SweepAxis& axis : axes) {
    count *= axis.values.size();
    if (count > 10'000'000) throw InputError("the sweep has more than 10 million points");
  }
  std::vector<SweepPoint> points;
  std::vector<std::size_t> at(axes.size(), 0);  // odometer, last axis fastest
  for (std::uint64_t p = 0; p < count; ++p) {
    SweepPoint point;
    point.index = static_cast<std::uint32_t>(p);
    std::vector<std::pair<std::string, std::string>> settings;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      point.values.push_back(axes[a].values[at[a]]);
      settings.emplace_back(axes[a].key, axes[a].values[at[a]]);
    }
    point.config = base.with(settings, fmt::format("sweep point {}", p));
    points.push_back(std::move(point));
    for (std::size_t a = axes.size(); a-- > 0;) {
      if (++at[a] < axes[a].values.size()) break;
      at[a] = 0;
    }
  }
  return points;
}

void run_sweep(const SweepDefinition& sweep,
               const std::function<void(const SweepPoint&, const RunReport&)>& on_point) {
  const std::vector<SweepPoint> points = sweep.points();
  GraphCache graphs;
  for (const SweepPoint& point : points) {
    spdlog::info("point {}/{}: {}", point.index + 1, points.size(), fmt::join(point.values, ", "));
    RunReport report;
    report.config = point.config.scaled();
    const RunConfig& c = report.config;
    report.scenario = Scenario::prepare(c, &graphs);
    const Graph& graph = *report.scenario.graph;
    ReplicateRange range{c.rng_seed, c.first_replicate(), c.last_replicate(),
                         static_cast<std::uint32_t>(c.steps), c.trace};
    report.batch = run_replicates(graph, *report.scenario.rule, report.scenario.seeds, range,
                                  c.thread_count(), report.scenario.model.get());
    report.description = {point.index, c.rng_seed, report.scenario.rule->spec(), graph.num_nodes(),
                          graph.num_arcs()};
    on_point(point, report);
  }
}

void run_sweep_to(const std::filesystem::path& dir, const SweepDefinition& sweep) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw InputError(fmt::format("cannot create output directory '{}': {}", dir.string(),
                                 ec ? ec.message() : "not a directory"));
  }
  std::string points = "point", summary, aggregate = aggregate_header(), timeseries;
  for (const SweepAxis& axis : sweep.axes) {
    points += ',';
    points += csv_quote(axis.key);
  }
  points += '\n';
  run_sweep(sweep, [&](const SweepPoint& point, const RunReport& report) {
    CsvRow row(points);
    row.number(point.index);
    for (const std::string& value : point.values) row.text(value);
    row.end();
    const auto results = std::span<const ReplicateResult>(report.batch.replicates);
    summary += summary_csv(report.description, results, point.index == 0);
    if (sweep.timeseries != SweepTimeseries::kNone)
      aggregate += aggregate_rows(point.index, results);
    if (sweep.timeseries == SweepTimeseries::kAll)
      timeseries += timeseries_csv(report.description, results, point.index == 0);
  });
  std::vector<std::unique_ptr<AtomicFile>> files;
  auto add = [&](const char* name, const std::string& data) {
    files.push_back(std::make_unique<AtomicFile>(dir / name));
    files.back()->write(data);
  };
  add("points.csv", points);
  add("summary.csv", summary);
  if (sweep.timeseries != SweepTimeseries::kNone) add("aggregate.csv", aggregate);
  if (sweep.timeseries == SweepTimeseries::kAll) add("timeseries.csv", timeseries);
  std::string ini = sweep.base.to_ini();
  std::string vary;
  for (const SweepAxis& axis : sweep.axes)
    vary += fmt::format("# vary {} = {}\n", axis.key, fmt::join(axis.values, ";"));
  add("config.ini", vary + ini);
  for (auto& file : files) file->commit();
}

}  // namespace koubei
