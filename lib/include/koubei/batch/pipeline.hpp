#pragma once
// The one way koubei runs replicates: `run`, `sweep`, `compare` and
// run_replicates all go through run_pipeline.
//
// Points are numbered 0 .. count-1 and made when asked (PointSource), so
// memory does not grow with the size of a grid. The root plans the work:
// every point it is given, less the replicates the sink already holds, cut
// into chunks of consecutive replicates, and broadcasts the plan; rank r
// takes chunks r, r + size, ... and its threads take the next chunk in turn.
// A point is made ready once per rank, when its first chunk starts, and let
// go after its last. Each finished replicate becomes a ReplicateRecord on
// the thread that ran it and reaches the sink on the root's calling thread,
// which is the only thread that talks to the cluster. Records are encoded
// only where they cross a process (MPI) or reach the disk (a sink that
// wants lines, such as a sweep's journal); in one process `run` and
// `compare` keep them as they are.
//
// Messages to the root: "R" + record lines; "D <ran> <kind> <message>" when a
// rank has finished (kind ok, input, interrupted or internal). From the root:
// "S" asks a rank to stop after its current replicate.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "koubei/batch/cluster.hpp"
#include "koubei/batch/replicate_record.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/rules/rule.hpp"

namespace koubei {

/// A point ready to run: what its replicates need, shared by the threads.
struct PreparedPoint {
  const Graph* graph = nullptr;
  const Rule* rule = nullptr;
  const WordOfMouth* model = nullptr;  // null: the rule alone
  const SeedPlan* seeds = nullptr;
  RunDescription description;  // description.run is the point's number
  std::uint32_t max_steps = 0;  // 0: until nothing changes
  bool trace = false;           // record the referral forest
  std::shared_ptr<const void> owner;  // keeps what the pointers point at
};

/// The points of a pipeline, made when asked.
struct PointSource {
  std::uint32_t count = 0;
  /// The first and last replicate of a point (asked on the root, to plan).
  std::function<std::pair<std::uint32_t, std::uint32_t>(std::uint32_t point)> replicates;
  /// Makes a point ready on a rank that runs it: once per point and rank,
  /// one point at a time. Throws InputError for bad input.
  std::function<std::shared_ptr<const PreparedPoint>(std::uint32_t point)> prepare;
  /// Optional: false for a point not to run (another slice's).
  std::function<bool(std::uint32_t point)> included;
  /// Optional: points with the same key share something large (a graph);
  /// release(key) is called, never during prepare, once this rank has run
  /// the last of its points with that key.
  std::function<std::string(std::uint32_t point)> shared_key;
  std::function<void(const std::string& key)> release;
};

/// Where finished records go, on the root.
struct RecordSink {
  /// Each finished record, in the order they finish. `line` is its encoded
  /// line when `wants_lines` or when it came from another rank, else empty.
  std::function<void(ReplicateRecord&& record, std::string_view line)> on_record;
  /// After each batch of records (a journal syncs to disk here).
  std::function<void()> after_batch;
  /// True for a replicate not to run (already done).
  std::function<bool(std::uint32_t point, std::uint32_t replicate)> skip;
  /// The sink keeps records as text: the threads that ran them encode them.
  bool wants_lines = false;
};

/// Faults on purpose, for tests of resumption and failure reports (the
/// command line reaches them through hidden --test-* options).
struct SweepTestHooks {
  /// run_sweep_to kills its process with SIGKILL right after journaling this
  /// many records (0: never): the hardest stop there is, at a chosen moment.
  std::uint64_t kill_after_records = 0;
  /// This replicate of every point throws instead of running.
  std::optional<std::uint32_t> fail_replicate;
};

struct PipelineOptions {
  unsigned threads = 1;        // per process
  Cluster* cluster = nullptr;  // null: this process alone
  bool progress = false;       // a bar on a terminal, log lines otherwise (root)
  RecordContent content;       // what each record keeps
  SweepTestHooks test;
};

struct PipelineOutcome {
  std::uint64_t replicates = 0;  // in the points given
  std::uint64_t resumed = 0;     // skipped: the sink had them
  std::uint64_t failed = 0;
  std::vector<std::uint64_t> per_rank;  // replicates each rank ran now
  unsigned threads = 0;                 // threads this rank ran them on
  std::vector<std::uint64_t> per_thread;  // replicates each of them ran (root)
  double wall_ms = 0;
};

/// Runs every replicate of every point over the threads of every rank and
/// hands the records to `sink` on the root. A replicate that throws becomes a
/// failed record and the rest go on, unless it ran out of memory or met a
/// system error. Throws InputError, or Interrupted after handing over what
/// finished.
PipelineOutcome run_pipeline(const PointSource& points, const PipelineOptions& options,
                             const RecordSink& sink);

}  // namespace koubei
