#pragma once
// The files koubei derives from an output directory's results: the plots
// (`koubei plot`'s default names) and the report. A command that replaces
// the results drops them with the old results, so that no picture in the
// directory shows results that are gone.

namespace koubei {

class OutputSet;

/// Drops report.html and NAME.svg/.png/.pdf/.gp/.dat for every kind of
/// plot (curves, channels, communities, sweep, compare, fit) at commit.
void drop_derived_files(OutputSet& set);

}  // namespace koubei
