#pragma once
// Seed selection against the IMM authors' own code (Tang, Shi and Xiao,
// SIGMOD 2015) on ca-GrQc, k = 50, epsilon = 0.1, ell = 1, weighted cascade:
// BM_Imm (Google Benchmark) and the `--ratios` section. The authors' code
// is not packaged: give the path of its binary (built with -DDISCRETE, see
// benchmarks/README.md) in KOUBEI_IMM_REFERENCE and the section runs it
// side by side with koubei on the same graph, interleaved, and prints the
// ratios of this run; without it, the ratios are to the figures recorded
// on this kind of machine.

#include <string>

namespace koubei::bench {

/// The graph of BM_Imm and of the `--ratios` section unless another is given.
inline constexpr const char* kSeedingGraph =
    "file:" KOUBEI_SOURCE_DIR "/examples/data/ca-GrQc.txt.gz,directed=0";

void register_seed_selection();
/// `graph`: a graph spec (weighted cascade is applied to it); the recorded
/// reference figures are for ca-GrQc only.
void seed_selection_ratios(const std::string& graph, bool quick);

}  // namespace koubei::bench
