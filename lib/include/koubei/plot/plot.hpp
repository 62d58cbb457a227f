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
};

/// The kinds of plot, for messages: "curves".
std::string plot_kinds();

/// Draws `options.what` of the output directory `dir`; returns the image's
/// path. Throws InputError when the directory does not hold what the plot
/// needs, a file is malformed, the image name is not .svg/.png/.pdf, or
/// gnuplot is missing (naming the Debian package).
std::filesystem::path plot(const std::filesystem::path& dir, const PlotOptions& options);

}  // namespace koubei
