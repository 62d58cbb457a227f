// compare: the adopters of each rule or seeding of a comparison over the
// steps, the mean over replicates in its 95% band (aggregate.csv, one run
// per row of comparison.csv).

#include <fmt/format.h>

#include <algorithm>

#include "drawings.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/csv_table.hpp"
#include "koubei/plot/gnuplot.hpp"

namespace koubei {

Drawing draw_compare(const fs::path& dir, const Canvas& canvas) {
  if (!fs::exists(dir / "comparison.csv"))
    throw InputError(fmt::format("'{}' holds no comparison.csv: plot the output directory of koubei compare",
                                 dir.string()));
  const CsvTable table = CsvTable::read(dir / "comparison.csv");
  const std::string adopters = "adopters";
  std::vector<RunCurves> runs = read_run_curves(dir, std::span(&adopters, 1));
  if (runs.size() != table.rows())
    throw InputError(fmt::format("'{}': aggregate.csv holds {} rows of the comparison, comparison.csv {}",
                                 dir.string(), runs.size(), table.rows()));
  if (runs.size() > kPalette.size())
    throw InputError(fmt::format("'{}' compares {} rules and seedings: the plot shows at most {}", dir.string(),
                                 runs.size(), kPalette.size()));
  const std::size_t rule = table.column("rule"), seeding = table.column("seeding");
  // A label says what differs: the rule, the seeding, or both.
  bool rules_differ = false, seedings_differ = false;
  for (std::size_t r = 1; r < table.rows(); ++r) {
    rules_differ = rules_differ || table.text(r, rule) != table.text(0, rule);
    seedings_differ = seedings_differ || table.text(r, seeding) != table.text(0, seeding);
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    if (rules_differ && seedings_differ) {
      runs[r].label = table.text(r, rule) + ", " + table.text(r, seeding);
    } else {
      runs[r].label = seedings_differ ? table.text(r, seeding) : table.text(r, rule);
    }
  }
  Drawing out;
  double top = 0, last = 1;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    out.data += curve_block(runs[r], r, fmt::format("row {} ({})", r, runs[r].label));
    for (double v : runs[r].curves.front().hi) top = std::max(top, v);
    last = std::max(last, runs[r].steps.back());
  }
  std::string& s = out.script;
  std::string same;
  if (!rules_differ) same = fmt::format(" (rule {})", table.text(0, rule));
  else if (!seedings_differ) same = fmt::format(" (seeds {})", table.text(0, seeding));
  s += script_head(canvas, "comparison", dir,
                   fmt::format("{}: adopters by {}{}, mean and 95% band", directory_name(dir),
                               rules_differ && seedings_differ ? "rule and seeding" : seedings_differ ? "seeding" : "rule",
                               same),
                   "step", "adopters");
  const std::vector<Tick> y = ticks_to(top);
  s += fmt::format("set xrange [0:{}]\nset yrange [0:{}]\n", last, std::max(top, y.back().value));
  s += tics("xtics", ticks_to(last)) + tics("ytics", y);
  s += "set style fill transparent solid 0.18 noborder\n";
  const std::string data = gnuplot_quote(canvas.data);
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < runs.size(); ++r)
    parts.push_back(fmt::format("{} index {} using 1:3:4 with filledcurves linecolor rgb {} notitle", data, r,
                                gnuplot_quote(kPalette[r].colour)));
  for (std::size_t r = 0; r < runs.size(); ++r)
    parts.push_back(fmt::format("{} index {} using 1:2 with lines linewidth 2.2 dashtype {} linecolor rgb {} title {}",
                                data, r, kPalette[r].dash, gnuplot_quote(kPalette[r].colour),
                                gnuplot_quote(runs[r].label)));
  s += plot_command(parts);
  return out;
}

}  // namespace koubei
