// The list of diffusion rules: one line per rule.
#include <fmt/format.h>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/rules/bass.hpp"
#include "koubei/rules/churn_contagion.hpp"
#include "koubei/rules/complex_contagion.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/rules/invite_referral.hpp"
#include "koubei/rules/linear_threshold.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

std::unique_ptr<Rule> make_rule(std::string_view text, const Graph& graph) {
  Spec spec("rule", text);
  if (spec.name() == "ic") {
    spec.allow_only({"sampler"});
    spec.expect_args(0, "ic or ic:sampler=arcs|runs");
    const std::string sampler = spec.get("sampler").value_or("arcs");
    if (sampler != "arcs" && sampler != "runs")
      throw InputError(
          fmt::format("rule spec '{}': sampler must be arcs or runs, got '{}'", spec.text(), sampler));
    return std::make_unique<IndependentCascade>(
        graph, sampler == "runs" ? IcSampler::kRuns : IcSampler::kArcs);
  }
  if (spec.name() == "lt") {
    spec.allow_only({});
    spec.expect_args(0, "no arguments");
    return std::make_unique<LinearThreshold>(graph);
  }
  if (spec.name() == "bass") return std::make_unique<BassDiffusion>(graph, BassParams::parse(spec));
  if (spec.name() == "complex" || spec.name() == "invite") {
    spec.allow_only({"k"});
    spec.expect_args(0, "k=K with an integer K >= 1");
    const auto k = static_cast<std::uint32_t>(spec.require_int("k", 1, 4294967295));
    if (spec.name() == "complex") return std::make_unique<ComplexContagion>(graph, k);
    return std::make_unique<InviteReferral>(graph, k);
  }
  if (spec.name() == "sir" || spec.name() == "sis") {
    spec.allow_only({"churn"});
    spec.expect_args(0, "churn=G with G in [0, 1]");
    const double churn = spec.require_double("churn", 0.0, 1.0);
    const ChurnMode mode = spec.name() == "sis" ? ChurnMode::kSis : ChurnMode::kSir;
    return std::make_unique<ChurnContagion>(graph, mode, churn);
  }
  throw InputError(fmt::format("unknown rule '{}' (known: ic, lt, complex, invite, sir, sis, bass)",
                               spec.text()));
}

void check_rule_spec(std::string_view spec) {
  static const Graph empty;
  make_rule(spec, empty);
}

}  // namespace koubei
