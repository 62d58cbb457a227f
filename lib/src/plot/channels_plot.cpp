// channels: per day, the users each channel reached (exposures) and the
// adoptions it persuaded, with the money spent on a second axis when ads
// ran. Two panels on one time axis; a channel that never reached anyone is
// named in the title instead of drawn as a line along zero.

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "drawings.hpp"
#include "koubei/core/error.hpp"
#include "koubei/plot/gnuplot.hpp"

namespace koubei {
namespace {

constexpr std::array<std::string_view, 4> kChannels = {"referral", "forum", "microblog", "ads"};

bool any_above_zero(const Curve& c) {
  return std::any_of(c.hi.begin(), c.hi.end(), [](double v) { return v > 0; });
}

}  // namespace

Drawing draw_channels(const fs::path& dir, const Canvas& canvas) {
  // Curves 0-3: exposures; 4-7: new adopters; 8: cost.
  std::vector<std::string> counts;
  for (std::string_view c : kChannels) counts.push_back(fmt::format("exposures_{}", c));
  for (std::string_view c : kChannels) counts.push_back(fmt::format("new_adopters_{}", c));
  counts.emplace_back("cost");
  const std::vector<RunCurves> runs = read_run_curves(dir, counts);
  if (canvas.run >= runs.size())
    throw InputError(fmt::format("--run {}: '{}' holds {} run{} (0 to {})", canvas.run, dir.string(), runs.size(),
                                 runs.size() == 1 ? "" : "s", runs.size() - 1));
  const RunCurves& run = runs[canvas.run];
  Drawing out;
  out.data = curve_block(run, 0, "by channel");

  std::vector<std::string> silent;
  double top_exposures = 0, top_adoptions = 0, top_cost = 0;
  for (std::size_t c = 0; c < kChannels.size(); ++c) {
    if (!any_above_zero(run.curves[c]) && !any_above_zero(run.curves[4 + c])) silent.emplace_back(kChannels[c]);
    for (double v : run.curves[c].hi) top_exposures = std::max(top_exposures, v);
    for (double v : run.curves[4 + c].hi) top_adoptions = std::max(top_adoptions, v);
  }
  for (double v : run.curves[8].hi) top_cost = std::max(top_cost, v);
  const bool cost = top_cost > 0;
  const double last = std::max(run.steps.back(), 1.0);

  std::string& s = out.script;
  std::string title = fmt::format("{}: users reached and persuaded per {} by channel, mean of {} replicate{}",
                                  directory_name(dir), step_axis(run), run.replicates ? fmt::format("{}", run.replicates) : "the",
                                  run.replicates == 1 ? "" : "s");
  if (runs.size() > 1) title += fmt::format(" ({})", run.label.empty() ? fmt::format("run {}", canvas.run) : run.label);
  if (!silent.empty()) {
    std::string names;
    for (const std::string& n : silent) names += (names.empty() ? "" : ", ") + n;
    title += fmt::format("; none by {}", names);
  }
  s += script_head(canvas, "channels", dir, title, step_axis(run), "");
  s += "set style fill transparent solid 0.18 noborder\n";
  s += fmt::format("set xrange [0:{}]\n", last);
  s += tics("xtics", ticks_to(last));
  // Room on the right for the key, and for the cost axis when ads ran.
  s += fmt::format("set multiplot layout 2,1 margins 0.09,{},0.1,0.9 spacing 0,0.08\n", cost ? 0.64 : 0.74);
  const std::string data = gnuplot_quote(canvas.data);
  int object = 1;
  // Top panel: exposures, and cost on the right.
  {
    const std::vector<Tick> y = ticks_to(top_exposures);
    s += "set xlabel ''\n";
    s += fmt::format("set ylabel 'users reached per {}'\n", step_axis(run));
    s += fmt::format("set yrange [0:{}]\n", std::max(top_exposures, y.back().value)) + tics("ytics", y);
    s += phase_marks(run, object);
    std::vector<std::string> parts;
    for (std::size_t c = 0; c < kChannels.size(); ++c) {
      if (!any_above_zero(run.curves[c])) continue;
      parts.push_back(fmt::format("{} index 0 using 1:{} with lines linewidth 2 dashtype {} linecolor rgb {} title {}",
                                  data, 2 + 3 * c, kPalette[c].dash, gnuplot_quote(kPalette[c].colour),
                                  gnuplot_quote(fmt::format("{} exposures", kChannels[c]))));
    }
    if (cost) {
      const std::vector<Tick> y2 = ticks_to(top_cost);
      s += "set y2label 'money spent per " + step_axis(run) + "'\n";
      s += fmt::format("set y2range [0:{}]\n", std::max(top_cost, y2.back().value)) + tics("y2tics", y2);
      s += "set border 11\n";
      parts.push_back(fmt::format("{} index 0 using 1:{} axes x1y2 with lines linewidth 1.5 dashtype 3 linecolor rgb "
                                  "'#404040' title 'cost'",
                                  data, 2 + 3 * 8));
    }
    if (parts.empty()) parts.push_back("0 with lines linecolor rgb '#ffffff' notitle");  // an empty panel
    s += plot_command(parts);
  }
  // Bottom panel: adoptions by the channel that persuaded them.
  {
    s += "unset y2tics\nunset y2label\nset border 3\nunset title\n";
    for (int o = 1; o < object; ++o) s += fmt::format("unset label {}\n", o);  // the phase names once
    const std::vector<Tick> y = ticks_to(top_adoptions);
    s += fmt::format("set xlabel {}\nset ylabel 'new adopters per {}'\n", gnuplot_quote(step_axis(run)), step_axis(run));
    s += fmt::format("set yrange [0:{}]\n", std::max(top_adoptions, y.back().value)) + tics("ytics", y);
    std::vector<std::string> parts;
    for (std::size_t c = 0; c < kChannels.size(); ++c) {
      if (!any_above_zero(run.curves[4 + c])) continue;
      const std::size_t mean = 2 + 3 * (4 + c);
      parts.push_back(fmt::format("{} index 0 using 1:{}:{} with filledcurves linecolor rgb {} notitle", data,
                                  mean + 1, mean + 2, gnuplot_quote(kPalette[c].colour)));
      parts.push_back(fmt::format("{} index 0 using 1:{} with lines linewidth 2 dashtype {} linecolor rgb {} title {}",
                                  data, mean, kPalette[c].dash, gnuplot_quote(kPalette[c].colour),
                                  gnuplot_quote(fmt::format("adopted by {}", kChannels[c]))));
    }
    if (parts.empty()) parts.push_back("0 with lines linecolor rgb '#ffffff' notitle");
    s += plot_command(parts);
  }
  s += "unset multiplot\n";
  return out;
}

}  // namespace koubei
