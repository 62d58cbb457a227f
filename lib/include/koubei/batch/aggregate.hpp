#pragma once
// Per-step statistics over the replicates of one point: for each count X of
// the time series, X_mean, X_sd (n - 1), and X_lo, X_hi, the 95% confidence
// interval of the mean (Student t). A replicate that ended before a step
// counts at its final state (new transitions, exposures and cost 0). With
// records thinned to every K-th step, the rows are at steps 0, K, 2K, ...
// and the last step of the longest replicate.

#include <span>
#include <string>
#include <string_view>

#include "koubei/batch/replicate_record.hpp"

namespace koubei {

/// The aggregate.csv header row: point,step,X_mean,X_sd,X_lo,X_hi,... (a
/// run's files say `run` where a sweep's say `point`).
std::string aggregate_header(std::string_view first_column = "point");
/// The rows of one point from its replicates' records (none failed), made
/// with make_record(..., record_every).
std::string aggregate_rows(std::uint32_t point, std::span<const ReplicateRecord> records,
                           std::uint32_t record_every = 1);

/// The time-series counts it summarises (timeseries.csv's columns after
/// `phase`, in aggregate.csv's order), and their values at a step; `ended`:
/// after the replicate ended, at its final state.
std::span<const char* const> aggregate_columns();
double aggregate_value(const StepRecord& step, std::size_t column, bool ended);

}  // namespace koubei
