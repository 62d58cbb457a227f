#include "koubei/batch/sweep.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace {

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
  // Whole numbers stay whole (seeds, rng-seed: 1e12 would not parse back).
  auto from_int = parse_int64(text.substr(0, first));
  auto to_int = parse_int64(text.substr(first + 1, second - first - 1));
  auto step_int = parse_int64(text.substr(second + 1));
  if (from_int && to_int && step_int) {
    for (std::int64_t v = *from_int; v <= *to_int; v += *step_int) {
      values.push_back(std::to_string(v));
      if (*to_int - v < *step_int) break;  // no overflow past TO
    }
    return values;
  }
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
  std::string key;
  if (eq != std::string_view::npos) key = std::string(trim(text.substr(0, eq)));
  if (key.empty())
    throw InputError(fmt::format("--vary '{}': expected key=v1;v2 or key=FROM:TO:STEP", text));
  const std::string_view body = text.substr(eq + 1);
  std::vector<std::string> values = range_values(body);
  if (values.empty()) {
    for (std::size_t start = 0; start <= body.size();) {
      const std::size_t end = std::min(body.find(';', start), body.size());
      if (std::string value(trim(body.substr(start, end - start))); !value.empty())
        values.push_back(std::move(value));
      start = end + 1;
    }
  }
  if (values.empty()) throw InputError(fmt::format("--vary '{}': no values for {}", text, key));
  SweepAxis axis;
  axis.keys = {key};
  for (std::string& value : values) axis.rows.push_back({std::move(value)});
  return axis;
}

SweepAxis SweepAxis::read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("--vary-file '{}': cannot open it", path.string()));
  SweepAxis axis;
  axis.from_file = true;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (number == 1) remove_bom(line);
    if (trim(line).empty() || line.front() == '#') continue;
    auto fields = split_csv_line(line);
    const std::string where = fmt::format("--vary-file {}:{}", path.string(), number);
    if (!fields) throw InputError(fmt::format("{}: a quote is not closed where it should be", where));
    for (std::string& field : *fields) field = std::string(trim(field));
    if (axis.keys.empty()) {
      for (const std::string& key : *fields)
        if (key.empty()) throw InputError(fmt::format("{}: the header has an empty key", where));
      axis.keys = std::move(*fields);
      continue;
    }
    if (fields->size() != axis.keys.size())
      throw InputError(fmt::format("{}: {} values, expected {} (one per key: {})", where,
                                   fields->size(), axis.keys.size(), fmt::join(axis.keys, ", ")));
    axis.rows.push_back(std::move(*fields));
  }
  if (axis.rows.empty())
    throw InputError(fmt::format("--vary-file '{}': expected a header of keys and at least one "
                                 "row of values",
                                 path.string()));
  return axis;
}

SweepTimeseries parse_sweep_timeseries(std::string_view text) {
  if (text == "none") return SweepTimeseries::kNone;
  if (text == "aggregate") return SweepTimeseries::kAggregate;
  if (text == "all") return SweepTimeseries::kAll;
  throw InputError(fmt::format("--timeseries '{}': expected all, none or aggregate", text));
}

SweepSlice SweepSlice::parse(std::string_view text) {
  const auto slash = text.find('/');
  auto index = parse_uint64(text.substr(0, slash));
  auto count = slash == std::string_view::npos ? std::nullopt : parse_uint64(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count || *count > 1'000'000)
    throw InputError(fmt::format("--slice '{}': expected I/N with 0 <= I < N", text));
  return {static_cast<std::uint32_t>(*index), static_cast<std::uint32_t>(*count)};
}

std::vector<std::string> SweepDefinition::keys() const {
  std::vector<std::string> keys;
  for (const SweepAxis& axis : axes) keys.insert(keys.end(), axis.keys.begin(), axis.keys.end());
  return keys;
}

std::uint32_t SweepDefinition::point_count() const {
  std::uint64_t count = 1;
  for (const SweepAxis& axis : axes) {
    count *= axis.rows.size();
    if (count > 10'000'000) throw InputError("the sweep has more than 10 million points");
  }
  return static_cast<std::uint32_t>(count);
}

