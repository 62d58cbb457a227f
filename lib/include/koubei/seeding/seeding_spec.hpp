#pragma once
// How the first users are chosen: a seeding spec, parsed once.
//
//   N  or  random:k=N          N users drawn uniformly at random, afresh in
//                              every replicate (the default, `seeds = 100`)
//   degree:k=N                 the N largest out-degrees
//   degree-discount:k=N        Chen, Wang and Yang's degree discount,
//                              generalised to per-arc trust (heuristics.hpp)
//   celf:k=N[,runs=R]          greedy with lazy evaluation on R Monte Carlo
//                              cascades (celf.hpp), R = 1000 by default
//   imm:k=N[,epsilon=E,ell=L]  IMM: a (1 - 1/e - E) approximation with
//                              probability 1 - 1/n^L (ris.hpp)
//   opim-c:k=N[,epsilon=E,ell=L]  OPIM-C: stops as soon as it can certify
//                              1 - 1/e - E with probability 1 - 1/n^L
//
// Every method but `random` also takes rule=ic|lt, the diffusion its
// selection assumes (default: the scenario's rule if it is ic or lt, else
// ic). The canonical text lists every parameter, except that random seeding
// reads as its count alone ("100"), as `seeds` always did.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace koubei {

/// The diffusion a selection method assumes.
enum class InfluenceRule { kIc, kLt };
const char* influence_rule_name(InfluenceRule rule);

enum class SeedingMethod { kRandom, kDegree, kDegreeDiscount, kCelf, kImm, kOpimC };

class SeedingSpec {
 public:
  /// 100 random users, the built-in scenario's seeding.
  SeedingSpec() = default;
  /// Throws InputError naming the spec for an unknown method or a bad value.
  SeedingSpec(std::string_view text);  // NOLINT: a spec reads from its text
  SeedingSpec(const std::string& text) : SeedingSpec(std::string_view(text)) {}
  SeedingSpec(const char* text) : SeedingSpec(std::string_view(text)) {}
  static SeedingSpec parse(std::string_view text) { return SeedingSpec(text); }
  /// random:k=count.
  static SeedingSpec random(std::uint64_t count);
  /// `seeds = 20` in a program reads as it does in a scenario file.
  template <std::integral Count>
  SeedingSpec(Count count)  // NOLINT: a count is a seeding
      : SeedingSpec(std::string_view(std::to_string(count))) {}

  SeedingMethod method() const { return method_; }
  /// Seed users to choose.
  std::uint64_t k() const { return k_; }
  double epsilon() const { return epsilon_; }  // imm, opim-c
  double ell() const { return ell_; }          // imm, opim-c
  std::uint32_t runs() const { return runs_; }  // celf
  /// The rule the spec names, if it names one.
  std::optional<InfluenceRule> rule() const { return rule_; }
  /// True for `random`: a new draw in every replicate; every other method
  /// gives one set for all replicates.
  bool per_replicate() const { return method_ == SeedingMethod::kRandom; }
  /// The method's name as specs write it ("degree-discount").
  const char* method_name() const;

  /// The same spec with k multiplied by `factor` (rounded, at least 1).
  SeedingSpec scaled(double factor) const;
  /// The same spec with k replaced.
  SeedingSpec with_k(std::uint64_t k) const;

  const std::string& to_string() const { return text_; }
  /// For people and headers: `random:k=N` for random seeding, else the
  /// canonical text.
  std::string describe() const;
  bool operator==(const SeedingSpec& other) const { return text_ == other.text_; }

  /// Largest k a spec accepts.
  static constexpr std::uint64_t kMaxK = 0xFFFFFFFF;
  /// The usage line for help texts.
  static const char* usage();

 private:
  void make_text();

  SeedingMethod method_ = SeedingMethod::kRandom;
  std::uint64_t k_ = 100;
  double epsilon_ = 0.1;
  double ell_ = 1.0;
  std::uint32_t runs_ = 1000;
  std::optional<InfluenceRule> rule_;
  std::string text_ = "100";
};

}  // namespace koubei
