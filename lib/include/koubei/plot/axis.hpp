#pragma once
// Axis ticks koubei chooses and labels itself: round values (1, 2 or 5
// times a power of ten apart) with thousands separators, so that a plot
// reads "1,200,000 users" whatever locale the machine lacks.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace koubei {

struct Tick {
  double value = 0;
  std::string label;
};

/// Round ticks from the first multiple of the step at or above `lo` to the
/// last at or below `hi`: about `most` steps, at most `most` + 2 ticks (the
/// step may be 5% short of (hi - lo) / most), and at least two when
/// hi > lo. lo == hi gives the one tick.
std::vector<Tick> nice_ticks(double lo, double hi, int most = 6);

/// 1234567 -> "1,234,567", -2500.5 -> "-2,500.5", 0.25 -> "0.25": the
/// shortest text that reads back to the value, with a comma every three
/// digits of the integer part.
std::string with_thousands(double value);

/// Where a value of a swept key sits on a numeric axis: the value when it
/// is a number, the one number in a spec ("const:0.1" -> 0.1, "random:k=50"
/// -> 50; parts split at ':', ',' and '='), none when it holds no number or
/// several ("er:n=1000,k=4").
std::optional<double> axis_position(std::string_view value);

/// The value with its one number's text replaced by X ("const:0.10" ->
/// "const:X", "0.5" -> "X"): values of one form sit on one numeric axis;
/// "random:k=50" and "degree:k=50" do not. None when axis_position is none.
std::optional<std::string> axis_form(std::string_view value);

}  // namespace koubei
