#include "koubei/batch/replicates.hpp"

#include <fmt/format.h>

#include "koubei/batch/pipeline.hpp"
#include "koubei/core/memory.hpp"

namespace koubei {
namespace {

// Back from a record that kept everything.
ReplicateResult to_result(ReplicateRecord&& record) {
  ReplicateResult r;
  r.replicate = record.replicate();
  r.seeds = record.summary.seeds;
  r.steps = std::move(record.steps);
  r.ever_adopted = record.summary.ever_adopted;
  r.arcs_examined = record.summary.arcs_examined;
  r.arcs_read = record.summary.arcs_read;
  r.wall_ms = record.summary.wall_ms;
  r.community_counts = std::move(record.community_counts);
  r.referrals = std::move(record.referrals);
  return r;
}

}  // namespace

BatchResult run_replicates(const Graph& graph, const Rule& rule, const SeedPlan& seeds,
                           const ReplicateRange& range, unsigned threads,
                           const WordOfMouth* model) {
  const std::uint64_t total = std::uint64_t{range.last} - range.first + 1;
  require_memory(total * (sizeof(ReplicateResult) + 16 * sizeof(StepRecord)),
                 fmt::format("{} replicates", total));
  BatchResult batch;
  batch.replicates.resize(total);

  PointSource point;
  point.count = 1;
  point.replicates = [&](std::uint32_t) { return std::pair{range.first, range.last}; };
  point.prepare = [&](std::uint32_t) {
    auto prepared = std::make_shared<PreparedPoint>();
    prepared->graph = &graph;
    prepared->rule = &rule;
    prepared->model = model;
    prepared->seeds = &seeds;
    prepared->description = {0, range.master_seed, rule.spec(), graph.num_nodes(),
                             graph.num_arcs()};
    prepared->max_steps = range.max_steps;
    prepared->trace = range.trace;
    return std::shared_ptr<const PreparedPoint>(std::move(prepared));
  };
  PipelineOptions options;
  options.threads = threads;
  options.content = {1, true, true};
  std::string failure;
  RecordSink sink;
  sink.on_record = [&](ReplicateRecord&& record, std::string_view) {
    if (record.failed() && failure.empty())
      failure = fmt::format("replicate {} failed: {}", record.replicate(), record.failure);
    batch.replicates.at(record.replicate() - range.first) = to_result(std::move(record));
  };
  const PipelineOutcome outcome = run_pipeline(point, options, sink);
  if (!failure.empty()) throw std::runtime_error(failure);
  batch.per_thread.assign(outcome.per_thread.begin(), outcome.per_thread.end());
  batch.wall_ms = outcome.wall_ms;
  return batch;
}

}  // namespace koubei
