#pragma once
// `koubei run` as a library call: prepare the scenario, run its replicates in
// parallel, and describe the outcome for people.

#include <string>

#include "koubei/batch/replicates.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/scenario.hpp"
#include "koubei/io/run_output.hpp"

namespace koubei {

struct RunReport {
  Scenario scenario;
  BatchResult batch;
  RunDescription description;
};

/// Throws InputError for bad input and Interrupted on a stop request.
RunReport run(const RunConfig& config);

/// A few lines for stdout: what ran and the final spread with its 95% interval.
std::string human_summary(const RunConfig& config, const RunReport& report);

}  // namespace koubei
