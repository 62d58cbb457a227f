// A request for more RR sets than memory holds is refused before the sets
// are drawn, naming the epsilon that would fit.

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cstdint>
#include <string>

#include "koubei/core/error.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/seeding/select_seeds.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {
namespace {

// Peak resident memory of this process so far, in bytes.
std::uint64_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

// Near-zero trust keeps the best spread near k, so IMM's bound on the RR
// sets needed is about lambda / k: beyond any memory at epsilon = 0.001 for
// 1000 seeds of 100,000 users (about 10^13 sets); even lambda* / n, what
// the best spread possible would need, is about 10^10. It is refused before
// any set is drawn: the process's peak memory does not grow by the
// gigabytes that drawing would take. (OPIM-C certifies this instance from
// few sets, and checks memory only before it doubles them.)
TEST(MemoryRefusal, AnEpsilonThatNeedsMoreMemoryNamesOneThatFits) {
  Graph graph = GraphSpec("er:n=100000,k=2").make(1);
  TrustModel("const:0.0001").apply(graph, 1);
  const std::uint64_t peak_before = peak_resident_bytes();
  try {
    select_seeds(graph, InfluenceRule::kIc, SeedingSpec("imm:k=1000,epsilon=0.001"), 1, 1);
    FAIL() << "expected a refusal";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("imm:k=1000,epsilon=0.001 needs about"), std::string::npos) << message;
    EXPECT_NE(message.find("or more fits"), std::string::npos) << message;
  }
  EXPECT_LT(peak_resident_bytes(), peak_before + (std::uint64_t{256} << 20));
}

}  // namespace
}  // namespace koubei
