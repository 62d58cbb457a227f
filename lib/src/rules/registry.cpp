// The list of diffusion rules: one line per rule.
#include <fmt/format.h>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/rules/linear_threshold.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

std::unique_ptr<Rule> make_rule(std::string_view text, const Graph& graph) {
  Spec spec("rule", text);
  if (spec.name() == "ic") {
    spec.allow_only({});
    spec.expect_args(0, "no arguments");
    return std::make_unique<IndependentCascade>(graph);
  }
  if (spec.name() == "lt") {
    spec.allow_only({});
    spec.expect_args(0, "no arguments");
    return std::make_unique<LinearThreshold>(graph);
  }
  throw InputError(fmt::format("unknown rule '{}' (known: ic, lt)", spec.text()));
}

void check_rule_spec(std::string_view spec) {
  static const Graph empty;
  make_rule(spec, empty);
}

}  // namespace koubei
