#include "koubei/fit/free_parameter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {

FreeParameter FreeParameter::parse(std::string_view text) {
  const auto equals = text.find('=');
  auto fail = [&](std::string_view why) {
    return InputError(fmt::format("free parameter '{}': {} (expected KEY=LO:HI or KEY=log:LO:HI)", text, why));
  };
  if (equals == std::string_view::npos) throw fail("no '='");
  FreeParameter p;
  p.key = std::string(trim(text.substr(0, equals)));
  if (p.key.empty()) throw fail("no key");
  std::string_view range = trim(text.substr(equals + 1));
  if (range.starts_with("log:")) {
    p.log = true;
    range.remove_prefix(4);
  }
  const auto colon = range.find(':');
  if (colon == std::string_view::npos) throw fail("no ':' between LO and HI");
  const auto lo = parse_double(trim(range.substr(0, colon)));
  const auto hi = parse_double(trim(range.substr(colon + 1)));
  if (!lo || !hi || !std::isfinite(*lo) || !std::isfinite(*hi)) throw fail("LO and HI must be numbers");
  if (!(*lo < *hi)) throw fail("LO must be below HI");
  if (p.log && !(*lo > 0)) throw fail("a log scale needs LO > 0");
  p.lo = *lo;
  p.hi = *hi;
  return p;
}

double FreeParameter::at(double u) const {
  if (!(u > 0)) return lo;  // the ends exactly
  if (!(u < 1)) return hi;
  if (log) return std::clamp(std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))), lo, hi);
  return std::clamp(lo + u * (hi - lo), lo, hi);
}

double FreeParameter::place(double value) const {
  const double u = log ? (std::log(value) - std::log(lo)) / (std::log(hi) - std::log(lo))
                       : (value - lo) / (hi - lo);
  return std::isfinite(u) ? std::clamp(u, 0.0, 1.0) : 0.5;
}

std::string FreeParameter::text(double value) { return fmt::format("{}", value); }

void check_free_parameters(const RunConfig& scenario, const std::vector<FreeParameter>& free) {
  if (free.empty()) throw InputError("fit: no free parameter (--free KEY=LO:HI)");
  for (std::size_t i = 0; i < free.size(); ++i) {
    const FreeParameter& p = free[i];
    for (std::size_t j = 0; j < i; ++j)
      if (free[j].key == p.key) throw InputError(fmt::format("free parameter '{}' given twice", p.key));
    const std::optional<std::string> now = scenario.value_of(p.key);
    if (!now)
      throw InputError(fmt::format("free parameter '{}' is not a key of the scenario", p.key));
    if (!parse_double(*now))
      throw InputError(fmt::format("free parameter '{}' is not numeric (it is '{}')", p.key, *now));
    // Both ends must make a valid scenario.
    for (double x : {p.lo, p.hi}) (void)scenario.with({{p.key, FreeParameter::text(x)}}, "free parameter " + p.key);
  }
}

RunConfig with_values(const RunConfig& scenario, const std::vector<FreeParameter>& free,
                      const std::vector<double>& values) {
  std::vector<std::pair<std::string, std::string>> settings;
  for (std::size_t i = 0; i < free.size(); ++i)
    settings.emplace_back(free[i].key, FreeParameter::text(values[i]));
  return scenario.with(settings, "fit");
}

}  // namespace koubei
