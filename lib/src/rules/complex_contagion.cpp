#include "koubei/rules/complex_contagion.hpp"

#include <fmt/format.h>

#include "koubei/core/spec.hpp"
#include "koubei/rules/adopter_count.hpp"

namespace koubei {

ComplexParams ComplexParams::parse(const Spec& spec) {
  spec.allow_only({"k"});
  spec.expect_args(0, "k=K with an integer K >= 1");
  return {static_cast<std::uint32_t>(spec.require_int("k", 1, 4294967295))};
}

std::string ComplexParams::to_string() const { return fmt::format("complex:k={}", k); }

std::unique_ptr<RuleWorker> ComplexContagion::make_worker() const {
  const std::uint32_t k = k_;
  auto needed = [k](NodeId) { return k; };
  return std::make_unique<AdopterCountWorker<decltype(needed)>>(graph_, needed);
}

}  // namespace koubei
