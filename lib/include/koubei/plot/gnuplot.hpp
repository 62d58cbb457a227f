#pragma once
// Running gnuplot (Debian's gnuplot-nox: no X needed) on a script koubei
// wrote, and the pieces of gnuplot's language the scripts need.

#include <filesystem>
#include <string>
#include <string_view>

namespace koubei {

/// The Debian packages `koubei plot` needs, for messages.
inline constexpr std::string_view kGnuplotPackages = "gnuplot-nox fonts-dejavu-core";

/// Runs `gnuplot SCRIPT` with `dir` as its working directory (the script
/// names its data and output relative to it). Throws InputError naming the
/// Debian package when gnuplot is not installed, and std::runtime_error
/// with gnuplot's own messages when it fails.
void run_gnuplot(const std::filesystem::path& dir, const std::string& script);

/// The `set terminal` line for an image named `image`: .svg, .png or .pdf
/// (cairo), `width` x `height` pixels (PDF: at 96 per inch). Throws
/// InputError for another extension.
std::string gnuplot_terminal(const std::filesystem::path& image, int width, int height);

/// `text` as a gnuplot string in single quotes (a quote doubled), made
/// clean_text first (no line break ends it early) and with "]]>" split (it
/// may not stand in an SVG's text).
std::string gnuplot_quote(std::string_view text);

}  // namespace koubei
