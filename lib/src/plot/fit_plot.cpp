// fit: the observed targets against the fitted model's 95% band
// (validation.csv: fresh replicates of the best point). When every target
// is one time-series column at several steps, as a curve over the steps;
// otherwise one small panel per target, each on its own scale.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "drawings.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/csv_table.hpp"
#include "koubei/plot/gnuplot.hpp"
#include "koubei/plot/text.hpp"

namespace koubei {
namespace {

constexpr std::string_view kModel = "#08306b", kObserved = "#b2182b";

/// "adopters@365" -> ("adopters", 365); none for another name.
std::optional<std::pair<std::string, double>> column_at_step(const std::string& name) {
  const std::size_t at = name.find('@');
  if (at == std::string::npos || at == 0) return std::nullopt;
  const std::optional<double> step = axis_position(std::string_view(name).substr(at + 1));
  if (!step || name.find_first_of(":=,", at) != std::string::npos) return std::nullopt;
  return std::pair{name.substr(0, at), *step};
}

/// The largest of the values, for an axis from 0.
double highest(std::initializer_list<double> values) {
  double top = 0;
  for (double v : values)
    if (std::isfinite(v)) top = std::max(top, v);
  return top;
}

}  // namespace

Drawing draw_fit(const fs::path& dir, const Canvas& canvas) {
  if (!fs::exists(dir / "validation.csv"))
    throw InputError(fmt::format("'{}' holds no validation.csv: plot the output directory of koubei fit", dir.string()));
  const CsvTable table = CsvTable::read(dir / "validation.csv");
  if (table.rows() == 0) throw InputError(fmt::format("{}: no targets", table.name()));
  const std::size_t target = table.column("target"), observed = table.column("observed"),
                    mean = table.column("mean"), lo = table.column("lo"), hi = table.column("hi");
  std::vector<std::optional<std::pair<std::string, double>>> steps;
  bool one_curve = table.rows() >= 2;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    steps.push_back(column_at_step(table.text(r, target)));
    one_curve = one_curve && steps.back() && steps.back()->first == steps.front()->first;
  }
  Drawing out;
  std::string& s = out.script;
  const std::string data = gnuplot_quote(canvas.data);
  const std::string title = fmt::format("{}: observed targets and the fitted model (mean and 95% interval of "
                                        "fresh replicates of the best point)",
                                        directory_name(dir));
  if (one_curve) {
    std::vector<std::size_t> order(table.rows());
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return steps[a]->second < steps[b]->second; });
    out.data = "# block 0: step observed mean lo hi\n";
    double top = 0, last = 0;
    for (std::size_t r : order) {
      out.data += fmt::format("{} {} {} {} {}\n", steps[r]->second, table.number(r, observed), table.number(r, mean),
                              table.number(r, lo), table.number(r, hi));
      top = std::max(top, highest({table.number(r, observed), table.number(r, hi)}));
      last = std::max(last, steps[r]->second);
    }
    const std::string& column = steps.front()->first;
    s += script_head(canvas, "fit", dir,
                     fmt::format("{}: {} observed and fitted (mean and 95% interval of the validation replicates)",
                                 directory_name(dir), column),
                     "step", column);
    const std::vector<Tick> y = ticks_to(top), x = ticks_to(last);
    s += fmt::format("set xrange [0:{}]\nset yrange [0:{}]\n", std::max(last, x.back().value),
                     std::max(top, y.back().value));
    s += tics("xtics", x) + tics("ytics", y);
    s += "set style fill transparent solid 0.25 noborder\n";
    s += plot_command(
        {fmt::format("{} index 0 using 1:4:5 with filledcurves linecolor rgb {} title 'model, 95% interval'", data,
                     gnuplot_quote(kModel)),
         fmt::format("{} index 0 using 1:3 with linespoints linewidth 2 pointtype 7 pointsize 0.6 linecolor rgb {} "
                     "title 'model, mean'",
                     data, gnuplot_quote(kModel)),
         fmt::format("{} index 0 using 1:2 with points pointtype 9 pointsize 1.6 linecolor rgb {} title 'observed'",
                     data, gnuplot_quote(kObserved))});
    return out;
  }
  // One panel per target: x 0 the observed value, x 1 the model.
  const std::size_t n = table.rows();
  const std::size_t columns = std::min<std::size_t>(n, 4), rows = (n + columns - 1) / columns;
  for (std::size_t r = 0; r < n; ++r)
    out.data += fmt::format("# block {}: {}: position value lo hi\n0 {} {} {}\n1 {} {} {}\n\n\n", r,
                            clean_text(table.text(r, target)), table.number(r, observed), table.number(r, observed),
                            table.number(r, observed), table.number(r, mean), table.number(r, lo), table.number(r, hi));
  s += script_head(canvas, "fit", dir, title, "", "");
  s += "unset key\nset style fill solid 1.0\n";
  s += "set xrange [-0.6:1.6]\nset xtics ('observed' 0, 'model' 1)\n";
  s += fmt::format("set multiplot layout {},{} title {} margins 0.08,0.98,0.1,0.86 spacing 0.08,0.16\n", rows,
                   columns, gnuplot_quote(title));
  s += "unset title\n";
  for (std::size_t r = 0; r < n; ++r) {
    const double top = highest({table.number(r, observed), table.number(r, hi), table.number(r, mean)});
    const std::vector<Tick> y = ticks_to(top);
    s += fmt::format("set title {} font ',10'\n", gnuplot_quote(table.text(r, target)));
    s += fmt::format("set yrange [0:{}]\n", std::max(top, y.back().value)) + tics("ytics", y);
    s += plot_command({fmt::format("{} index {} every ::0::0 using 1:2 with points pointtype 9 pointsize 1.8 "
                                   "linecolor rgb {} notitle",
                                   data, r, gnuplot_quote(kObserved)),
                       fmt::format("{} index {} every ::1::1 using 1:2:3:4 with yerrorbars linewidth 2 pointtype 7 "
                                   "pointsize 1.0 linecolor rgb {} notitle",
                                   data, r, gnuplot_quote(kModel))});
  }
  s += "unset multiplot\n";
  return out;
}

}  // namespace koubei
