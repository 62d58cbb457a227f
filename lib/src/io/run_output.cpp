#include "koubei/io/run_output.hpp"

#include <fmt/format.h>

#include <memory>
#include <system_error>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {

std::string timeseries_csv(const RunDescription& run, std::span<const ReplicateResult> results) {
  std::string out;
  csv_header(out, {"run", "replicate", "step", "phase", "unaware", "aware", "adopters", "promoters",
                   "churned", "new_adopters"});
  for (const ReplicateResult& r : results) {
    for (const StepRecord& s : r.steps) {
      CsvRow(out)
          .number(run.run)
          .number(r.replicate)
          .number(s.step)
          .text("none")
          .number(s.counts.unaware)
          .number(s.counts.aware)
          .number(s.counts.adopters)
          .number(s.counts.promoters)
          .number(s.counts.churned)
          .number(s.transitions.new_adopters)
          .end();
    }
  }
  return out;
}

std::string summary_csv(const RunDescription& run, std::span<const ReplicateResult> results) {
  std::string out;
  csv_header(out, {"run", "replicate", "rng_seed", "rule", "nodes", "arcs", "seeds", "steps",
                   "final_adopters", "final_churned", "total_cost", "wall_ms", "arcs_examined"});
  for (const ReplicateResult& r : results) {
    const StepRecord& last = r.final_step();
    CsvRow(out)
        .number(run.run)
        .number(r.replicate)
        .number(run.rng_seed)
        .text(run.rule)
        .number(run.nodes)
        .number(run.arcs)
        .number(r.seeds)
        .number(last.step)
        .number(last.counts.adopters)
        .number(last.counts.churned)
        .number(0.0)
        .number(r.wall_ms)
        .number(r.arcs_examined)
        .end();
  }
  return out;
}

void write_run_outputs(const std::filesystem::path& dir, const RunConfig& config,
                       const RunDescription& run, std::span<const ReplicateResult> results) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw InputError(fmt::format("cannot create output directory '{}': {}", dir.string(),
                                 ec ? ec.message() : "not a directory"));
  }
  // Write all three before renaming any, so a failure leaves the old set whole.
  std::vector<std::unique_ptr<AtomicFile>> files;
  auto add = [&](const char* name, const std::string& data) {
    files.push_back(std::make_unique<AtomicFile>(dir / name));
    files.back()->write(data);
  };
  add("timeseries.csv", timeseries_csv(run, results));
  add("summary.csv", summary_csv(run, results));
  add("config.ini", config.to_ini());
  for (auto& file : files) file->commit();
}

}  // namespace koubei
