#pragma once
// What was observed, for `koubei fit` to match: a CSV with a header row
//
//   kind,column,window,observed,weight,tolerance
//   timeseries,adopters,step=365,500000,1,
//   summary,t_50pct,,180,,
//   share,forum,adopters=0:500000,0.6,,
//
// kind timeseries: a timeseries.csv column at step N (`step=N`);
// kind summary: a summary.csv column;
// kind share: the share of adoptions persuaded by a channel (seed,
// referral, forum, microblog, ads) among all adoptions of a window of
// steps (`steps=A:B`, both included) or of adopter counts
// (`adopters=A:B`: the adoptions numbered A+1 to B, counted from the
// seeds on; a step that straddles a bound counts in proportion).
//
// weight (default 1) and tolerance (default none) set the target's term of
// the loss: weight ((simulated - observed) / tolerance)^2 with a tolerance,
// weight ((simulated - observed) / observed)^2 (relative squared error)
// without. Counts of users and of money (state and transition columns,
// exposures, cost, final counts, adopter windows) scale with --scale like
// milestones; times and shares do not.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "koubei/batch/replicate_record.hpp"

namespace koubei {

struct Target {
  enum class Kind { kTimeseries, kSummary, kShare };
  Kind kind = Kind::kTimeseries;
  std::string column;  // timeseries or summary column, or the channel of a share
  /// timeseries: the step; share: the window [from, to], in steps or in
  /// adopters (`by_adopters`).
  std::uint64_t step = 0;
  double from = 0, to = 0;
  bool by_adopters = false;
  double observed = 0;
  double weight = 1;
  std::optional<double> tolerance;
  std::uint32_t line = 0;  // in the targets file, for messages

  /// A short name for column headers: "adopters@365", "t_50pct",
  /// "share_forum@adopters=0:500000".
  std::string name() const;
  /// The target's value in one replicate (its record must keep every step
  /// up to the target's). A share over a window without adoptions is 0.
  double measure(const ReplicateRecord& record) const;
  /// Its term of the loss for a simulated mean.
  double loss(double simulated) const;
  /// Whether the value is a count that --scale multiplies.
  bool scales() const;
};

/// Reads a targets file; counts multiplied by `scale`. Throws InputError
/// "FILE:LINE: ..." naming the first bad field (an unknown kind, column or
/// channel, a window past `steps` when `steps` > 0, an observed 0 without
/// a tolerance, a negative weight or tolerance, a repeated header).
std::vector<Target> read_targets(const std::filesystem::path& path, double scale,
                                 std::uint64_t steps);
/// The same from text, `name` standing for the file in messages.
std::vector<Target> parse_targets(std::string_view text, std::string_view name, double scale,
                                  std::uint64_t steps);

}  // namespace koubei
