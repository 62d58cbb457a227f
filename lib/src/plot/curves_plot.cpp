// curves: users by state over the steps, and the pieces the other plots of
// a run's time series share (the data blocks of curves, phases and
// milestones).

#include <fmt/format.h>

#include <algorithm>

#include "drawings.hpp"
#include "koubei/core/error.hpp"
#include "koubei/plot/gnuplot.hpp"
#include "koubei/plot/text.hpp"

namespace koubei {

std::string curve_block(const RunCurves& run, std::size_t index, std::string_view about) {
  std::string out = fmt::format("# block {}: {}: step", index, clean_text(about));
  for (const Curve& c : run.curves) out += fmt::format(" {0}_mean {0}_lo {0}_hi", clean_text(c.name));
  out += "\n";
  for (std::size_t i = 0; i < run.steps.size(); ++i) {
    out += fmt::format("{}", run.steps[i]);
    for (const Curve& c : run.curves) out += fmt::format(" {} {} {}", c.mean[i], c.lo[i], c.hi[i]);
    out += "\n";
  }
  return out + "\n\n";
}

std::string replicate_block(const RunCurves& run, std::size_t index, std::string_view about) {
  std::string out = fmt::format("# block {}: {}, each replicate: step", index, clean_text(about));
  const std::size_t lines = run.curves.front().replicates.size();
  for (const Curve& c : run.curves)
    for (std::size_t j = 0; j < c.replicates.size(); ++j) out += fmt::format(" {}_{}", clean_text(c.name), j);
  out += "\n";
  for (std::size_t i = 0; i < run.steps.size() && lines > 0; ++i) {
    out += fmt::format("{}", run.steps[i]);
    for (const Curve& c : run.curves)
      for (const auto& values : c.replicates) out += fmt::format(" {}", values[i]);
    out += "\n";
  }
  if (lines == 0) out += "0\n";  // gnuplot wants every block to hold a row
  return out + "\n\n";
}

std::string phase_marks(const RunCurves& run, int& object) {
  std::string s;
  for (std::size_t p = 0; p < run.phases.size(); ++p) {
    const PhaseSpan& phase = run.phases[p];
    s += fmt::format("set object {} rectangle from {},graph 0 to {},graph 1 behind fillcolor rgb {} "
                     "fillstyle solid 1.0 noborder\n",
                     object++, phase.start, phase.end, gnuplot_quote(p % 2 ? "#e8e8e8" : "#f4f4f4"));
    // Above the plot area, where no curve runs.
    s += fmt::format("set label {} {} at {},graph 1.035 center textcolor rgb '#505050'\n", object++,
                     gnuplot_quote(phase.name), (phase.start + phase.end) / 2);
  }
  return s;
}

std::string milestone_marks(const RunCurves& run, int& object) {
  std::string s;
  for (const Milestone& m : run.milestones) {
    s += fmt::format("set arrow {} from {},graph 0 to {},graph 0.93 nohead dashtype 3 linecolor rgb '#404040'\n",
                     object++, m.step, m.step);
    s += fmt::format("set label {} {} at {},graph 0.93 right rotate by 90 offset -0.3,0 font ',9' "
                     "textcolor rgb '#404040'\n",
                     object++, gnuplot_quote(fmt::format("{} (day {:.0f})", m.name, m.step)), m.step);
  }
  return s;
}

std::string step_axis(const RunCurves& run) { return run.phases.empty() ? "step" : "day"; }

namespace {

/// The states' looks: unaware grey and dashed, adopters dark and solid.
struct State {
  std::string_view name;
  SeriesStyle style;
};
constexpr std::array<State, 5> kStates = {{{"unaware", {"#8c8c8c", 2}},
                                           {"aware", {"#e08214", 1}},
                                           {"adopters", {"#08306b", 1}},
                                           {"promoters", {"#238b45", 4}},
                                           {"churned", {"#b2182b", 3}}}};

}  // namespace

Drawing draw_curves(const fs::path& dir, const Canvas& canvas) {
  std::vector<std::string> counts;
  for (const State& s : kStates) counts.emplace_back(s.name);
  std::vector<RunCurves> runs = read_run_curves(dir, counts);
  if (runs.size() > kPalette.size())
    throw InputError(fmt::format("'{}' holds {} runs or points: the curves plot shows at most {} (for a "
                                 "sweep, --what sweep)",
                                 dir.string(), runs.size(), kPalette.size()));
  const bool arms = runs.size() > 1;
  // The series drawn: with arms, each arm's adopters; else every state.
  struct Series {
    std::size_t run, curve;
    SeriesStyle style;
    std::string title;
  };
  std::vector<Series> series;
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t c = 0; c < kStates.size(); ++c) {
      if (!arms) {
        series.push_back({r, c, kStates[c].style, std::string(kStates[c].name)});
      } else if (kStates[c].name == "adopters") {
        series.push_back({r, c, {kPalette[r].colour, 1},
                          fmt::format("adopters, {}", runs[r].label.empty() ? fmt::format("run {}", r) : runs[r].label)});
      }
    }

