#pragma once
// Diffusion rules side by side, like for like: one sweep over the rule, so
// every rule runs on the same graph, from the same seed users, with the same
// random streams wherever the rules give a draw the same meaning (streams are
// keyed by seed, replicate and purpose, not by rule).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/batch/run_config.hpp"
#include "koubei/batch/statistics.hpp"
#include "koubei/batch/sweep.hpp"

namespace koubei {

struct RuleComparison {
  std::string rule;  // canonical spec
  std::uint64_t nodes = 0;
  std::uint64_t arcs = 0;
  std::uint64_t replicates = 0;  // finished
  std::uint64_t failed = 0;
  Estimate final_adopters;   // mean, sd and 95% interval over replicates
  Estimate time_to_half;     // first step with half the final adopters
  double arcs_examined = 0;  // mean per replicate
  double arcs_per_second = 0;  // arcs read (RuleWorker::arcs_read) per second of one thread
  double wall_ms = 0;          // mean per replicate
};

/// `rules` separated by ';' as in a sweep: "ic;lt;bass:p=0.01,q=0.3".
std::vector<std::string> split_rules(std::string_view rules);

/// Runs every rule on `base` (its rule replaced), one row per rule in order.
/// Throws InputError naming a bad rule.
std::vector<RuleComparison> compare_rules(const RunConfig& base,
                                          const std::vector<std::string>& rules,
                                          const SweepOptions& options = {});

/// The table for people: one line per rule.
std::string comparison_table(const std::vector<RuleComparison>& rows);
/// The same as CSV (comparison.csv), header included.
std::string comparison_csv(const std::vector<RuleComparison>& rows);

}  // namespace koubei
