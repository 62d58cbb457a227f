#include "koubei/plot/axis.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace koubei {

std::string with_thousands(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of("en") != std::string::npos) return text;  // 1e+300, inf, nan
  const std::size_t sign = text.starts_with('-') ? 1 : 0;
  std::size_t point = text.find('.');
  if (point == std::string::npos) point = text.size();
  for (std::size_t at = point; at > sign + 3; at -= 3) text.insert(at - 3, ",");
  return text;
}

std::vector<Tick> nice_ticks(double lo, double hi, int most) {
  std::vector<Tick> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi < lo || most < 1) return ticks;
  if (hi == lo) return {{lo, with_thousands(lo)}};
  const double raw = (hi - lo) / most;
  // A span too wide for a double, or so narrow that its step would be
  // subnormal: its ends alone.
  if (!std::isfinite(raw) || raw < 1e-290) return {{lo, with_thousands(lo)}, {hi, with_thousands(hi)}};
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * magnitude;
  // A step may fall 5% short of range / most (so 0..60,008 goes by 10,000,
  // not 20,000); one more tick than asked can then fit, but not two while
  // most < 20.
  for (double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= raw / 1.05) {
      step = m * magnitude;
      break;
    }
  // Decimals enough for the step (0.25 needs two; 1000 none).
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  const double first = std::ceil(lo / step - 1e-9);
  for (double k = first; k * step <= hi + step * 1e-9 && ticks.size() < static_cast<std::size_t>(most) + 3; ++k) {
    double value = k * step;
    if (std::abs(value) < step * 1e-9) value = 0;  // not -0
    const double rounded =
        decimals > 0 ? std::strtod(fmt::format("{:.{}f}", value, decimals).c_str(), nullptr) : std::round(value);
    if (!std::isfinite(rounded)) break;
    ticks.push_back({rounded, with_thousands(rounded)});
  }
  return ticks;
}

namespace {

/// The one number of `value`: where its text starts, its length and value.
struct NumberPart {
  std::size_t start = 0, length = 0;
  double value = 0;
};

std::optional<NumberPart> one_number(std::string_view value) {
  std::optional<NumberPart> found;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find_first_of(":,=", start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view part = value.substr(start, end - start);
    double x = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), x);
    if (!part.empty() && ec == std::errc() && ptr == part.data() + part.size() && std::isfinite(x)) {
      if (found) return std::nullopt;  // two numbers: not one position
      found = NumberPart{start, part.size(), x};
    }
    start = end + 1;
  }
  return found;
}

}  // namespace

std::optional<double> axis_position(std::string_view value) {
  const std::optional<NumberPart> number = one_number(value);
  if (!number) return std::nullopt;
  return number->value;
}

std::optional<std::string> axis_form(std::string_view value) {
  const std::optional<NumberPart> number = one_number(value);
  if (!number) return std::nullopt;
  std::string form(value);
  form.replace(number->start, number->length, "X");
  return form;
}

}  // namespace koubei
