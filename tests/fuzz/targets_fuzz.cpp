// Targets files of `koubei fit` (kind,column,window,observed,...). A file
// that reads gives targets with finite observations, weights and
// tolerances in range, windows in order, and steps within the horizon; a
// target measures a small replicate without throwing, and its loss term is
// a number (or +inf for a huge miss), never NaN.

#include <cmath>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/fit/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  fuzz::scratch();  // quiet logs
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::expect_success_or_input_error([&] {
    const std::vector<Target> targets = parse_targets(text, "targets.csv", 0.5, 100);
    ReplicateRecord record;
    record.steps.resize(3);
    for (std::uint32_t t = 0; t < 3; ++t) {
      record.steps[t].step = t;
      record.steps[t].transitions.new_adopters = 5 * t + 1;
      record.steps[t].channels.adoptions = {t == 0 ? 1u : 0u, t == 0 ? 0u : 5 * t + 1, 0, 0, 0};
      record.steps[t].counts.adopters = 10 * t + 1;
    }
    record.summary.steps = 2;
    for (const Target& t : targets) {
      if (!std::isfinite(t.observed) || !(t.weight >= 0) || (t.tolerance && !(*t.tolerance > 0)))
        std::abort();
      if (t.kind == Target::Kind::kTimeseries && t.step > 100) std::abort();
      if (t.kind == Target::Kind::kShare && (!(t.from <= t.to) || t.observed < 0 || t.observed > 1))
        std::abort();
      if (!t.tolerance && t.observed == 0) std::abort();
      const double value = t.measure(record);
      if (std::isnan(value) || std::isnan(t.loss(value))) std::abort();
    }
  });
  return 0;
}
