// run_sweep: a sweep's points as a pipeline's (batch/pipeline.hpp), each made
// from the definition when asked, with graphs built once per distinct graph,
// seed and community file on each rank and dropped when no point left needs
// them.

#include <map>
#include <memory>
#include <mutex>

#include "koubei/batch/pipeline.hpp"
#include "koubei/batch/scenario.hpp"
#include "koubei/batch/sweep.hpp"

namespace koubei {

SweepOutcome run_sweep(const SweepDefinition& sweep, const SweepOptions& options,
                       const SweepCallbacks& callbacks) {
  GraphCache graphs;  // the pipeline never prepares and releases at once
  std::mutex keys_mutex;
  std::map<std::uint32_t, std::string> keys;  // graph key per point, as asked

  PointSource source;
  source.count = sweep.point_count();
  source.included = [&](std::uint32_t p) { return sweep.slice.contains(p); };
  source.replicates = [&](std::uint32_t p) {
    const RunConfig config = sweep.point(p).config;
    return std::pair{config.first_replicate(), config.last_replicate()};
  };
  source.prepare = [&](std::uint32_t p) {
    const RunConfig config = sweep.point(p).config;
    auto scenario = std::make_shared<const Scenario>(Scenario::prepare(config, &graphs));
    return share_point(std::move(scenario), p, config, false);
  };
  source.shared_key = [&](std::uint32_t p) {
    std::lock_guard lock(keys_mutex);
    auto found = keys.find(p);
    if (found == keys.end())
      found = keys.emplace(p, GraphCache::base_key(sweep.point(p).config)).first;
    return found->second;
  };
  source.release = [&](const std::string& key) { graphs.drop(key); };

  PipelineOptions run_options;
  run_options.threads = options.threads ? options.threads : sweep.base.thread_count();
  run_options.cluster = options.cluster;
  run_options.progress = options.progress;
  run_options.content.record_every =
      sweep.timeseries == SweepTimeseries::kNone ? 0 : sweep.record_every;
  run_options.test = options.test;
  const PipelineOutcome ran = run_pipeline(source, run_options, callbacks);

  SweepOutcome outcome;
  outcome.replicates = ran.replicates;
  outcome.resumed = ran.resumed;
  outcome.failed = ran.failed;
  outcome.per_rank = ran.per_rank;
  return outcome;
}

}  // namespace koubei
