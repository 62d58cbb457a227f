// A sweep as a library call: how far independent cascade spreads on an
// Erdős–Rényi graph as trust rises, with the mean final fraction and its 95%
// interval per trust level, computed from the records as they arrive.
//
//   build/link/koubei_sweep_trust
#include <fmt/format.h>

#include <map>
#include <vector>

#include "koubei/batch/statistics.hpp"
#include "koubei/batch/sweep.hpp"

int main() {
  // koubei logs warnings only, to stderr (koubei/core/log.hpp), so stdout
  // holds this program's table alone.
  koubei::SweepDefinition sweep;
  sweep.base.graph = "er:n=20000,k=4";
  sweep.base.rule = "ic";
  sweep.base.seeds = 20;
  sweep.base.reps = 40;
  sweep.axes.push_back(koubei::SweepAxis::parse("trust=const:0.1;const:0.25;const:0.5"));
  sweep.timeseries = koubei::SweepTimeseries::kNone;  // summaries are enough here

  // Records arrive in the order replicates finish; keep each point's finals.
  std::map<std::uint32_t, std::vector<double>> finals;
  koubei::SweepCallbacks callbacks;
  callbacks.on_record = [&](const koubei::ReplicateRecord& record, std::string_view) {
    if (!record.failed())
      finals[record.point].push_back(static_cast<double>(record.summary.final_counts.adopters) /
                                     static_cast<double>(record.nodes));
  };
  koubei::run_sweep(sweep, {}, callbacks);

  for (const koubei::SweepPoint& point : sweep.points()) {
    const koubei::Estimate e = koubei::estimate(finals[point.index]);
    fmt::print("trust {:>10}: final fraction {:.4f} [{:.4f}, {:.4f}]\n", point.values[0], e.mean,
               e.lo, e.hi);
  }
  // The percolation threshold of ER with mean degree 4 is trust 1/4: below
  // it cascades stay small, above it they reach a giant share of the graph.
  const double giant = koubei::estimate(finals[2]).mean;
  fmt::print("at trust 0.5 the giant share is: {:.4f}\n", giant);
  return 0;
}
