// communities: adopters per community over the steps (the `open` phase
// carrying the product across languages is the MIUI story's point), the
// mean over replicates in its 95% band, the phases shaded.

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "drawings.hpp"
#include "koubei/plot/gnuplot.hpp"

namespace koubei {

Drawing draw_communities(const fs::path& dir, const Canvas& canvas) {
  RunCurves run = read_community_curves(dir, "adopters");
  // The communities with the most adopters at the end, when there are more
  // than the palette's colours; the title says how many are left out.
  const std::size_t total = run.curves.size();
  if (total > kPalette.size()) {
    std::vector<std::size_t> order(total);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return run.curves[a].mean.back() > run.curves[b].mean.back();
    });
    order.resize(kPalette.size());
    std::sort(order.begin(), order.end());
    std::vector<Curve> kept;
    for (std::size_t i : order) kept.push_back(std::move(run.curves[i]));
    run.curves = std::move(kept);
  }
  Drawing out;
  out.data = curve_block(run, 0, "adopters per community");
  double top = 0;
  for (const Curve& c : run.curves)
    for (double v : c.hi) top = std::max(top, v);
  const double last = std::max(run.steps.back(), 1.0);

  std::string& s = out.script;
  std::string title = fmt::format("{}: adopters per community, mean of {} replicate{} and its 95% band",
                                  directory_name(dir), run.replicates, run.replicates == 1 ? "" : "s");
  if (total > run.curves.size())
    title += fmt::format(" ({} of {} communities: those with the most)", run.curves.size(), total);
  s += script_head(canvas, "communities", dir, title, step_axis(run), "adopters");
  s += "set tmargin 4.5\nset title offset 0,1.2\n";
  const std::vector<Tick> y = ticks_to(top);
  s += fmt::format("set xrange [0:{}]\nset yrange [0:{}]\n", last, std::max(top, y.back().value));
  s += tics("xtics", ticks_to(last)) + tics("ytics", y);
  s += "set style fill transparent solid 0.18 noborder\n";
  int object = 1;
  s += phase_marks(run, object);
  const std::string data = gnuplot_quote(canvas.data);
  std::vector<std::string> parts;
  for (std::size_t c = 0; c < run.curves.size(); ++c)
    parts.push_back(fmt::format("{} index 0 using 1:{}:{} with filledcurves linecolor rgb {} notitle", data,
                                3 + 3 * c, 4 + 3 * c, gnuplot_quote(kPalette[c].colour)));
  for (std::size_t c = 0; c < run.curves.size(); ++c)
    parts.push_back(fmt::format("{} index 0 using 1:{} with lines linewidth 2.2 dashtype {} linecolor rgb {} title {}",
                                data, 2 + 3 * c, kPalette[c].dash, gnuplot_quote(kPalette[c].colour),
                                gnuplot_quote(run.curves[c].name)));
  s += plot_command(parts);
  return out;
}

}  // namespace koubei
