#include "koubei/plot/figure.hpp"

#include <fmt/format.h>

#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/plot/gnuplot.hpp"
#include "koubei/plot/text.hpp"
#include "koubei/version.hpp"

namespace koubei {

std::string script_head(const Canvas& canvas, std::string_view what, const std::filesystem::path& dir,
                        std::string_view title, std::string_view xlabel, std::string_view ylabel) {
  std::string s = fmt::format("# koubei {}: the {} of {}\n", kVersion, what, clean_text(dir.string()));
  s += fmt::format("# To restyle: edit this file, then in its directory run: gnuplot {}\n",
                   clean_text(std::filesystem::path(canvas.image).replace_extension(".gp").string()));
  s += gnuplot_terminal(canvas.image, canvas.width, canvas.height) + "\n";
  s += fmt::format("set output {}\n", gnuplot_quote(canvas.image));
  s += "set encoding utf8\n";
  s += fmt::format("set title {}\n", gnuplot_quote(title));
  s += fmt::format("set xlabel {}\nset ylabel {}\n", gnuplot_quote(xlabel), gnuplot_quote(ylabel));
  s += "set border 3\nset xtics nomirror\nset ytics nomirror\n";
  s += "set grid ytics linecolor rgb '#e0e0e0' linewidth 1\n";
  s += "set key outside right top vertical Left reverse noautotitle\n";  // beside the data, never on it
  return s;
}

std::string tics(std::string_view axis, const std::vector<Tick>& ticks) {
  std::string out = fmt::format("set {} (", axis);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    // gnuplot reads a tick's label as a format for its value: '%' is '%%'.
    std::string label;
    for (char c : ticks[i].label) label += c == '%' ? std::string("%%") : std::string(1, c);
    out += fmt::format("{}{} {}", i ? ", " : "", gnuplot_quote(label), ticks[i].value);
  }
  return out + ")\n";
}

std::vector<Tick> ticks_to(double top) {
  if (std::isinf(top))
    throw InputError("a value too large to plot (it overflows a double): a damaged file?");
  if (!(top > 0)) top = 1;
  std::vector<Tick> ticks = nice_ticks(0, top, 6);
  if (ticks.size() >= 2) {
    const double step = ticks[1].value - ticks[0].value;
    const double next = ticks.back().value + step;
    if (top - ticks.back().value > 0.02 * step && std::isfinite(next)) ticks.push_back({next, with_thousands(next)});
  }
  if (ticks.empty()) ticks.push_back({top, with_thousands(top)});
  return ticks;
}

std::string plot_command(const std::vector<std::string>& parts) {
  std::string s = "plot \\\n";
  for (std::size_t i = 0; i < parts.size(); ++i) s += "  " + parts[i] + (i + 1 < parts.size() ? ", \\\n" : "\n");
  return s;
}

std::string directory_name(const std::filesystem::path& dir) {
  const std::filesystem::path clean = dir.lexically_normal();
  std::string name = clean.filename().string();
  if (name.empty()) name = clean.parent_path().filename().string();
  return name.empty() || name == "." ? clean.string() : name;
}

}  // namespace koubei
