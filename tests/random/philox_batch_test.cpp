#include "koubei/random/philox_batch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "koubei/random/stream.hpp"

namespace koubei {

// What test listings print for a parameter (found by argument-dependent
// lookup, so in the enum's namespace).
void PrintTo(PhiloxIsa isa, std::ostream* out) { *out << philox_isa_name(isa); }

namespace {

constexpr PhiloxIsa kAllIsas[] = {PhiloxIsa::kScalar, PhiloxIsa::kAvx2, PhiloxIsa::kAvx512};

// A 64-bit mixer (splitmix64) for test indices independent of Philox.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::vector<std::uint64_t> random_indices(std::size_t count, std::uint64_t salt) {
  std::vector<std::uint64_t> indices(count);
  for (std::size_t i = 0; i < count; ++i) indices[i] = mix(salt * 1000003 + i);
  return indices;
}

// Checks philox_blocks(isa, ...) against CounterStream::block, block by block.
void expect_same_as_scalar(PhiloxIsa isa, const CounterStream& stream,
                           const std::vector<std::uint64_t>& indices) {
  std::vector<Block> out(indices.size() + 1);
  const Block sentinel{{0xDEADBEEF, 0xDEADBEEF, 0xDEADBEEF, 0xDEADBEEF}};
  out.back() = sentinel;
  philox_blocks(isa, stream, indices.data(), indices.size(), out.data());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const Block want = stream.block(indices[i]);
    for (int w = 0; w < 4; ++w)
      ASSERT_EQ(out[i].v[w], want.v[w]) << "count " << indices.size() << ", block " << i
                                        << " (index " << indices[i] << "), word " << w;
  }
  EXPECT_EQ(out.back(), sentinel) << "wrote past the end, count " << indices.size();
}

class PhiloxBatch : public ::testing::TestWithParam<PhiloxIsa> {
 protected:
  void SetUp() override {
    if (!philox_isa_supported(GetParam()))
      GTEST_SKIP() << "this CPU cannot run " << philox_isa_name(GetParam());
  }
};

TEST_P(PhiloxBatch, MatchesCounterStreamForEveryCount) {
  const CounterStream stream(0x0123456789ABCDEFULL, 7, Purpose::kArcTrial);
  std::vector<std::size_t> counts;
  for (std::size_t n = 0; n <= 40; ++n) counts.push_back(n);
  counts.push_back(1000);
  for (std::size_t n : counts) {
    expect_same_as_scalar(GetParam(), stream, random_indices(n, n));
    std::vector<std::uint64_t> consecutive(n);
    for (std::size_t i = 0; i < n; ++i) consecutive[i] = i;
    expect_same_as_scalar(GetParam(), stream, consecutive);
  }
}

TEST_P(PhiloxBatch, MatchesCounterStreamForSeedsReplicatesAndPurposes) {
  const std::uint64_t seeds[] = {0x0000000100000001ULL, 0xFFFFFFFFFFFFFFFFULL,
                                 0x9E3779B97F4A7C15ULL, 0x8000000080000000ULL};
  const std::uint32_t replicates[] = {1, 12345, 0xFFFFFFFF};
  const Purpose purposes[] = {Purpose::kGraph, Purpose::kSeeds, Purpose::kRepeatedTrial,
                              Purpose::kAttachment};
  std::uint64_t salt = 0;
  for (std::uint64_t seed : seeds)
    for (std::uint32_t replicate : replicates)
      for (Purpose purpose : purposes) {
        std::vector<std::uint64_t> indices = random_indices(37, ++salt);
        // Edge cases among the random ones: around 2^32 and the extremes.
        indices[0] = 0;
        indices[1] = 0xFFFFFFFF;
        indices[2] = 0x100000000ULL;
        indices[3] = 0xFFFFFFFFFFFFFFFFULL;
        expect_same_as_scalar(GetParam(), CounterStream(seed, replicate, purpose), indices);
      }
}

TEST_P(PhiloxBatch, AcceptsArraysOffVectorAlignment) {
  // Arrays aligned for their element types but not for vectors: indices on
  // an 8-byte boundary, blocks on a 16-byte one, never a 64-byte one.
  const CounterStream stream(0xA5A5A5A55A5A5A5AULL, 3, Purpose::kExposure);
  constexpr std::size_t n = 53;
  alignas(64) std::uint64_t indices[n + 1];
  alignas(64) Block out[n + 1];
  const std::vector<std::uint64_t> random = random_indices(n, 99);
  std::copy(random.begin(), random.end(), indices + 1);
  philox_blocks(GetParam(), stream, indices + 1, n, out + 1);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(out[i + 1], stream.block(random[i])) << i;
}

TEST_P(PhiloxBatch, KnownAnswer) {
  // Random123's published Philox4x32-10 known-answer vector (kat_vectors):
  // counter {243f6a88 85a308d3 13198a2e 03707344}, key {a4093822 299f31d0}.
  // koubei's layout puts the block index in counter words 0-1, the replicate
  // in word 2, the purpose in word 3 and the seed in the key.
  const CounterStream stream(0x299f31d0a4093822ULL, 0x13198a2e, static_cast<Purpose>(0x03707344));
  const Block want{{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}};
  EXPECT_EQ(stream.block(0x85a308d3243f6a88ULL), want);
  // In every lane of a batch, and in the tail.
  std::vector<std::uint64_t> indices(19, 0x85a308d3243f6a88ULL);
  std::vector<Block> out(indices.size());
  philox_blocks(GetParam(), stream, indices.data(), indices.size(), out.data());
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], want) << "block " << i;
}

INSTANTIATE_TEST_SUITE_P(Isa, PhiloxBatch, ::testing::ValuesIn(kAllIsas),
                         [](const ::testing::TestParamInfo<PhiloxIsa>& info) {
                           return std::string(philox_isa_name(info.param));
                         });

TEST(PhiloxBatchDispatch, BestIsSupportedAndNamesAreDistinct) {
  EXPECT_TRUE(philox_isa_supported(PhiloxIsa::kScalar));
  EXPECT_TRUE(philox_isa_supported(philox_best_isa()));
  EXPECT_STREQ(philox_isa_name(PhiloxIsa::kScalar), "scalar");
  EXPECT_STREQ(philox_isa_name(PhiloxIsa::kAvx2), "avx2");
  EXPECT_STREQ(philox_isa_name(PhiloxIsa::kAvx512), "avx512");
#if defined(__x86_64__)
  // AVX-512F CPUs all have AVX2, so the best is never AVX-512 without it.
  if (philox_isa_supported(PhiloxIsa::kAvx512)) {
    EXPECT_TRUE(philox_isa_supported(PhiloxIsa::kAvx2));
  }
#endif
}

TEST(PhiloxBatchDispatch, DefaultPathMatchesCounterStream) {
  const CounterStream stream(42, 1, Purpose::kFollowerReach);
  const std::vector<std::uint64_t> indices = random_indices(101, 7);
  std::vector<Block> out(indices.size());
  philox_blocks(stream, indices.data(), indices.size(), out.data());
  for (std::size_t i = 0; i < indices.size(); ++i) EXPECT_EQ(out[i], stream.block(indices[i]));
}

TEST(PhiloxBatchDispatch, UnsupportedIsaThrows) {
  for (PhiloxIsa isa : kAllIsas) {
    if (philox_isa_supported(isa)) continue;
    std::uint64_t index = 0;
    Block out;
    EXPECT_THROW(philox_blocks(isa, CounterStream(1, 0, Purpose::kGraph), &index, 1, &out),
                 std::invalid_argument);
  }
}

}  // namespace
}  // namespace koubei
