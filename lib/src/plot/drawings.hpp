#pragma once
// The kinds of plot: each reads what it needs from an output directory and
// returns the script and data that draw it (plot.cpp runs gnuplot and
// writes the files).

#include <filesystem>

#include "koubei/plot/figure.hpp"
#include "koubei/plot/run_curves.hpp"

namespace koubei {

namespace fs = std::filesystem;

Drawing draw_curves(const fs::path& dir, const Canvas& canvas);
Drawing draw_channels(const fs::path& dir, const Canvas& canvas);
Drawing draw_communities(const fs::path& dir, const Canvas& canvas);
Drawing draw_sweep(const fs::path& dir, const Canvas& canvas);
Drawing draw_compare(const fs::path& dir, const Canvas& canvas);
Drawing draw_fit(const fs::path& dir, const Canvas& canvas);

// Pieces of the plots over a run's steps (curves_plot.cpp).

/// A data block of `run`: per step, each curve's mean, lo and hi.
std::string curve_block(const RunCurves& run, std::size_t index, std::string_view about);
/// A data block of `run`: per step, each curve's replicates' values.
std::string replicate_block(const RunCurves& run, std::size_t index, std::string_view about);
/// The phases as shaded bands named above the plot; gnuplot objects from `object` on.
std::string phase_marks(const RunCurves& run, int& object);
/// The milestones as dotted vertical lines with their names.
std::string milestone_marks(const RunCurves& run, int& object);
/// "day" when the run has product phases (the model's days), else "step".
std::string step_axis(const RunCurves& run);

}  // namespace koubei
