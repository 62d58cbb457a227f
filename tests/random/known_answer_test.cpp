// Known answers for the random streams.
//
// Philox4x32-10 is checked against Random123's published known-answer
// vectors, directly and through CounterStream's keying, which pins the order
// of the key halves and of the counter fields. koubei's own keying and
// conversions (words, doubles, bounded integers, Bernoulli thresholds) are
// pinned to literal values.
//
// THESE LITERALS PIN THE REPRODUCIBILITY CONTRACT: every result koubei
// computes for a given seed follows from them. A change that makes one of
// them fail changes every result of every run; it must be deliberate, and
// then the values are recomputed and pasted here.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

using Words = std::array<std::uint32_t, 4>;

Words words_of(const Block& b) { return {b.v[0], b.v[1], b.v[2], b.v[3]}; }

Words philox(Words counter, std::uint32_t key0, std::uint32_t key1) {
  r123::Philox4x32::ctr_type ctr{{counter[0], counter[1], counter[2], counter[3]}};
  r123::Philox4x32::key_type key{{key0, key1}};
  return words_of(r123::Philox4x32()(ctr, key));
}

// Random123's known-answer vectors for philox4x32 with 10 rounds: counter
// words 0..3, key words 0..1, then the four output words.
constexpr Words kPiCounter{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
constexpr std::uint32_t kPiKey0 = 0xa4093822, kPiKey1 = 0x299f31d0;
constexpr Words kPiOut{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
constexpr Words kZeroOut{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
constexpr Words kOnesOut{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};

TEST(KnownAnswer, Philox4x32_10PublishedVectors) {
  EXPECT_EQ(philox(kPiCounter, kPiKey0, kPiKey1), kPiOut);
  EXPECT_EQ(philox({0, 0, 0, 0}, 0, 0), kZeroOut);
  constexpr std::uint32_t ones = 0xffffffff;
  EXPECT_EQ(philox({ones, ones, ones, ones}, ones, ones), kOnesOut);
}

// CounterStream keys Philox with (low, high) halves of the master seed and
// counts with (low, high) halves of the block index, then the replicate,
// then the purpose: the published vectors come out of the matching fields.
TEST(KnownAnswer, CounterStreamLayoutGivesThePublishedVectors) {
  const CounterStream pi(0x299f31d0a4093822, 0x13198a2e, static_cast<Purpose>(0x03707344));
  const std::uint64_t b = 0x85a308d3243f6a88;
  EXPECT_EQ(words_of(pi.block(b)), kPiOut);

  const CounterStream zero(0, 0, static_cast<Purpose>(0));
  EXPECT_EQ(words_of(zero.block(0)), kZeroOut);
  // Words (64-bit indices) reach blocks below 2^62 only: word 4b + lane is lane
  // `lane` of block b.
  for (unsigned lane = 0; lane < 4; ++lane) EXPECT_EQ(zero.word(lane), kZeroOut[lane]) << lane;
  const CounterStream ones(~std::uint64_t{0}, 0xffffffff, static_cast<Purpose>(0xffffffff));
  EXPECT_EQ(words_of(ones.block(~std::uint64_t{0})), kOnesOut);

  // uniform_pair(i) takes words 2i (high) and 2i+1 (low) and keeps 53 bits.
  // (Pairs reach blocks below 2^63 only.)
  const auto pair = [](std::uint32_t hi, std::uint32_t lo) {
    return static_cast<double>(((std::uint64_t{hi} << 32) | lo) >> 11) * 0x1.0p-53;
  };
  EXPECT_EQ(zero.uniform_pair(0), pair(kZeroOut[0], kZeroOut[1]));
  EXPECT_EQ(zero.uniform_pair(1), pair(kZeroOut[2], kZeroOut[3]));
}

// The stream the literals below come from: both halves of the seed and the
// replicate non-zero.
constexpr std::uint64_t kSeed = 0x0123456789abcdef;
constexpr std::uint32_t kReplicate = 7;

RandomStream pinned_stream() { return RandomStream(kSeed, kReplicate, Purpose::kArcTrial); }

TEST(KnownAnswer, CounterStreamWordsAndDoublesArePinned) {
  const CounterStream s(kSeed, kReplicate, Purpose::kArcTrial);
  EXPECT_EQ(words_of(s.block(0)), (Words{0xe99ad167, 0x7f3bf1e8, 0x7c332e5c, 0xce04d3c7}));
  EXPECT_EQ(words_of(s.block(1)), (Words{0x1a162fd8, 0xcdfaeb49, 0x88c16b37, 0x85112b8a}));
  EXPECT_EQ(s.word(0), 0xe99ad167u);
  EXPECT_EQ(s.word(1), 0x7f3bf1e8u);
  EXPECT_EQ(s.word(5), 0xcdfaeb49u);
  EXPECT_EQ(s.word((std::uint64_t{1} << 32) + 3), 0x1d255a9eu);  // block 2^30
  EXPECT_EQ(s.word((std::uint64_t{1} << 36) + 2), 0xfd54ff2fu);  // block 2^34: high counter word
  EXPECT_EQ(s.word(~std::uint64_t{0}), 0xc804aa2bu);             // the last word

  EXPECT_EQ(s.uniform_pair(0), 0x1.d335a2cefe77ep-1);
  EXPECT_EQ(s.uniform_pair(1), 0x1.f0ccb97338134p-2);
  EXPECT_EQ(s.uniform_pair(2), 0x1.a162fd8cdfae8p-4);
  EXPECT_EQ(s.uniform_pair(1000001), 0x1.12019f61d2f5cp-3);
}

TEST(KnownAnswer, RandomStreamDrawsArePinned) {
  {
    RandomStream r = pinned_stream();
    EXPECT_EQ(r.next_u32(), 0xe99ad167u);
    EXPECT_EQ(r.next_u64(), std::uint64_t{0x7f3bf1e87c332e5c});  // words 1 (high) and 2
    EXPECT_EQ(r.uniform(), 0x1.9c09a78e342c5p-1);                // words 3 and 4
  }
  {
    // uniform() reads the words uniform_pair reads, in the same order.
    RandomStream r = pinned_stream();
    EXPECT_EQ(r.uniform(), 0x1.d335a2cefe77ep-1);
    EXPECT_EQ(r.uniform(), 0x1.f0ccb97338134p-2);
  }
  {
    RandomStream r = pinned_stream();
    const bool expected[16] = {0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1};
    for (int i = 0; i < 16; ++i) EXPECT_EQ(r.bernoulli(0.5), expected[i]) << i;
  }
  {
    // Word 0 (0xe99ad167) fails 0 and 0.1 and passes 0.5, 0.9 and 1.
    RandomStream r = pinned_stream();
    EXPECT_FALSE(r.bernoulli(0.0));
    EXPECT_FALSE(r.bernoulli(0.1));
    EXPECT_TRUE(r.bernoulli(0.5));
    EXPECT_TRUE(r.bernoulli(0.9));
    EXPECT_TRUE(r.bernoulli(1.0));
  }
}

TEST(KnownAnswer, BoundedDrawsArePinned) {
  struct Case {
    std::uint64_t n, first, second;  // the first two draws of below(n)
  };
  const std::uint64_t two32 = std::uint64_t{1} << 32;
  const Case cases[] = {
      {1, 0, 0},
      {2, 1, 0},
      {3, 2, 1},
      {7, 6, 3},
      {(std::uint64_t{1} << 31) - 1, 1959618738, 1067317491},
      {std::uint64_t{3} << 30, 2939428109, 2592317141},
      {two32 - 1, 3919237478, 2134634983},
      {two32, 3919237479, 2134634984},      // the 32-bit path: the word itself
      {two32 + 1, 3919237480, 2083728989},  // the 128-bit path from here on
      {(std::uint64_t{1} << 40) + 7, 1003324794757, 533434621137},
      {~std::uint64_t{0}, 16832996799697121767u, 8949547860643599302u},
  };
  for (const Case& c : cases) {
    RandomStream r = pinned_stream();
    EXPECT_EQ(r.below(c.n), c.first) << c.n;
    EXPECT_EQ(r.below(c.n), c.second) << c.n;
  }
  {
    RandomStream r = pinned_stream();
    const std::uint64_t expected[6] = {2, 1, 1, 2, 0, 2};
    for (int i = 0; i < 6; ++i) EXPECT_EQ(r.below(3), expected[i]) << i;
  }

  // Draws whose first word is rejected: the answer comes from the next word
  // (32-bit path) or the next pair of words (128-bit path).
  const CounterStream s(kSeed, kReplicate, Purpose::kArcTrial);
  {
    const std::uint64_t n = (std::uint64_t{3} << 30) + 1;
    const std::uint64_t low = (std::uint64_t{s.word(0)} * n) & 0xffffffff;
    ASSERT_LT(low, two32 % n);  // word 0 is rejected
    RandomStream r = pinned_stream();
    EXPECT_EQ(r.below(n), 1600976238u);
    EXPECT_EQ(1600976238u, (std::uint64_t{s.word(1)} * n) >> 32);
    EXPECT_EQ(r.next_u32(), s.word(2));  // two words were used
  }
  {
    const std::uint64_t n = std::uint64_t{3} << 62;
    const std::uint64_t w0 = (std::uint64_t{s.word(0)} << 32) | s.word(1);
    const std::uint64_t w1 = (std::uint64_t{s.word(2)} << 32) | s.word(3);
    ASSERT_LT(static_cast<std::uint64_t>(static_cast<Uint128>(w0) * n), (0 - n) % n);
    RandomStream r = pinned_stream();
    EXPECT_EQ(r.below(n), 6712160895482699477u);
    EXPECT_EQ(6712160895482699477u, static_cast<std::uint64_t>((static_cast<Uint128>(w1) * n) >> 64));
    EXPECT_EQ(r.next_u32(), s.word(4));  // four words were used
  }
}

TEST(KnownAnswer, WordThresholdsArePinned) {
  EXPECT_EQ(word_threshold(0.0), 0u);
  EXPECT_EQ(word_threshold(1e-12), 0u);  // below 2^-32: rounds down to never
  EXPECT_EQ(word_threshold(0.1), 429496729u);
  EXPECT_EQ(word_threshold(0.5), 2147483648u);
  EXPECT_EQ(word_threshold(1 - 1e-12), 4294967295u);  // every word but the largest
  EXPECT_EQ(word_threshold(1.0), 4294967296u);
}

}  // namespace
}  // namespace koubei
