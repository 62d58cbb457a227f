#include "koubei/plot/plot.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <cmath>
#include <span>
#include <string_view>

#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/text_file.hpp"
#include "koubei/plot/axis.hpp"
#include "koubei/plot/gnuplot.hpp"
#include "koubei/plot/run_curves.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

/// A series' look: colours far apart in lightness as well as hue, and dash
/// patterns, so that a greyscale print still tells them apart.
struct Style {
  std::string_view name;
  std::string_view colour;
  int dash;
};

constexpr std::array<Style, 5> kStates = {{{"unaware", "#8c8c8c", 2},
                                            {"aware", "#e08214", 1},
                                            {"adopters", "#08306b", 1},
                                            {"promoters", "#238b45", 4},
                                            {"churned", "#b2182b", 3}}};
constexpr std::array<std::string_view, 8> kArmColours = {"#08306b", "#b2182b", "#238b45", "#e08214",
                                                         "#6a3d9a", "#8c8c8c", "#1b9e77", "#a6761d"};
constexpr std::size_t kMostRuns = kArmColours.size();

/// A temporary directory of its own, removed with everything in it.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "koubei-plot-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw InputError(fmt::format("cannot create a scratch directory in '{}'", fs::temp_directory_path().string()));
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_scratch(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) throw InputError(fmt::format("cannot write '{}'", path.string()));
}

/// `set xtics (...)` and the like: koubei's own labels.
std::string tics(std::string_view axis, const std::vector<Tick>& ticks) {
  std::string out = fmt::format("set {} (", axis);
  for (std::size_t i = 0; i < ticks.size(); ++i)
    out += fmt::format("{}{} {}", i ? ", " : "", gnuplot_quote(ticks[i].label), ticks[i].value);
  return out + ")\n";
}

/// Ticks from 0 to `top` or just past it (a band a hair above a round
/// number does not get a tick of its own).
std::vector<Tick> ticks_to(double top) {
  if (!(top > 0)) top = 1;
  std::vector<Tick> ticks = nice_ticks(0, top, 6);
  if (ticks.size() >= 2) {
    const double step = ticks[1].value - ticks[0].value;
    if (top - ticks.back().value > 0.02 * step) {
      const double next = ticks.back().value + step;
      ticks.push_back({next, with_thousands(next)});
    }
  }
  return ticks;
}

struct Drawing {
  std::string script, data;
};

