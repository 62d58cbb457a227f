#pragma once
// What every koubei plot shares: a drawing is a gnuplot script and the data
// file it plots; the script's frame (terminal, title, labelled axes with
// koubei's own tick labels, a key beside the data, never on it) and a
// palette that survives greyscale printing.

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/plot/axis.hpp"

namespace koubei {

/// A plot as gnuplot draws it: the script names the data file and the
/// image relatively (gnuplot runs in their directory).
struct Drawing {
  std::string script;
  std::string data;  // blocks separated by two blank lines, '#' comments
};

/// The names a drawing's script refers to, and the image's size in pixels.
struct Canvas {
  std::string image;  // "curves.svg"
  std::string data;   // "curves.dat"
  int width = 960, height = 560;
  std::size_t run = 0;  // the run (arm) drawn by a plot of one run: channels
};

/// A series' look: colours far apart in lightness as well as hue, and dash
/// patterns, so that a greyscale print still tells them apart.
struct SeriesStyle {
  std::string_view colour;
  int dash;
};
inline constexpr std::array<SeriesStyle, 8> kPalette = {{{"#08306b", 1},
                                                         {"#e08214", 2},
                                                         {"#238b45", 4},
                                                         {"#b2182b", 3},
                                                         {"#6a3d9a", 5},
                                                         {"#8c8c8c", 1},
                                                         {"#1b9e77", 2},
                                                         {"#a6761d", 4}}};

/// The script's first lines: what it draws (a comment and how to re-run
/// it), terminal and output, the title, axis labels, the border, a light
/// grid and the key outside on the right.
std::string script_head(const Canvas& canvas, std::string_view what, const std::filesystem::path& dir,
                        std::string_view title, std::string_view xlabel, std::string_view ylabel);

/// `set xtics (...)` and the like, with koubei's labels.
std::string tics(std::string_view axis, const std::vector<Tick>& ticks);

/// Round ticks from 0 to `top` or just past it (a band a hair above a
/// round number gets no tick of its own); never empty. Throws InputError
/// when `top` is infinite (a mean that overflowed).
std::vector<Tick> ticks_to(double top);

/// `plot a, b, c` over several lines.
std::string plot_command(const std::vector<std::string>& parts);

/// The directory's own name, for titles ("m" for "runs/m/").
std::string directory_name(const std::filesystem::path& dir);

}  // namespace koubei