  // Data: block r = run r's means and bands; block runs + r = its
  // replicates' values, when few.
  Drawing out;
  double top = 0, last = 0;
  for (const RunCurves& run : runs) last = std::max(last, run.steps.back());
  for (const Series& s : series)
    for (double hi : runs[s.run].curves[s.curve].hi) top = std::max(top, hi);
  for (std::size_t r = 0; r < runs.size(); ++r)
    out.data += curve_block(runs[r], r, fmt::format("run {}{}", r, runs[r].label.empty() ? "" : " (" + runs[r].label + ")"));
  for (std::size_t r = 0; r < runs.size(); ++r) out.data += replicate_block(runs[r], runs.size() + r, fmt::format("run {}", r));

  const RunCurves& first = runs.front();
  std::string& s = out.script;
  s += script_head(canvas, "curves", dir,
                   fmt::format("{}: users by state, mean of {} replicate{} and its 95% band", directory_name(dir),
                               first.replicates ? fmt::format("{}", first.replicates) : "the",
                               first.replicates == 1 ? "" : "s"),
                   step_axis(first), "users");
  s += "set tmargin 4.5\nset title offset 0,1.2\n";  // room for the phase names above the plot
  const std::vector<Tick> y = ticks_to(top), x = ticks_to(last);
  s += fmt::format("set xrange [0:{}]\nset yrange [0:{}]\n", std::max(last, 1.0), std::max(top, y.back().value));
  s += tics("xtics", x) + tics("ytics", y);
  s += "set style fill transparent solid 0.18 noborder\n";
  int object = 1;
  s += phase_marks(first, object);
  if (!arms) s += milestone_marks(first, object);  // one run's: with arms, each has its own
  const std::string data = gnuplot_quote(canvas.data);
  std::vector<std::string> parts;
  for (const Series& v : series) {
    const std::size_t mean = 2 + 3 * v.curve;
    parts.push_back(fmt::format("{} index {} using 1:{}:{} with filledcurves linecolor rgb {} notitle", data, v.run,
                                mean + 1, mean + 2, gnuplot_quote(v.style.colour)));
    const std::size_t lines = runs[v.run].curves[v.curve].replicates.size();
    for (std::size_t j = 0; j < lines; ++j)
      parts.push_back(fmt::format("{} index {} using 1:{} with lines linewidth 0.6 dashtype {} linecolor rgb "
                                  "{} notitle",
                                  data, runs.size() + v.run, 2 + v.curve * lines + j, v.style.dash,
                                  gnuplot_quote(v.style.colour)));
  }
  for (const Series& v : series)  // the means last, over the bands and thin lines
    parts.push_back(fmt::format("{} index {} using 1:{} with lines linewidth 2.2 dashtype {} linecolor rgb {} "
                                "title {}",
                                data, v.run, 2 + 3 * v.curve, v.style.dash, gnuplot_quote(v.style.colour),
                                gnuplot_quote(v.title)));
  s += plot_command(parts);
  return out;
}

}  // namespace koubei
