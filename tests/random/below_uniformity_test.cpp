// RandomStream::below is unbiased where the shortcuts are most biased.
//
// For 2^31 < n < 2^32 a 32-bit word w maps to v = (w n) >> 32 through one
// or two words: value v gets ceil((v+1) 2^32 / n) - ceil(v 2^32 / n) words.
// The 2^32 - n values that get two words (the set D) are hit with
// probability 2 (2^32 - n) / 2^32 by the plain multiply-shift, but with
// probability |D| / n by an unbiased draw. For n = 3 2^30 + 12345 that is
// about 1/2 against 1/3. Lemire's rejection removes the extra word of each
// value in D, so the fraction of draws in D tells the two apart. Likewise
// w mod n doubles the values below 2^32 - n (the set L), with the same odds.
// The same holds for the 128-bit path with 64-bit words and n = 3 2^62 + 12345.
//
// Each test counts the draws in D and in L, turns each count into a z-score
// with the binomial standard error sqrt(N p (1 - p)), p = |set| / n, and
// requires |z| <= 5. Proof that this has power: with N = 2^20 draws,
// p = 0.33333 and the biased probability 0.49999, the SE of the fraction
// is sqrt(0.2222 / 2^20) = 4.6e-4, so a biased draw sits at
// (0.49999 - 0.33333) / 4.6e-4 = 362 SE. The tests run the biased maps on
// the same words and require z > 20 for them, so the statistic is checked
// to reject them.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

constexpr int kDraws = 1 << 20;
constexpr double kTolerance = 5;  // standard errors
constexpr double kPower = 20;     // a biased map must sit further out than this

// Counts of draws in the sets D and L.
struct Counts {
  double in_d = 0, in_l = 0;
};

// z-score of `count` draws out of kDraws in a set of probability p.
double z_score(double count, double p) {
  return (count - kDraws * p) / std::sqrt(kDraws * p * (1 - p));
}

// ---------------------------------------------------------------- 32-bit path

constexpr std::uint64_t kTwo32 = std::uint64_t{1} << 32;
constexpr std::uint64_t kN32 = (std::uint64_t{3} << 30) + 12345;

bool in_d32(std::uint64_t v) {  // (v + 1) 2^32 < 2^64: 64-bit arithmetic suffices
  const auto ceil_words = [](std::uint64_t x) { return ((x << 32) + kN32 - 1) / kN32; };
  return ceil_words(v + 1) - ceil_words(v) == 2;
}

template <typename Draw>
Counts count32(Draw draw) {
  Counts c;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t v = draw();
    EXPECT_LT(v, kN32);
    c.in_d += in_d32(v);
    c.in_l += v < kTwo32 - kN32;
  }
  return c;
}

TEST(BelowUniformity, ThirtyTwoBitPathNearThreeQuartersOfTwoToThe32) {
  static_assert(kN32 > (std::uint64_t{1} << 31) && kN32 < kTwo32);
  // Both sets hold 2^32 - n values; the check below confirms the count of D
  // on its first values, where it repeats every three.
  const double p = static_cast<double>(kTwo32 - kN32) / static_cast<double>(kN32);
  ASSERT_TRUE(in_d32(0));
  ASSERT_FALSE(in_d32(1));
  ASSERT_FALSE(in_d32(2));
  ASSERT_TRUE(in_d32(3));

  RandomStream s(2024, 3, Purpose::kSeeds);
  const Counts lemire = count32([&] { return s.below(kN32); });
  EXPECT_LE(std::abs(z_score(lemire.in_d, p)), kTolerance) << z_score(lemire.in_d, p);
  EXPECT_LE(std::abs(z_score(lemire.in_l, p)), kTolerance) << z_score(lemire.in_l, p);

  RandomStream t(2024, 3, Purpose::kSeeds);
  const Counts shift = count32([&] { return (std::uint64_t{t.next_u32()} * kN32) >> 32; });
  EXPECT_GT(z_score(shift.in_d, p), kPower) << z_score(shift.in_d, p);
  RandomStream u(2024, 3, Purpose::kSeeds);
  const Counts mod = count32([&] { return std::uint64_t{u.next_u32()} % kN32; });
  EXPECT_GT(z_score(mod.in_l, p), kPower) << z_score(mod.in_l, p);
}

// --------------------------------------------------------------- 128-bit path

constexpr std::uint64_t kN64 = (std::uint64_t{3} << 62) + 12345;
constexpr std::uint64_t kD64Size = 0 - kN64;  // 2^64 - n

bool in_d64(std::uint64_t v) {  // (v + 1) 2^64 + n - 1 < 2^128
  const auto ceil_words = [](std::uint64_t x) { return ((Uint128{x} << 64) + kN64 - 1) / kN64; };
  return ceil_words(v + 1) - ceil_words(v) == 2;
}

template <typename Draw>
Counts count64(Draw draw) {
  Counts c;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t v = draw();
    EXPECT_LT(v, kN64);
    c.in_d += in_d64(v);
    c.in_l += v < kD64Size;
  }
  return c;
}

TEST(BelowUniformity, OneHundredTwentyEightBitPathNearThreeQuartersOfTwoToThe64) {
  const double p = static_cast<double>(kD64Size) / static_cast<double>(kN64);
  ASSERT_TRUE(in_d64(0));
  ASSERT_FALSE(in_d64(1));
  ASSERT_FALSE(in_d64(2));
  ASSERT_TRUE(in_d64(3));

  RandomStream s(2025, 4, Purpose::kSeeds);
  const Counts lemire = count64([&] { return s.below(kN64); });
  EXPECT_LE(std::abs(z_score(lemire.in_d, p)), kTolerance) << z_score(lemire.in_d, p);
  EXPECT_LE(std::abs(z_score(lemire.in_l, p)), kTolerance) << z_score(lemire.in_l, p);

  RandomStream t(2025, 4, Purpose::kSeeds);
  const Counts shift = count64(
      [&] { return static_cast<std::uint64_t>((static_cast<Uint128>(t.next_u64()) * kN64) >> 64); });
  EXPECT_GT(z_score(shift.in_d, p), kPower) << z_score(shift.in_d, p);
  RandomStream u(2025, 4, Purpose::kSeeds);
  const Counts mod = count64([&] { return u.next_u64() % kN64; });
  EXPECT_GT(z_score(mod.in_l, p), kPower) << z_score(mod.in_l, p);
}

}  // namespace
}  // namespace koubei
