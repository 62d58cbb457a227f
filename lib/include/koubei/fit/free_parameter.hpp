#pragma once
// A scenario key `koubei fit` may change: `KEY=LO:HI`, or `KEY=log:LO:HI`
// to search it on a log scale. KEY is any numeric key of a scenario
// (`adoption.conversion`, `forum.post_rate`, `steps`) or a numeric field of
// a typed spec (`rule.p`, `rule.q`, `trust.p`, `graph.k`), as `--vary`
// takes them (batch/run_config.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "koubei/batch/run_config.hpp"

namespace koubei {

struct FreeParameter {
  std::string key;
  double lo = 0, hi = 1;
  bool log = false;

  /// "KEY=LO:HI" or "KEY=log:LO:HI" with LO < HI (and LO > 0 on a log
  /// scale). Throws InputError naming the text.
  static FreeParameter parse(std::string_view text);
  /// The value at u in [0, 1] of the search range (linear or logarithmic).
  double at(double u) const;
  /// Where `value` lies in the search range, in [0, 1] (clamped).
  double place(double value) const;
  /// The value as the scenario reads it back exactly (17 significant digits
  /// at most, the shortest that round-trips).
  static std::string text(double value);
};

/// Checks every parameter against the scenario: the key is one of its keys
/// or spec fields and holds a number now. Throws InputError naming the key.
void check_free_parameters(const RunConfig& scenario, const std::vector<FreeParameter>& free);

/// The scenario with the free parameters set to `values`, validated (an
/// error names the key and value).
RunConfig with_values(const RunConfig& scenario, const std::vector<FreeParameter>& free,
                      const std::vector<double>& values);

}  // namespace koubei
