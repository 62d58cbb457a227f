#include "koubei/random/philox_batch.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace koubei {
namespace {

// The vector paths store four 32-bit words per block straight into `out`.
static_assert(sizeof(Block) == 16 && std::is_standard_layout_v<Block>);

// Scalar: Random123 itself, through the stream.
void blocks_scalar(const CounterStream& stream, const std::uint64_t* indices, std::size_t count,
                   Block* out) {
  for (std::size_t i = 0; i < count; ++i) out[i] = stream.block(indices[i]);
}

#if defined(__x86_64__)

// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011). A round maps counter (x0, x1, x2, x3) and key (k0, k1) to
//   (hi(M1*x2) ^ x1 ^ k0, lo(M1*x2), hi(M0*x0) ^ x3 ^ k1, lo(M0*x0)),
// and the key grows by (W0, W1) between rounds.
constexpr std::uint32_t kM0 = 0xD2511F53;
constexpr std::uint32_t kM1 = 0xCD9E8D57;
constexpr std::uint32_t kW0 = 0x9E3779B9;  // the golden ratio
constexpr std::uint32_t kW1 = 0xBB67AE85;  // sqrt(3) - 1
constexpr int kRounds = 10;

// What every block of a call shares.
struct Shared {
  std::uint32_t k0, k1, replicate, purpose;
};

Shared shared_of(const CounterStream& stream) {
  return {stream.key().v[0], stream.key().v[1], stream.replicate(),
          static_cast<std::uint32_t>(stream.purpose())};
}

// Both vector paths keep one block per 64-bit lane, each counter word in the
// low half of its lane: the unsigned 32x32->64 multiply (vpmuludq) reads the
// low halves and leaves hi:lo of the product in the lane, so a round costs a
// multiply, a shift and a three-way xor per product. The high halves of the
// lanes carry junk that no multiply reads and the final store drops.
//
// Several vectors per word (kAvx2Groups, kAvx512Groups) are in flight at
// once to hide the multiply's latency; the counts were tuned on an AMD Zen 4
// (AVX2, with 16 registers, gains little beyond 2; AVX-512, with 32: 4 groups
// run 30% faster than 2).

// Runs `batch` on full batches of kBatch blocks, then on the tail through a
// zero-padded copy.
template <std::size_t kBatch, typename Batch>
inline void in_batches(const Shared& s, const std::uint64_t* indices, std::size_t count,
                       Block* out, Batch batch) {
  std::size_t i = 0;
  for (; i + kBatch <= count; i += kBatch) batch(s, indices + i, out + i);
  if (i == count) return;
  std::uint64_t tail_indices[kBatch] = {};
  Block tail_out[kBatch];
  std::copy(indices + i, indices + count, tail_indices);
  batch(s, tail_indices, tail_out);
  std::copy(tail_out, tail_out + (count - i), out + i);
}

// AVX2: 4 blocks per vector.
constexpr std::size_t kAvx2Groups = 2;
constexpr std::size_t kAvx2Batch = 4 * kAvx2Groups;

__attribute__((target("avx2"))) void batch_avx2(const Shared& s, const std::uint64_t* indices,
                                                Block* out) {
  constexpr std::size_t G = kAvx2Groups;
  __m256i x0[G], x1[G], x2[G], x3[G];
  for (std::size_t g = 0; g < G; ++g) {
    x0[g] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(indices + 4 * g));
    x1[g] = _mm256_srli_epi64(x0[g], 32);
    x2[g] = _mm256_set1_epi64x(s.replicate);
    x3[g] = _mm256_set1_epi64x(s.purpose);
  }
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
  std::uint32_t k0 = s.k0, k1 = s.k1;
  for (int round = 0; round < kRounds; ++round) {
    const __m256i key0 = _mm256_set1_epi64x(k0), key1 = _mm256_set1_epi64x(k1);
    for (std::size_t g = 0; g < G; ++g) {
      const __m256i p0 = _mm256_mul_epu32(x0[g], m0);  // M0 * x0
      const __m256i p1 = _mm256_mul_epu32(x2[g], m1);  // M1 * x2
      // x1 ^ key first, off the multiply -> shift -> xor -> multiply chain.
      x0[g] = _mm256_xor_si256(_mm256_srli_epi64(p1, 32), _mm256_xor_si256(x1[g], key0));
      x2[g] = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), _mm256_xor_si256(x3[g], key1));
      x1[g] = p1;
      x3[g] = p0;
    }
    k0 += kW0;
    k1 += kW1;
  }
  for (std::size_t g = 0; g < G; ++g) {
    // Lane j of w01 holds words 0 and 1 of block j as they lie in memory;
    // w23 holds words 2 and 3.
    const __m256i w01 = _mm256_blend_epi32(x0[g], _mm256_slli_epi64(x1[g], 32), 0xAA);
    const __m256i w23 = _mm256_blend_epi32(x2[g], _mm256_slli_epi64(x3[g], 32), 0xAA);
    const __m256i b02 = _mm256_unpacklo_epi64(w01, w23);  // blocks 0 and 2
    const __m256i b13 = _mm256_unpackhi_epi64(w01, w23);  // blocks 1 and 3
    __m256i* dst = reinterpret_cast<__m256i*>(out + 4 * g);
    _mm256_storeu_si256(dst, _mm256_permute2x128_si256(b02, b13, 0x20));
    _mm256_storeu_si256(dst + 1, _mm256_permute2x128_si256(b02, b13, 0x31));
  }
}

