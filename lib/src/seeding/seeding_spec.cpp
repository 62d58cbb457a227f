#include "koubei/seeding/seeding_spec.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <utility>

#include "koubei/core/error.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {
namespace {

constexpr std::array<std::pair<SeedingMethod, const char*>, 6> kNames{{
    {SeedingMethod::kRandom, "random"},
    {SeedingMethod::kDegree, "degree"},
    {SeedingMethod::kDegreeDiscount, "degree-discount"},
    {SeedingMethod::kCelf, "celf"},
    {SeedingMethod::kImm, "imm"},
    {SeedingMethod::kOpimC, "opim-c"},
}};

}  // namespace

const char* influence_rule_name(InfluenceRule rule) { return rule == InfluenceRule::kLt ? "lt" : "ic"; }

const char* SeedingSpec::usage() {
  return "N | random:k=N | degree:k=N | degree-discount:k=N | celf:k=N[,runs=R] | "
         "imm:k=N[,epsilon=E,ell=L] | opim-c:k=N[,epsilon=E,ell=L] (all but random: "
         "[,rule=ic|lt])";
}

const char* SeedingSpec::method_name() const {
  for (const auto& [method, name] : kNames)
    if (method == method_) return name;
  return "random";
}

SeedingSpec SeedingSpec::random(std::uint64_t count) {
  SeedingSpec spec;
  spec.k_ = count;
  spec.make_text();
  return spec;
}

SeedingSpec::SeedingSpec(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (auto count = parse_int64(trimmed)) {  // `seeds = 100`
    if (*count < 0 || static_cast<std::uint64_t>(*count) > kMaxK)
      throw InputError(fmt::format("seeds = {} is outside [0, {}]", trimmed, kMaxK));
    k_ = static_cast<std::uint64_t>(*count);
    make_text();
    return;
  }
  const Spec spec("seeds", trimmed);
  bool known = false;
  for (const auto& [method, name] : kNames)
    if (spec.name() == name) method_ = method, known = true;
  if (!known)
    throw InputError(fmt::format("seeds = {}: unknown method '{}' (seeds: {})", spec.text(),
                                 spec.name(), usage()));
  if (!spec.args().empty())
    throw InputError(fmt::format("seeds = {}: unexpected item '{}' (seeds: {})", spec.text(),
                                 spec.args().front(), usage()));
  switch (method_) {
    case SeedingMethod::kRandom:
      spec.allow_only({"k"});
      break;
    case SeedingMethod::kDegree:
    case SeedingMethod::kDegreeDiscount:
      spec.allow_only({"k", "rule"});
      break;
    case SeedingMethod::kCelf:
      spec.allow_only({"k", "runs", "rule"});
      break;
    case SeedingMethod::kImm:
    case SeedingMethod::kOpimC:
      spec.allow_only({"k", "epsilon", "ell", "rule"});
      break;
  }
  k_ = static_cast<std::uint64_t>(spec.require_int("k", 1, static_cast<std::int64_t>(kMaxK)));
  runs_ = static_cast<std::uint32_t>(spec.get_int("runs", runs_, 1, 100'000'000));
  // Below 0.001 the RR sets of any real graph outgrow memory; at 1 - 1/e
  // or above the guarantee says nothing.
  epsilon_ = spec.get_double("epsilon", epsilon_, 0.001, 0.6);
  ell_ = spec.get_double("ell", ell_, 0.01, 100);
  if (auto rule = spec.get("rule")) {
    if (*rule == "ic") {
      rule_ = InfluenceRule::kIc;
    } else if (*rule == "lt") {
      rule_ = InfluenceRule::kLt;
    } else {
      throw InputError(
          fmt::format("seeds = {}: rule = {}: selection assumes ic or lt", spec.text(), *rule));
    }
  }
  make_text();
}

void SeedingSpec::make_text() {
  if (method_ == SeedingMethod::kRandom) {
    text_ = fmt::format("{}", k_);
    return;
  }
  text_ = fmt::format("{}:k={}", method_name(), k_);
  if (method_ == SeedingMethod::kCelf) text_ += fmt::format(",runs={}", runs_);
  if (method_ == SeedingMethod::kImm || method_ == SeedingMethod::kOpimC)
    text_ += fmt::format(",epsilon={},ell={}", epsilon_, ell_);
  if (rule_) text_ += fmt::format(",rule={}", influence_rule_name(*rule_));
}

std::string SeedingSpec::describe() const {
  return method_ == SeedingMethod::kRandom ? fmt::format("random:k={}", k_) : text_;
}

SeedingSpec SeedingSpec::with_k(std::uint64_t k) const {
  SeedingSpec copy = *this;
  copy.k_ = k;
  copy.make_text();
  return copy;
}

SeedingSpec SeedingSpec::scaled(double factor) const {
  const double k = std::max(1.0, std::round(static_cast<double>(k_) * factor));
  return with_k(static_cast<std::uint64_t>(std::min(k, static_cast<double>(kMaxK))));
}

}  // namespace koubei
