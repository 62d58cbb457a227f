// Philox4x32-10 throughput: blocks per second (items_per_second) for a batch
// of 256 scattered block indices, computed one CounterStream::block call at a
// time and with philox_blocks on each instruction set this CPU has.
//
//   koubei_bench --benchmark_filter=BM_Philox

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "koubei/random/philox_batch.hpp"
#include "koubei/random/stream.hpp"

namespace koubei::bench {
namespace {

constexpr std::size_t kPhiloxBatch = 256;

// Indices spread over the 64-bit range, as arcs of a large graph times steps.
std::vector<std::uint64_t> philox_indices() {
  std::vector<std::uint64_t> indices(kPhiloxBatch);
  std::uint64_t x = 0x243F6A8885A308D3ULL;
  for (std::uint64_t& index : indices) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    index = x >> 20;
  }
  return indices;
}

const CounterStream kPhiloxStream(0x299F31D0A4093822ULL, 5, Purpose::kRepeatedTrial);

void BM_PhiloxScalarBlock(benchmark::State& state) {
  const std::vector<std::uint64_t> indices = philox_indices();
  std::vector<Block> out(kPhiloxBatch);
  for (auto _ : state) {
    benchmark::DoNotOptimize(indices.data());
    benchmark::ClobberMemory();  // the indices may have changed: recompute
    for (std::size_t i = 0; i < kPhiloxBatch; ++i) out[i] = kPhiloxStream.block(indices[i]);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kPhiloxBatch));
}

void BM_PhiloxBlocks(benchmark::State& state, PhiloxIsa isa) {
  if (!philox_isa_supported(isa)) {
    state.SkipWithError((std::string("this CPU cannot run ") + philox_isa_name(isa)).c_str());
    return;
  }
  const std::vector<std::uint64_t> indices = philox_indices();
  std::vector<Block> out(kPhiloxBatch);
  for (auto _ : state) {
    benchmark::DoNotOptimize(indices.data());
    benchmark::ClobberMemory();
    philox_blocks(isa, kPhiloxStream, indices.data(), kPhiloxBatch, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kPhiloxBatch));
}

BENCHMARK(BM_PhiloxScalarBlock);
BENCHMARK_CAPTURE(BM_PhiloxBlocks, scalar, PhiloxIsa::kScalar);
BENCHMARK_CAPTURE(BM_PhiloxBlocks, avx2, PhiloxIsa::kAvx2);
BENCHMARK_CAPTURE(BM_PhiloxBlocks, avx512, PhiloxIsa::kAvx512);

}  // namespace
}  // namespace koubei::bench
