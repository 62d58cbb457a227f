#pragma once
// Per-step statistics over the replicates of one point: for each count X of
// the time series, X_mean, X_sd (n - 1), and X_lo, X_hi, the 95% confidence
// interval of the mean (Student t). A replicate that ended before a step
// counts at its final state (new transitions, exposures and cost 0).

#include <span>
#include <string>

#include "koubei/model/simulation.hpp"

namespace koubei {

/// The aggregate.csv header row: point,step,X_mean,X_sd,X_lo,X_hi,...
std::string aggregate_header();
/// The rows of one point, one per step from 0 to the longest replicate.
std::string aggregate_rows(std::uint32_t point, std::span<const ReplicateResult> results);

}  // namespace koubei
