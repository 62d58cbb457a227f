#pragma once
// Joins the directories of a sweep run in slices (--slice I/N, e.g. as a
// job array) into the files one run of the whole sweep writes. Each slice
// holds whole points, so merging interleaves rows by point.

#include <filesystem>
#include <vector>

namespace koubei {

/// Checks that `slices` are the N finished slices of one sweep, each once,
/// then writes points.csv, summary.csv, failures.csv, aggregate.csv and
/// timeseries.csv (those the slices have) and config.ini into `out`,
/// atomically. Throws InputError naming the slice directory at fault. A
/// different sweep's results in `out` are refused unless `force`.
void merge_sweep_slices(const std::filesystem::path& out,
                        const std::vector<std::filesystem::path>& slices, bool force = false);

}  // namespace koubei
