#pragma once
// `koubei plot`: a picture of an output directory, drawn by gnuplot from a
// script and a data file koubei writes beside the image (so that a user can
// restyle it: cd there, edit NAME.gp, run `gnuplot NAME.gp`).
//
// curves: unaware, aware, adopters, promoters and churned over the steps:
// the mean over replicates with its 95% band, a thin line for each
// replicate when there are at most ten, the product phases as shaded bands
// with their names, and the mean times to 10% and 50% of the final
// adopters marked. With arms, the adopters of each arm instead.
// channels: users reached and adoptions per step by channel (cost on a
// second axis when ads ran). communities: adopters per community.
// sweep: final adopters against the first varied key, a line per value of
// the others. compare: adopters per rule or seeding of a comparison.
// fit: the observed targets against the fitted model's interval.
//
// The image, its script and its data are written as one set (they appear
// together or not at all) under the lock of the image's directory.

#include <filesystem>
#include <string>

namespace koubei {

struct PlotOptions {
  std::string what = "curves";
  /// The image: .svg, .png or .pdf; empty: DIR/<what>.svg.
  std::filesystem::path out;
  int width = 960, height = 560;  // pixels
  std::size_t run = 0;  // channels: which run (arm) of several
};

/// The kinds of plot, for messages: "curves, channels, ...".
std::string plot_kinds();

/// Draws `options.what` of the output directory `dir`; returns the image's
/// path. Throws InputError when the directory does not hold what the plot
/// needs, a file is malformed, the image name is not .svg/.png/.pdf, or
/// gnuplot is missing (naming the Debian package).
std::filesystem::path plot(const std::filesystem::path& dir, const PlotOptions& options);

/// The SVG of `what` for `dir`, drawn without writing anything beside it
/// (for the report).
std::string plot_svg(const std::filesystem::path& dir, const std::string& what, std::size_t run = 0, int width = 960,
                     int height = 560);

}  // namespace koubei
