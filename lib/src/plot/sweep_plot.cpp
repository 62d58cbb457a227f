// sweep: each point's final adopters (the mean over its replicates with
// the 95% interval) against the first varied key, one line per value of
// the others. A value that is a number, or a spec with one number in it
// (`const:0.1`, `random:k=50`), sits at that number; any other makes the
// axis categorical, in the order of points.csv.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "drawings.hpp"
#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/csv_table.hpp"
#include "koubei/plot/gnuplot.hpp"
#include "koubei/plot/text.hpp"

namespace koubei {

namespace {

struct Line {
  std::string label;
  std::vector<std::size_t> points;  // rows of points.csv, in x order
};

}  // namespace

Drawing draw_sweep(const fs::path& dir, const Canvas& canvas) {
  if (!fs::exists(dir / "points.csv"))
    throw InputError(fmt::format("'{}' holds no points.csv: plot the output directory of koubei sweep", dir.string()));
  const CsvTable points = CsvTable::read(dir / "points.csv");
  const CsvTable summary = CsvTable::read(dir / "summary.csv");
  if (points.header().size() < 2 || points.rows() == 0)
    throw InputError(fmt::format("{}: no varied key or no point", points.name()));
  const std::size_t point_column = points.column("point");

  // Per point: its replicates' final adopters, and the users.
  const std::size_t summary_point = summary.find("point") ? summary.column("point") : summary.column("run");
  const std::size_t final_column = summary.column("final_adopters"), nodes_column = summary.column("nodes");
  std::map<double, std::vector<double>> finals;
  std::optional<double> nodes;
  bool same_nodes = true;
  for (std::size_t row = 0; row < summary.rows(); ++row) {
    finals[summary.number(row, summary_point)].push_back(summary.number(row, final_column));
    const double n = summary.number(row, nodes_column);
    if (nodes && *nodes != n) same_nodes = false;
    nodes = n;
  }

  // The keys: the first that varies is the x axis; the others make lines.
  std::vector<std::size_t> varied;
  for (std::size_t k = 0; k < points.header().size(); ++k) {
    if (k == point_column) continue;
    for (std::size_t row = 1; row < points.rows(); ++row)
      if (points.text(row, k) != points.text(0, k)) {
        varied.push_back(k);
        break;
      }
  }
  if (varied.empty()) varied.push_back(point_column == 0 ? 1 : 0);
  const std::size_t x_key = varied.front();
  // Numeric when every value holds one number in one form ("const:X").
  std::optional<std::string> form = axis_form(points.text(0, x_key));
  bool numeric = form.has_value();
  for (std::size_t row = 1; row < points.rows() && numeric; ++row)
    numeric = axis_form(points.text(row, x_key)) == form;
  std::vector<std::string> categories;  // the x values in order, when not numeric
  std::vector<double> x(points.rows());
  for (std::size_t row = 0; row < points.rows(); ++row) {
    if (numeric) {
      x[row] = *axis_position(points.text(row, x_key));
      continue;
    }
    const std::string& v = points.text(row, x_key);
    auto at = std::find(categories.begin(), categories.end(), v);
    x[row] = static_cast<double>(at - categories.begin());
    if (at == categories.end()) categories.push_back(v);
  }
  std::vector<Line> lines;
  for (std::size_t row = 0; row < points.rows(); ++row) {
    std::string label;
    for (std::size_t i = 1; i < varied.size(); ++i)
      label += fmt::format("{}{} = {}", label.empty() ? "" : ", ", points.header()[varied[i]], points.text(row, varied[i]));
    auto at = std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.label == label; });
    if (at == lines.end()) at = lines.insert(lines.end(), Line{label, {}});
    at->points.push_back(row);
  }

  // One data block per line with a finished point (an empty block would
  // merge with the separator before it, and shift every later index).
  Drawing out;
  std::vector<std::string> titles;
  double top = 0;
  std::optional<double> left, right;
  for (Line& line : lines) {
    std::vector<std::size_t>& rows = line.points;
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::string block;
    for (std::size_t row : rows) {
      const double point = points.number(row, point_column);
      const auto found = finals.find(point);
      if (found == finals.end()) continue;  // every replicate failed
      const Estimate e = estimate(found->second);
      const double lo = std::isfinite(e.lo) ? e.lo : e.mean, hi = std::isfinite(e.hi) ? e.hi : e.mean;
      block += fmt::format("{} {} {} {} {} {}\n", x[row], e.mean, lo, hi, found->second.size(), point);
      top = std::max(top, hi);
      left = std::min(left.value_or(x[row]), x[row]);
      right = std::max(right.value_or(x[row]), x[row]);
    }
    if (block.empty()) continue;
    out.data += fmt::format("# block {}: {}: {} final_adopters_mean final_adopters_lo final_adopters_hi replicates "
                            "point\n",
                            titles.size(), clean_text(line.label.empty() ? "every point" : line.label),
                            clean_text(points.header()[x_key]));
    out.data += block + "\n\n";
    titles.push_back(line.label.empty() ? "final adopters" : line.label);
  }
  if (titles.empty()) throw InputError(fmt::format("'{}': no point has a finished replicate", dir.string()));
  if (titles.size() > kPalette.size())
    throw InputError(fmt::format("'{}': the values of {} make {} lines; the sweep plot draws at most {}",
                                 dir.string(), points.header()[varied[1]], titles.size(), kPalette.size()));

  std::string& s = out.script;
  const std::string key = points.header()[x_key];
  const std::string xlabel = numeric && *form != "X" ? fmt::format("{} ({})", key, *form) : key;
  s += script_head(canvas, "sweep", dir,
                   fmt::format("{}: final adopters against {}, mean over replicates with 95% interval",
                               directory_name(dir), key),
                   xlabel, "final adopters");
  const std::vector<Tick> y = ticks_to(top);
  const double y_top = std::max(top, y.back().value);
  s += fmt::format("set yrange [0:{}]\n", y_top) + tics("ytics", y);
  if (numeric) {
    const double span = *right > *left ? *right - *left : std::max(1.0, std::abs(*left));
    const double from = *left - 0.04 * span, to = std::max(*right, *left + span) + 0.04 * span;
    if (!std::isfinite(from) || !std::isfinite(to))
      throw InputError(fmt::format("'{}': the values of {} span more than a double holds", dir.string(), key));
    s += fmt::format("set xrange [{}:{}]\n", from, to) + tics("xtics", nice_ticks(*left, std::max(*right, *left + span), 8));
  } else {
    std::vector<Tick> ticks;
    for (std::size_t i = 0; i < categories.size(); ++i) ticks.push_back({static_cast<double>(i), categories[i]});
    s += fmt::format("set xrange [-0.5:{}]\n", categories.size() - 0.5) + tics("xtics", ticks);
    if (categories.size() > 6) s += "set xtics rotate by -30\n";
  }
  if (same_nodes && nodes && *nodes > 0) {
    // The share of the users on the right.
    const double share_top = y_top / *nodes * 100;
    std::vector<Tick> shares = nice_ticks(0, share_top, 6);
    for (Tick& t : shares) t = {t.value, t.label + "%"};
    s += fmt::format("set y2range [0:{}]\n", share_top) + tics("y2tics", shares);
    s += fmt::format("set y2label {}\nset border 11\n", gnuplot_quote(fmt::format("share of the {} users", with_thousands(*nodes))));
  }
  if (titles.size() == 1) s += "unset key\n";  // one line: the title and axes say what it is
  const std::string data = gnuplot_quote(canvas.data);
  std::vector<std::string> parts;
  for (std::size_t l = 0; l < titles.size(); ++l)
    parts.push_back(fmt::format("{} index {} using 1:2:3:4 with yerrorlines linewidth 2 dashtype {} pointtype 7 "
                                "pointsize 0.8 linecolor rgb {} title {}",
                                data, l, kPalette[l].dash, gnuplot_quote(kPalette[l].colour), gnuplot_quote(titles[l])));
  s += plot_command(parts);
  return out;
}

}  // namespace koubei
