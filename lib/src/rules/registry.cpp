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

namespace {

std::unique_ptr<Rule> make_ic(const Spec& spec, const Graph& graph) {
  spec.allow_only({"sampler"});
  spec.expect_args(0, "ic or ic:sampler=arcs|runs");
  const std::string sampler = spec.get("sampler").value_or("arcs");
  if (sampler != "arcs" && sampler != "runs")
    throw InputError(
        fmt::format("rule spec '{}': sampler must be arcs or runs, got '{}'", spec.text(), sampler));
  return std::make_unique<IndependentCascade>(
      graph, sampler == "runs" ? IcSampler::kRuns : IcSampler::kArcs);
}

std::unique_ptr<Rule> make_lt(const Spec& spec, const Graph& graph) {
  spec.allow_only({});
  spec.expect_args(0, "no arguments");
  return std::make_unique<LinearThreshold>(graph);
}

std::uint32_t parse_k(const Spec& spec) {
  spec.allow_only({"k"});
  spec.expect_args(0, "k=K with an integer K >= 1");
  return static_cast<std::uint32_t>(spec.require_int("k", 1, 4294967295));
}

double parse_churn(const Spec& spec) {
  spec.allow_only({"churn"});
  spec.expect_args(0, "churn=G with G in [0, 1]");
  return spec.require_double("churn", 0.0, 1.0);
}

// The rules, one line each: name, usage, factory.
const RuleEntry kRules[] = {
    {"ic", "ic[:sampler=arcs|runs]", make_ic},
    {"lt", "lt", make_lt},
    {"complex", "complex:k=K",
     [](const Spec& spec, const Graph& graph) -> std::unique_ptr<Rule> {
       return std::make_unique<ComplexContagion>(graph, parse_k(spec));
     }},
    {"invite", "invite:k=K",
     [](const Spec& spec, const Graph& graph) -> std::unique_ptr<Rule> {
       return std::make_unique<InviteReferral>(graph, parse_k(spec));
     }},
    {"sir", "sir:churn=G",
     [](const Spec& spec, const Graph& graph) -> std::unique_ptr<Rule> {
       return std::make_unique<ChurnContagion>(graph, ChurnMode::kSir, parse_churn(spec));
     }},
    {"sis", "sis:churn=G",
     [](const Spec& spec, const Graph& graph) -> std::unique_ptr<Rule> {
       return std::make_unique<ChurnContagion>(graph, ChurnMode::kSis, parse_churn(spec));
     }},
    {"bass", "bass:p=P,q=Q[,scope=neighbors|global]",
     [](const Spec& spec, const Graph& graph) -> std::unique_ptr<Rule> {
       return std::make_unique<BassDiffusion>(graph, BassParams::parse(spec));
     }},
};

}  // namespace

std::span<const RuleEntry> rule_table() { return kRules; }

std::string rule_usages() {
  std::string out;
  for (const RuleEntry& rule : kRules) out += (out.empty() ? "" : " | ") + std::string(rule.usage);
  return out;
}

std::unique_ptr<Rule> make_rule(std::string_view text, const Graph& graph) {
  const Spec spec("rule", text);
  for (const RuleEntry& rule : kRules)
    if (spec.name() == rule.name) return rule.make(spec, graph);
  std::string known;
  for (const RuleEntry& rule : kRules) known += (known.empty() ? "" : ", ") + std::string(rule.name);
  throw InputError(fmt::format("unknown rule '{}' (known: {})", spec.text(), known));
}

void check_rule_spec(std::string_view spec) {
  static const Graph empty;
  make_rule(spec, empty);
}

}  // namespace koubei