__attribute__((target("avx2"))) void blocks_avx2(const CounterStream& stream,
                                                 const std::uint64_t* indices, std::size_t count,
                                                 Block* out) {
  in_batches<kAvx2Batch>(shared_of(stream), indices, count, out, batch_avx2);
}

// AVX-512F: 8 blocks per vector.
//
// GCC 12's avx512fintrin.h warns that its own _mm512_undefined_epi32 is
// uninitialised wherever a shift or multiply is inlined (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
constexpr std::size_t kAvx512Groups = 4;
constexpr std::size_t kAvx512Batch = 8 * kAvx512Groups;

__attribute__((target("avx512f"))) void batch_avx512(const Shared& s,
                                                     const std::uint64_t* indices, Block* out) {
  constexpr std::size_t G = kAvx512Groups;
  constexpr int kXor3 = 0x96;  // ternary-logic table of a ^ b ^ c
  __m512i x0[G], x1[G], x2[G], x3[G];
  for (std::size_t g = 0; g < G; ++g) {
    x0[g] = _mm512_loadu_si512(indices + 8 * g);
    x1[g] = _mm512_srli_epi64(x0[g], 32);
    x2[g] = _mm512_set1_epi64(s.replicate);
    x3[g] = _mm512_set1_epi64(s.purpose);
  }
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
  std::uint32_t k0 = s.k0, k1 = s.k1;
  for (int round = 0; round < kRounds; ++round) {
    const __m512i key0 = _mm512_set1_epi64(k0), key1 = _mm512_set1_epi64(k1);
    for (std::size_t g = 0; g < G; ++g) {
      const __m512i p0 = _mm512_mul_epu32(x0[g], m0);  // M0 * x0
      const __m512i p1 = _mm512_mul_epu32(x2[g], m1);  // M1 * x2
      x0[g] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), x1[g], key0, kXor3);
      x2[g] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), x3[g], key1, kXor3);
      x1[g] = p1;
      x3[g] = p0;
    }
    k0 += kW0;
    k1 += kW1;
  }
  // Output order: qword 2j of the stored pair is words 0-1 of block j, qword
  // 2j+1 its words 2-3; permutex2var indices 0-7 pick w01, 8-15 pick w23.
  const __m512i first = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
  const __m512i second = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
  for (std::size_t g = 0; g < G; ++g) {
    const __m512i w01 = _mm512_mask_blend_epi32(0xAAAA, x0[g], _mm512_slli_epi64(x1[g], 32));
    const __m512i w23 = _mm512_mask_blend_epi32(0xAAAA, x2[g], _mm512_slli_epi64(x3[g], 32));
    Block* dst = out + 8 * g;
    _mm512_storeu_si512(dst, _mm512_permutex2var_epi64(w01, first, w23));
    _mm512_storeu_si512(dst + 4, _mm512_permutex2var_epi64(w01, second, w23));
  }
}

__attribute__((target("avx512f"))) void blocks_avx512(const CounterStream& stream,
                                                     const std::uint64_t* indices,
                                                     std::size_t count, Block* out) {
  in_batches<kAvx512Batch>(shared_of(stream), indices, count, out, batch_avx512);
}
#pragma GCC diagnostic pop

#endif  // __x86_64__

struct Support {
  bool avx2 = false;
  bool avx512 = false;
  PhiloxIsa best = PhiloxIsa::kScalar;
};

const Support& support() {
  static const Support s = [] {
    Support r;
#if defined(__x86_64__)
    __builtin_cpu_init();
    r.avx2 = __builtin_cpu_supports("avx2");
    r.avx512 = __builtin_cpu_supports("avx512f");
    r.best = r.avx512 ? PhiloxIsa::kAvx512 : r.avx2 ? PhiloxIsa::kAvx2 : PhiloxIsa::kScalar;
#endif
    return r;
  }();
  return s;
}

void run(PhiloxIsa isa, const CounterStream& stream, const std::uint64_t* indices,
         std::size_t count, Block* out) {
  switch (isa) {
#if defined(__x86_64__)
    case PhiloxIsa::kAvx2:
      return blocks_avx2(stream, indices, count, out);
    case PhiloxIsa::kAvx512:
      return blocks_avx512(stream, indices, count, out);
#endif
    default:
      return blocks_scalar(stream, indices, count, out);
  }
}

}  // namespace

bool philox_isa_supported(PhiloxIsa isa) {
  switch (isa) {
    case PhiloxIsa::kScalar:
      return true;
    case PhiloxIsa::kAvx2:
      return support().avx2;
    case PhiloxIsa::kAvx512:
      return support().avx512;
  }
  return false;
}

PhiloxIsa philox_best_isa() { return support().best; }

const char* philox_isa_name(PhiloxIsa isa) {
  switch (isa) {
    case PhiloxIsa::kScalar:
      return "scalar";
    case PhiloxIsa::kAvx2:
      return "avx2";
    case PhiloxIsa::kAvx512:
      return "avx512";
  }
  return "unknown";
}

void philox_blocks(const CounterStream& stream, const std::uint64_t* block_indices,
                   std::size_t count, Block* out) {
  run(support().best, stream, block_indices, count, out);
}

void philox_blocks(PhiloxIsa isa, const CounterStream& stream,
                   const std::uint64_t* block_indices, std::size_t count, Block* out) {
  if (!philox_isa_supported(isa))
    throw std::invalid_argument(std::string("philox_blocks: this CPU cannot run ") +
                                philox_isa_name(isa));
  run(isa, stream, block_indices, count, out);
}

}  // namespace koubei
