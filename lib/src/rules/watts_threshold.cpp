#include "koubei/rules/watts_threshold.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/rules/adopter_count.hpp"

namespace koubei {
namespace {

// The smallest a with a / d >= phi in double precision, for d >= 1.
std::uint32_t smallest_reaching(std::uint32_t d, double phi) {
  auto reaches = [&](std::uint64_t a) { return static_cast<double>(a) / d >= phi; };
  auto a = static_cast<std::uint64_t>(std::ceil(phi * d));  // off by one at most either way
  while (a > 1 && reaches(a - 1)) --a;
  while (!reaches(a)) ++a;  // ends by a = d, since phi <= 1
  return static_cast<std::uint32_t>(std::max<std::uint64_t>(a, 1));
}

}  // namespace

WattsParams WattsParams::parse(const Spec& spec) {
  spec.allow_only({"phi"});
  spec.expect_args(0, "phi=PHI with PHI in (0, 1]");
  const double phi = spec.require_double("phi", 0.0, 1.0);
  if (phi == 0.0)
    throw InputError(fmt::format(
        "rule spec '{}': phi must be above 0 (at 0 every node would adopt at once)", spec.text()));
  return {phi};
}

std::string WattsParams::to_string() const { return fmt::format("watts:phi={}", phi); }

WattsThreshold::WattsThreshold(const Graph& graph, WattsParams params)
    : graph_(graph), params_(params), needed_(graph.num_nodes(), 0) {
  const auto targets = graph.targets();
  const auto trust = graph.trust();
  for (std::size_t a = 0; a < targets.size(); ++a)
    if (trust[a] != 0.0f) ++needed_[targets[a]];  // d, for now
  for (std::uint32_t& n : needed_)
    n = n == 0 ? std::numeric_limits<std::uint32_t>::max() : smallest_reaching(n, params_.phi);
}

std::unique_ptr<RuleWorker> WattsThreshold::make_worker() const {
  const std::uint32_t* needed = needed_.data();
  auto needed_by = [needed](NodeId v) { return needed[v]; };
  return std::make_unique<AdopterCountWorker<decltype(needed_by)>>(graph_, needed_by);
}

}  // namespace koubei
