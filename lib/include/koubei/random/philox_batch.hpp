#pragma once
// Philox4x32-10 for many blocks at once, with SIMD.
//
// A cascade step needs random words for many arcs or nodes, and calling
// CounterStream::block once per block leaves the CPU's vector units idle:
// that one scalar call per block is what limits the kernels. philox_blocks()
// computes a whole array of blocks of one stream with AVX-512F (32 blocks
// per batch, 8 per 512-bit vector), with AVX2 (8 per batch, 4 per 256-bit
// vector), or one at a time through Random123.
//
// Every path gives exactly the words CounterStream::block gives (the tests
// compare them for each path the CPU has), so which one runs never changes a
// result. The library is compiled for baseline x86-64; the SIMD paths are
// compiled for their instruction sets alone and chosen once, at first use,
// from what the CPU reports. Other architectures get the scalar path.

#include <cstddef>
#include <cstdint>

#include "koubei/random/stream.hpp"

namespace koubei {

/// An implementation of philox_blocks.
enum class PhiloxIsa {
  kScalar,  // Random123, one block per call; always available
  kAvx2,    // x86-64 with AVX2
  kAvx512,  // x86-64 with AVX-512F
};

/// Whether this CPU (and this build) can run `isa`.
bool philox_isa_supported(PhiloxIsa isa);

/// The fastest supported implementation; what philox_blocks(stream, ...) uses.
PhiloxIsa philox_best_isa();

/// "scalar", "avx2" or "avx512".
const char* philox_isa_name(PhiloxIsa isa);

/// out[i] = stream.block(block_indices[i]) for i in [0, count), with the
/// fastest implementation. Any count and any indices; the arrays need no
/// particular alignment and must not overlap.
void philox_blocks(const CounterStream& stream, const std::uint64_t* block_indices,
                   std::size_t count, Block* out);

/// The same with a given implementation, for tests and benchmarks. `isa` must
/// be supported by the CPU (philox_isa_supported); otherwise this throws
/// std::invalid_argument.
void philox_blocks(PhiloxIsa isa, const CounterStream& stream,
                   const std::uint64_t* block_indices, std::size_t count, Block* out);

}  // namespace koubei
