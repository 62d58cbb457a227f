#pragma once
// Diffusion rules and seedings side by side, like for like: one sweep over
// the rule (and the seeding, when several are given; the rule varies
// slowest), so every row runs on the same graph with the same random streams
// wherever the rules give a draw the same meaning (streams are keyed by
// seed, replicate and purpose, not by rule), and every rule from the same
// seed users for one seeding. Seedings by a method choose their seeds once
// per rule they assume (batch/scenario.hpp).

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
  std::string seeding;  // canonical seeding spec
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

/// `seedings` separated by ';': "random:k=50;degree:k=50;imm:k=50".
std::vector<std::string> split_seedings(std::string_view seedings);

struct Comparison {
  std::vector<RuleComparison> rows;
  /// aggregate.csv: per row (its number in the first column, `row`) and
  /// step, the mean and interval of every count over the replicates.
  std::string aggregate_csv;
  /// config.ini: the koubei version, the rules and seedings compared and
  /// the base scenario (master seed included); a valid --config for
  /// `koubei compare`.
  std::string config_ini;
};

/// Runs every rule, from every seeding (none: `base`'s seeds), on `base`,
/// one row per (rule, seeding), rules in order, seedings in order within a
/// rule. Throws InputError naming a bad rule or seeding.
Comparison compare(const RunConfig& base, const std::vector<std::string>& rules,
                   const std::vector<std::string>& seedings = {},
                   const SweepOptions& options = {});
/// compare(...).rows with base's seeds.
std::vector<RuleComparison> compare_rules(const RunConfig& base,
                                          const std::vector<std::string>& rules,
                                          const SweepOptions& options = {});

/// The table for people: one line per rule (and seeding).
std::string comparison_table(const std::vector<RuleComparison>& rows);
/// The same as CSV (comparison.csv), header included.
std::string comparison_csv(const std::vector<RuleComparison>& rows);
/// Writes aggregate.csv and comparison.csv into `dir` as one set (nothing
/// is replaced unless both are written; comparison.csv goes last). The
/// caller holds the directory's lock.
void write_comparison(const std::string& dir, const Comparison& comparison);

}  // namespace koubei
