#include "koubei/fit/targets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "koubei/batch/aggregate.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/text_file.hpp"
#include "koubei/state/step_context.hpp"

namespace koubei {
namespace {

/// summary.csv's columns a fit can aim at, and whether --scale multiplies them.
struct SummaryColumn {
  std::string_view name;
  bool scales;
};
constexpr std::array<SummaryColumn, 11> kSummaryColumns = {{{"seeds", true},
                                                            {"steps", false},
                                                            {"final_adopters", true},
                                                            {"final_churned", true},
                                                            {"total_cost", true},
                                                            {"final_aware", true},
                                                            {"final_promoters", true},
                                                            {"ever_adopted", true},
                                                            {"t_10pct", false},
                                                            {"t_50pct", false},
                                                            {"cost_per_retained", false}}};

std::optional<std::size_t> timeseries_column(std::string_view name) {
  const auto columns = aggregate_columns();
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (name == columns[c]) return c;
  return std::nullopt;
}

std::optional<std::size_t> channel_index(std::string_view name) {
  for (std::size_t c = 0; c < std::size(kChannelNames); ++c)
    if (name == kChannelNames[c]) return c;
  return std::nullopt;
}

std::string names_of_timeseries() {
  std::string out;
  for (const char* c : aggregate_columns()) out += fmt::format("{}{}", out.empty() ? "" : ", ", c);
  return out;
}

std::string names_of_summary() {
  std::string out;
  for (const SummaryColumn& c : kSummaryColumns)
    out += fmt::format("{}{}", out.empty() ? "" : ", ", c.name);
  return out;
}

}  // namespace

std::string Target::name() const {
  switch (kind) {
    case Kind::kTimeseries:
      return fmt::format("{}@{}", column, step);
    case Kind::kSummary:
      return column;
    case Kind::kShare:
      return fmt::format("share_{}@{}={}:{}", column, by_adopters ? "adopters" : "steps", from, to);
  }
  return column;
}

bool Target::scales() const {
  switch (kind) {
    case Kind::kTimeseries:
      return true;
    case Kind::kSummary:
      for (const SummaryColumn& c : kSummaryColumns)
        if (c.name == column) return c.scales;
      return false;
    case Kind::kShare:
      return false;
  }
  return false;
}

double Target::measure(const ReplicateRecord& record) const {
  const std::vector<StepRecord>& steps = record.steps;
  switch (kind) {
    case Kind::kTimeseries: {
      const std::size_t c = *timeseries_column(column);
      const auto at = std::lower_bound(steps.begin(), steps.end(), step,
                                       [](const StepRecord& s, std::uint64_t t) { return s.step < t; });
      if (at == steps.end()) return aggregate_value(steps.back(), c, true);
      if (at->step != step) throw InputError(fmt::format("target {}: step {} was not kept", name(), step));
      return aggregate_value(*at, c, false);
    }
    case Kind::kSummary: {
      const ReplicateSummary& s = record.summary;
      const auto last = static_cast<double>(s.steps);
      if (column == "seeds") return static_cast<double>(s.seeds);
      if (column == "steps") return last;
      if (column == "final_adopters") return static_cast<double>(s.final_counts.adopters);
      if (column == "final_churned") return static_cast<double>(s.final_counts.churned);
      if (column == "total_cost") return s.total_cost;
      if (column == "final_aware") return static_cast<double>(s.final_counts.aware);
      if (column == "final_promoters") return static_cast<double>(s.final_counts.promoters);
      if (column == "ever_adopted") return static_cast<double>(s.ever_adopted);
      // Never reached (no adopters at the end): the last step.
      if (column == "t_10pct") return s.t_10pct < 0 ? last : static_cast<double>(s.t_10pct);
      if (column == "t_50pct") return s.t_50pct < 0 ? last : static_cast<double>(s.t_50pct);
      if (column == "cost_per_retained")
        return s.final_counts.adopters == 0 ? 0.0 : s.total_cost / static_cast<double>(s.final_counts.adopters);
      throw InputError(fmt::format("target {}: unknown summary column", name()));
    }
    case Kind::kShare: {
      const std::size_t c = *channel_index(column);
      double mine = 0, all = 0, before = 0;  // adoptions before the step, for adopter windows
      for (const StepRecord& s : steps) {
        const auto adopted = static_cast<double>(s.transitions.new_adopters);
        const auto by_channel = static_cast<double>(s.channels.adoptions[c]);
        if (by_adopters) {
          const double overlap = std::min(to, before + adopted) - std::max(from, before);
          if (overlap > 0 && adopted > 0) {
            all += overlap;
            mine += overlap * by_channel / adopted;
          }
          before += adopted;
          if (before >= to) break;
        } else if (static_cast<double>(s.step) >= from && static_cast<double>(s.step) <= to) {
          all += adopted;
          mine += by_channel;
        }
      }
      return all > 0 ? mine / all : 0.0;
    }
  }
  return 0;
}

double Target::loss(double simulated) const {
  if (weight == 0) return 0;  // not 0 x inf
  const double scale = tolerance ? *tolerance : observed;
  const double error = (simulated - observed) / scale;
  return weight * error * error;
}

std::vector<Target> parse_targets(std::string_view text, std::string_view name, double scale,
                                  std::uint64_t steps) {
  std::vector<Target> targets;
  std::vector<std::string> header;
  std::uint32_t line_number = 0;
  auto fail = [&](const std::string& message) {
    return InputError(fmt::format("{}:{}: {}", name, line_number, message));
  };
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line_number == 1) remove_bom(line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || trim(line).starts_with('#')) continue;
    const auto fields = split_csv_line(line);
    if (!fields) throw fail("a quote is not closed, or text follows a closing quote");
    if (header.empty()) {
      for (const std::string& f : *fields) {
        const std::string key(trim(f));
        if (key != "kind" && key != "column" && key != "window" && key != "observed" &&
            key != "weight" && key != "tolerance")
          throw fail(fmt::format("unknown column '{}' in the header (expected kind, column, "
                                 "window, observed, and optionally weight and tolerance)",
                                 key));
        if (std::find(header.begin(), header.end(), key) != header.end())
          throw fail(fmt::format("column '{}' twice in the header", key));
        header.push_back(key);
      }
      for (const char* needed : {"kind", "column", "observed"})
        if (std::find(header.begin(), header.end(), needed) == header.end())
          throw fail(fmt::format("the header has no column '{}'", needed));
      continue;
    }
    if (fields->size() > header.size())
      throw fail(fmt::format("{} fields where the header has {}", fields->size(), header.size()));
    auto field = [&](std::string_view key) -> std::string {
      for (std::size_t i = 0; i < header.size() && i < fields->size(); ++i)
        if (header[i] == key) return std::string(trim((*fields)[i]));
      return {};
    };
    auto number = [&](std::string_view key, const std::string& value, double lo, double hi) {
      const auto x = parse_double(value);
      if (!x || !std::isfinite(*x))
        throw fail(fmt::format("{} '{}' is not a number", key, value));
      if (*x < lo || *x > hi) throw fail(fmt::format("{} = {} is outside [{}, {}]", key, value, lo, hi));
      return *x;
    };
    Target t;
    t.line = line_number;
    const std::string kind = field("kind");
    t.column = field("column");
    const std::string window = field("window");
    if (kind == "timeseries") {
      t.kind = Target::Kind::kTimeseries;
      if (!timeseries_column(t.column))
        throw fail(fmt::format("unknown time-series column '{}' (one of {})", t.column,
                               names_of_timeseries()));
      if (!window.starts_with("step="))
        throw fail(fmt::format("a timeseries target needs window step=N, not '{}'", window));
      const auto s = parse_uint64(std::string_view(window).substr(5));
      if (!s) throw fail(fmt::format("window '{}': N is not a whole number", window));
      if (steps > 0 && *s > steps)
        throw fail(fmt::format("window '{}' is past the scenario's last step ({})", window, steps));
      t.step = *s;
    } else if (kind == "summary") {
      t.kind = Target::Kind::kSummary;
      if (std::none_of(kSummaryColumns.begin(), kSummaryColumns.end(),
                       [&](const SummaryColumn& c) { return c.name == t.column; }))
        throw fail(fmt::format("unknown summary column '{}' (one of {})", t.column, names_of_summary()));
      if (!window.empty()) throw fail(fmt::format("a summary target takes no window ('{}')", window));
    } else if (kind == "share") {
      t.kind = Target::Kind::kShare;
      if (!channel_index(t.column))
        throw fail(fmt::format("unknown channel '{}' (one of seed, referral, forum, microblog, ads)",
                               t.column));
      const auto equals = window.find('=');
      const std::string by = window.substr(0, equals);
      const auto colon = window.find(':');
      if (equals == std::string::npos || colon == std::string::npos || colon < equals ||
          (by != "steps" && by != "adopters"))
        throw fail(fmt::format("a share target needs window steps=A:B or adopters=A:B, not '{}'", window));
      t.by_adopters = by == "adopters";
      t.from = number("window start", window.substr(equals + 1, colon - equals - 1), 0, 1e18);
      t.to = number("window end", window.substr(colon + 1), 0, 1e18);
      if (t.by_adopters ? !(t.from < t.to) : !(t.from <= t.to))
        throw fail(fmt::format("window '{}': A must be below B{}", window, t.by_adopters ? "" : " or equal"));
      if (!t.by_adopters && steps > 0 && t.from > static_cast<double>(steps))
        throw fail(fmt::format("window '{}' is past the scenario's last step ({})", window, steps));
      if (!t.by_adopters && (t.from != std::floor(t.from) || t.to != std::floor(t.to)))
        throw fail(fmt::format("window '{}': steps are whole numbers", window));
      if (t.by_adopters) {
        t.from *= scale;
        t.to *= scale;
      }
    } else {
      throw fail(fmt::format("unknown kind '{}' (timeseries, summary or share)", kind));
    }
    t.observed = number("observed", field("observed"), -1e300, 1e300);
    if (t.kind == Target::Kind::kShare && (t.observed < 0 || t.observed > 1))
      throw fail(fmt::format("a share is in [0, 1], not {}", t.observed));
    if (const std::string w = field("weight"); !w.empty()) t.weight = number("weight", w, 0, 1e300);
    if (const std::string tol = field("tolerance"); !tol.empty()) {
      t.tolerance = number("tolerance", tol, 0, 1e300);
      if (*t.tolerance == 0) throw fail("tolerance = 0: give a positive tolerance, or none");
    }
    if (t.scales()) {
      t.observed *= scale;
      if (t.tolerance) *t.tolerance *= scale;
    }
    if (!t.tolerance && t.observed == 0)
      throw fail("observed 0 with no tolerance: the relative error is undefined; give a tolerance");
    targets.push_back(std::move(t));
  }
  if (header.empty()) throw InputError(fmt::format("{}: no header row (kind,column,window,observed,...)", name));
  if (targets.empty()) throw InputError(fmt::format("{}: no targets after the header", name));
  return targets;
}

std::vector<Target> read_targets(const std::filesystem::path& path, double scale, std::uint64_t steps) {
  return parse_targets(read_text_file(path), path.string(), scale, steps);
}

}  // namespace koubei
