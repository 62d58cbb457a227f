#pragma once
// The graphs every benchmark shares, built once per process on first use:
// Barabási–Albert n = 1,000,000, m = 5 and Erdős–Rényi with the same nodes
// and arcs (k = 10), about 10 million arcs each. Trust lives in the graph, so
// a benchmark asks for a graph with a trust spec and the spec is (re)applied
// only when it differs from the last one; benchmarks run one after another,
// so two graphs serve them all and peak memory stays near 200 MB.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/graph/graph.hpp"

namespace koubei::bench {

inline constexpr std::uint64_t kMasterSeed = 20100816;
inline constexpr std::uint64_t kSeedUsers = 100;

enum class GraphKind { kBa, kEr };
inline constexpr GraphKind kGraphKinds[] = {GraphKind::kBa, GraphKind::kEr};

/// "ba" or "er", for benchmark names.
const char* short_name(GraphKind kind);
/// The generator spec, "ba:n=1000000,m=5" or "er:n=1000000,k=10".
const char* graph_spec(GraphKind kind);

/// The shared graph with `trust` (a trust spec) applied.
const Graph& graph_with_trust(GraphKind kind, std::string_view trust);

/// The seed users of `replicate` (SeedPlan::random(kSeedUsers)), as the
/// engine places them.
std::vector<NodeId> seed_users(const Graph& graph, std::uint32_t replicate);

/// The word-of-mouth scenario examples/miui.ini at full scale.
struct MiuiScenario;
const MiuiScenario& miui_scenario();

}  // namespace koubei::bench

namespace koubei::bench {

/// A rule benchmarked on both graphs: its benchmark family, rule spec and
/// trust spec, and how many cascades --ratios times (more for small ones).
struct RuleCase {
  const char* family;  // "BM_IndependentCascade"
  const char* rule;    // "ic"
  const char* trust;   // "const:0.1"
  const char* name;    // the benchmark's last part: "trust:const:0.1"
  std::uint32_t ratio_cascades;
};
inline constexpr RuleCase kRuleCases[] = {
    {"BM_IndependentCascade", "ic", "const:1", "trust:const:1", 10},
    // The default per-arc sampler (coupled across trusts) and the run
    // sampler (same law, not coupled), side by side.
    {"BM_IndependentCascade", "ic", "const:0.1", "trust:const:0.1", 10},
    {"BM_IndependentCascade", "ic:sampler=runs", "const:0.1", "trust:const:0.1/sampler:runs", 10},
    {"BM_IndependentCascade", "ic", "const:0.01", "trust:const:0.01", 20000},
    {"BM_IndependentCascade", "ic:sampler=runs", "const:0.01", "trust:const:0.01/sampler:runs",
     20000},
    // What p = 0.01 costs before its trials: placing the seeds and reading
    // their rows (trust 0), then a trial per seed arc (per-arc) or one run
    // drawn per seed row (runs) at p = 1e-9.
    {"BM_IndependentCascade", "ic", "const:0", "trust:const:0", 20000},
    {"BM_IndependentCascade", "ic", "const:0.000000001", "trust:const:1e-9", 20000},
    {"BM_IndependentCascade", "ic:sampler=runs", "const:0.000000001",
     "trust:const:1e-9/sampler:runs", 20000},
    {"BM_IndependentCascade", "ic", "wc", "trust:wc", 2000},
    {"BM_LinearThreshold", "lt", "wc", "trust:wc", 1000},
    {"BM_Bass", "bass:p=0,q=0.5,scope=neighbors", "const:0.1", "neighbors", 10},
};

}  // namespace koubei::bench
