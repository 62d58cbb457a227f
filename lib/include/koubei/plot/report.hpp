#pragma once
// `koubei report`: one self-contained page about an output directory (a
// run's, a sweep's, a comparison's or a fit's): what was run (the command
// line from command.txt, the koubei version and master seed from
// config.ini), the summary table with 95% intervals, the plots inline as
// SVG and the configuration. XHTML-compatible markup (it parses as XML),
// no script, nothing fetched: it opens from disk in any browser.

#include <filesystem>
#include <string>

namespace koubei {

/// The kind of output a directory holds: "run", "sweep", "comparison" or
/// "fit". Throws InputError when it holds none of them.
std::string output_kind(const std::filesystem::path& dir);

/// The page for `dir`. A plot that cannot be drawn (gnuplot missing, too
/// many arms) is named on the page with the reason instead.
std::string report_html(const std::filesystem::path& dir);

/// Writes report_html(dir) to `out` (empty: DIR/report.html) atomically,
/// under the lock of its directory; returns its path.
std::filesystem::path write_report(const std::filesystem::path& dir, const std::filesystem::path& out = {});

/// `text` made clean_text (line breaks kept), with &, <, >, " and ' as
/// character references.
std::string html_escape(std::string_view text);

/// An SVG document as an element to place inside a page: without its XML
/// declaration and doctype, every id (and each reference to one) prefixed
/// with `prefix` so that several plots on one page keep theirs apart.
std::string inline_svg(std::string_view svg, std::string_view prefix);

}  // namespace koubei
