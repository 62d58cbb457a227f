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
#include "koubei/rules/watts_threshold.hpp"

namespace koubei {

namespace {

// The rules, one line each: name, usage, an example that runs, factory.
const RuleEntry kRules[] = {
    {"ic", "ic[:sampler=arcs|runs]", "ic", make_rule_of<IndependentCascade>},
    {"lt", "lt", "lt", make_rule_of<LinearThreshold>},
    {"complex", "complex:k=K", "complex:k=2", make_rule_of<ComplexContagion>},
    {"invite", "invite:k=K", "invite:k=2", make_rule_of<InviteReferral>},
    {"sir", "sir:churn=G", "sir:churn=0.2", make_rule_of<ChurnContagion>},
    {"sis", "sis:churn=G", "sis:churn=0.2", make_rule_of<ChurnContagion>},
    {"bass", "bass:p=P,q=Q[,scope=neighbors|global]", "bass:p=0.01,q=0.3",
     make_rule_of<BassDiffusion>},
    {"watts", "watts:phi=PHI", "watts:phi=0.18", make_rule_of<WattsThreshold>},
};

}  // namespace

std::span<const RuleEntry> rule_table() { return kRules; }

std::string rule_usages() {
  std::string out;
  for (const RuleEntry& rule : kRules) out += (out.empty() ? "" : " | ") + std::string(rule.usage);
  return out;
}

RuleSpec::RuleSpec() : RuleSpec("ic") {}

RuleSpec::RuleSpec(std::string_view text) {
  const Spec spec("rule", text);
  for (const RuleEntry& rule : kRules) {
    if (spec.name() != rule.name) continue;
    binding_ = rule.parse(spec);
    return;
  }
  std::string known;
  for (const RuleEntry& rule : kRules) known += (known.empty() ? "" : ", ") + std::string(rule.name);
  throw InputError(fmt::format("unknown rule '{}' (known: {})", spec.text(), known));
}

std::unique_ptr<Rule> make_rule(std::string_view spec, const Graph& graph) {
  return RuleSpec(spec).make(graph);
}

void check_rule_spec(std::string_view spec) { (void)RuleSpec(spec); }

}  // namespace koubei