Drawing curves(const fs::path& dir, const std::string& image_name, const std::string& data_name,
               const PlotOptions& options) {
  std::vector<std::string> counts;
  for (const Style& s : kStates) counts.emplace_back(s.name);
  std::vector<RunCurves> runs = read_run_curves(dir, counts);
  if (runs.size() > kMostRuns)
    throw InputError(fmt::format("'{}' holds {} runs or points: the curves plot shows at most {} (for a "
                                 "sweep, --what sweep)",
                                 dir.string(), runs.size(), kMostRuns));
  const bool arms = runs.size() > 1;
  // The series drawn: (run, curve, colour, dash, title).
  struct Series {
    std::size_t run, curve;
    std::string colour, title;
    int dash;
  };
  std::vector<Series> series;
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t c = 0; c < kStates.size(); ++c) {
      if (arms && kStates[c].name != "adopters") continue;
      series.push_back({r, c, std::string(arms ? kArmColours[r] : kStates[c].colour),
                        arms ? fmt::format("adopters, {}", runs[r].label.empty() ? fmt::format("run {}", r)
                                                                                 : runs[r].label)
                             : std::string(kStates[c].name),
                        arms ? 1 : kStates[c].dash});
    }

  // Data: block r = run r's means and bands (step, then mean lo hi per
  // count); block runs + r = its replicates' values (step, then per count
  // each replicate), when few.
  Drawing out;
  double top = 0, last = 0;
  for (const RunCurves& run : runs) last = std::max(last, run.steps.back());
  for (const Series& s : series)
    for (double hi : runs[s.run].curves[s.curve].hi) top = std::max(top, hi);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunCurves& run = runs[r];
    out.data += fmt::format("# block {}: run {}{}: step", r, r, run.label.empty() ? "" : " (" + run.label + ")");
    for (const Curve& c : run.curves) out.data += fmt::format(" {0}_mean {0}_lo {0}_hi", c.name);
    out.data += "\n";
    for (std::size_t i = 0; i < run.steps.size(); ++i) {
      out.data += fmt::format("{}", run.steps[i]);
      for (const Curve& c : run.curves) out.data += fmt::format(" {} {} {}", c.mean[i], c.lo[i], c.hi[i]);
      out.data += "\n";
    }
    out.data += "\n\n";
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RunCurves& run = runs[r];
    out.data += fmt::format("# block {}: run {}, each replicate: step", runs.size() + r, r);
    const std::size_t lines = run.curves.front().replicates.size();
    for (const Curve& c : run.curves)
      for (std::size_t j = 0; j < c.replicates.size(); ++j) out.data += fmt::format(" {}_{}", c.name, j);
    out.data += "\n";
    for (std::size_t i = 0; i < run.steps.size() && lines > 0; ++i) {
      out.data += fmt::format("{}", run.steps[i]);
      for (const Curve& c : run.curves)
        for (const auto& values : c.replicates) out.data += fmt::format(" {}", values[i]);
      out.data += "\n";
    }
    if (lines == 0) out.data += "0\n";  // gnuplot wants every block to hold a row
    out.data += "\n\n";
  }

  const RunCurves& first = runs.front();
  const bool days = !first.phases.empty();
  std::string& s = out.script;
  s += fmt::format("# koubei {}: the curves of {}\n", kVersion, dir.string());
  s += fmt::format("# To restyle: edit this file, then in its directory run: gnuplot {}.gp\n",
                   fs::path(image_name).stem().string());
  s += gnuplot_terminal(image_name, options.width, options.height) + "\n";
  s += fmt::format("set output {}\n", gnuplot_quote(image_name));
  s += "set encoding utf8\n";
  s += "set tmargin 4.5\n";  // room for the title and the phase names above the plot
  s += fmt::format("set title {} offset 0,1.2\n",
                   gnuplot_quote(fmt::format("{}: users by state, mean of {} replicate{} and its 95% band",
                                             dir.filename().empty() ? dir.string() : dir.filename().string(),
                                             first.replicates ? fmt::format("{}", first.replicates) : "the",
                                             first.replicates == 1 ? "" : "s")));
  s += fmt::format("set xlabel {}\nset ylabel 'users'\n", gnuplot_quote(days ? "day" : "step"));
  const std::vector<Tick> y = ticks_to(top), x = ticks_to(last);
  s += fmt::format("set xrange [0:{}]\nset yrange [0:{}]\n", std::max(last, 1.0), std::max(top, y.back().value));
  s += tics("xtics", x) + tics("ytics", y);
  s += "set border 3\nset xtics nomirror\nset ytics nomirror\n";
  s += "set grid ytics linecolor rgb '#e0e0e0' linewidth 1\n";
  s += "set key outside right top vertical Left reverse noautotitle\n";  // beside the data, never on it
  s += "set style fill transparent solid 0.18 noborder\n";
  int object = 1;
  for (std::size_t p = 0; p < first.phases.size(); ++p) {
    const PhaseSpan& phase = first.phases[p];
    s += fmt::format("set object {} rectangle from {},graph 0 to {},graph 1 behind fillcolor rgb {} "
                     "fillstyle solid 1.0 noborder\n",
                     object++, phase.start, phase.end, gnuplot_quote(p % 2 ? "#e8e8e8" : "#f4f4f4"));
    // Above the plot area, where no curve runs.
    s += fmt::format("set label {} {} at {},graph 1.035 center textcolor rgb '#505050'\n", object++,
                     gnuplot_quote(phase.name), (phase.start + phase.end) / 2);
  }
  for (const Milestone& m : first.milestones) {
    s += fmt::format("set arrow {} from {},graph 0 to {},graph 0.93 nohead dashtype 3 linecolor rgb '#404040'\n",
                     object++, m.step, m.step);
    s += fmt::format("set label {} {} at {},graph 0.93 right rotate by 90 offset -0.3,0 font ',9' "
                     "textcolor rgb '#404040'\n",
                     object++, gnuplot_quote(fmt::format("{} (day {:.0f})", m.name, m.step)), m.step);
  }
  s += "plot \\\n";
  const std::string data = gnuplot_quote(data_name);
  std::vector<std::string> parts;
  for (const Series& v : series) {
    const std::size_t mean = 2 + 3 * v.curve;
    parts.push_back(fmt::format("  {} index {} using 1:{}:{} with filledcurves linecolor rgb {} notitle", data,
                                v.run, mean + 1, mean + 2, gnuplot_quote(v.colour)));
    const std::size_t lines = runs[v.run].curves[v.curve].replicates.size();
    for (std::size_t j = 0; j < lines; ++j)
      parts.push_back(fmt::format("  {} index {} using 1:{} with lines linewidth 0.6 dashtype {} linecolor rgb "
                                  "{} notitle",
                                  data, runs.size() + v.run, 2 + v.curve * lines + j, v.dash,
                                  gnuplot_quote(v.colour)));
  }
  for (const Series& v : series)  // the means last, over the bands and thin lines
    parts.push_back(fmt::format("  {} index {} using 1:{} with lines linewidth 2.2 dashtype {} linecolor rgb {} "
                                "title {}",
                                data, v.run, 2 + 3 * v.curve, v.dash, gnuplot_quote(v.colour),
                                gnuplot_quote(v.title)));
  for (std::size_t i = 0; i < parts.size(); ++i) s += parts[i] + (i + 1 < parts.size() ? ", \\\n" : "\n");
  return out;
}

}  // namespace

std::string plot_kinds() { return "curves"; }

fs::path plot(const fs::path& dir, const PlotOptions& options) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("'{}' is not a directory", dir.string()));
  if (options.what != "curves")
    throw InputError(fmt::format("--what {}: one of {}", options.what, plot_kinds()));
  const fs::path image = options.out.empty() ? dir / (options.what + ".svg") : options.out;
  (void)gnuplot_terminal(image, options.width, options.height);  // a known extension
  const fs::path where = image.has_parent_path() ? image.parent_path() : fs::path(".");
  if (!fs::is_directory(where))
    throw InputError(fmt::format("'{}': no directory '{}' to write it into", image.string(), where.string()));
  const std::string image_name = image.filename().string();
  const std::string stem = image.stem().string();
  const std::string script_name = stem + ".gp", data_name = stem + ".dat";

  const Drawing drawing = curves(dir, image_name, data_name, options);
  const ScratchDirectory scratch;
  write_scratch(scratch.path() / script_name, drawing.script);
  write_scratch(scratch.path() / data_name, drawing.data);
  run_gnuplot(scratch.path(), script_name);

  const DirectoryLock lock(where);
  OutputSet set(where);
  set.add(data_name).write(drawing.data);
  set.add(script_name).write(drawing.script);
  // The image (bytes, whatever its format) last: it marks the set whole.
  set.add(image_name).write(read_text_file(scratch.path() / image_name));
  set.commit();
  return image;
}

}  // namespace koubei