SweepPoint SweepDefinition::point(std::uint32_t index) const {
  SweepPoint point;
  point.index = index;
  std::vector<std::size_t> at(axes.size(), 0);  // the row of each axis, last axis fastest
  std::uint64_t rest = index;
  for (std::size_t a = axes.size(); a-- > 0;) {
    at[a] = static_cast<std::size_t>(rest % axes[a].rows.size());
    rest /= axes[a].rows.size();
  }
  std::vector<std::pair<std::string, std::string>> settings;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const std::vector<std::string>& row = axes[a].rows[at[a]];
    for (std::size_t k = 0; k < row.size(); ++k) {
      point.values.push_back(row[k]);
      settings.emplace_back(axes[a].keys[k], row[k]);
    }
  }
  point.config = base.with(settings, fmt::format("sweep point {}", index)).scaled();
  return point;
}

void SweepDefinition::check_points() const {
  for (std::uint32_t p = 0, count = point_count(); p < count; ++p) {
    if ((p & 0x3FF) == 0) throw_if_interrupted();  // a large grid takes seconds
    point(p);
  }
}

std::vector<SweepPoint> SweepDefinition::points() const {
  std::vector<SweepPoint> points;
  for (std::uint32_t p = 0, count = point_count(); p < count; ++p) points.push_back(point(p));
  return points;
}

std::string SweepDefinition::to_ini() const {
  std::string text = fmt::format("# koubei {} sweep, resolved definition\n", kVersion);
  // Before the base scenario, whose model sections would claim these keys.
  text += fmt::format("timeseries = {}\n", timeseries == SweepTimeseries::kNone ? "none"
                                            : timeseries == SweepTimeseries::kAll ? "all"
                                                                                    : "aggregate");
  text += fmt::format("record-every = {}\nslice = {}/{}\n", record_every, slice.index, slice.count);
  for (const SweepAxis& axis : axes) {
    if (!axis.from_file) {
      std::vector<std::string> values;
      for (const auto& row : axis.rows) values.push_back(row[0]);
      text += fmt::format("vary = {}={}\n", axis.keys[0], fmt::join(values, ";"));
      continue;
    }
    std::vector<std::string> keys;
    for (const std::string& key : axis.keys) keys.push_back(csv_quote(key));
    text += fmt::format("# vary-file, not read back: {}\n", fmt::join(keys, ","));
    for (const auto& row : axis.rows) {
      std::vector<std::string> fields;
      for (const std::string& value : row) fields.push_back(csv_quote(value));
      text += fmt::format("#   {}\n", fmt::join(fields, ","));
    }
  }
  // The base scenario, less what does not change the files.
  std::istringstream base_ini(base.to_ini());
  for (std::string line; std::getline(base_ini, line);) {
    if (line.starts_with("threads =") || line.starts_with("out =") || line.starts_with("# koubei"))
      continue;
    text += line + '\n';
  }
  return text;
}


std::string sweep_summary(const SweepDefinition& sweep, const SweepOutcome& outcome) {
  if (outcome.points.empty()) return {};
  const std::vector<std::string> keys = sweep.keys();
  std::vector<std::size_t> width;
  for (const std::string& key : keys) width.push_back(key.size());
  for (const SweepPointResult& p : outcome.points)
    for (std::size_t k = 0; k < p.values.size() && k < width.size(); ++k)
      width[k] = std::max(width[k], p.values[k].size());
  std::string out = fmt::format("{:>5}", "point");
  for (std::size_t k = 0; k < keys.size(); ++k) out += fmt::format("  {:<{}}", keys[k], width[k]);
  out += fmt::format("  {:>24}  {:>8}\n", "final adopters (95% CI)", "of users");
  for (const SweepPointResult& p : outcome.points) {
    out += fmt::format("{:>5}", p.point);
    for (std::size_t k = 0; k < p.values.size() && k < width.size(); ++k)
      out += fmt::format("  {:<{}}", p.values[k], width[k]);
    const Estimate& e = p.final_adopters;
    if (e.n == 0) {
      out += fmt::format("  {:>24}  {:>8}\n", "all failed", "");
      continue;
    }
    out += fmt::format("  {:>24}  {:>7.2f}%\n", fmt::format("{:.1f} ± {:.1f}", e.mean, (e.hi - e.lo) / 2),
                       p.nodes ? 100.0 * e.mean / static_cast<double>(p.nodes) : 0.0);
  }
  return out;
}

}  // namespace koubei
