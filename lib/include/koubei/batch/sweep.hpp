#pragma once
// A sweep: a grid of scenario keys, each point run like `koubei run` with the
// same replicates. Random streams are keyed by (master seed, replicate,
// purpose), not by point, so a point equals the same single run and points
// share common random numbers. Points are numbered from 0 in row-major order
// over the axes as given: the last axis varies fastest.
//
//   --vary 'rule=ic;lt;bass:p=0.01,q=0.3'   values separated by `;`
//   --vary steps=100:400:100                 a range: 100, 200, 300, 400
//   --vary-file points.csv                   one axis of whole rows: a CSV
//                                            header of keys, a row per value
//
// Every (point, replicate) is a task; threads and MPI ranks share them, and
// the files are written from the finished records in (point, replicate)
// order, so they never depend on how the work was split.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/batch/cluster.hpp"
#include "koubei/batch/pipeline.hpp"
#include "koubei/batch/replicate_record.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/statistics.hpp"

namespace koubei {

/// One axis of the grid: a key and its values (--vary), or several keys
/// whose values come in rows (--vary-file).
struct SweepAxis {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> rows;  // one value per key in each
  bool from_file = false;                      // --vary-file

  /// "key=v1;v2" or "key=FROM:TO:STEP" (numbers; TO included when reached).
  /// Throws InputError naming the text.
  static SweepAxis parse(std::string_view text);
  /// A CSV file: a header of keys, then one row per point. Throws InputError
  /// naming the file and line.
  static SweepAxis read_file(const std::filesystem::path& path);
};

struct SweepPoint {
  std::uint32_t index = 0;
  std::vector<std::string> values;  // one per key of every axis, in order
  RunConfig config;                 // scaled
};

/// Which time series a sweep writes.
enum class SweepTimeseries { kNone, kAggregate, kAll };
SweepTimeseries parse_sweep_timeseries(std::string_view text);

/// One of N disjoint shares of a sweep's points: point p belongs to slice
/// p mod N.
struct SweepSlice {
  std::uint32_t index = 0;
  std::uint32_t count = 1;

  /// "I/N" with 0 <= I < N. Throws InputError.
  static SweepSlice parse(std::string_view text);
  bool contains(std::uint32_t point) const { return point % count == index; }
};

struct SweepDefinition {
  RunConfig base;
  std::vector<SweepAxis> axes;
  SweepTimeseries timeseries = SweepTimeseries::kAggregate;
  std::uint32_t record_every = 1;  // time series rows at steps 0, K, 2K, ... and the last
  SweepSlice slice;

  /// The keys of all axes, in order (points.csv's columns after `point`).
  std::vector<std::string> keys() const;
  /// The number of points of the grid (all slices). Throws InputError over
  /// 10 million.
  std::uint32_t point_count() const;
  /// Point `index` (< point_count()), made when asked, so that a grid's
  /// points need not all be in memory. Throws InputError naming the point
  /// and key.
  SweepPoint point(std::uint32_t index) const;
  /// Makes every point once, keeping none: throws for the first bad one.
  void check_points() const;
  /// Every point of the grid (all slices), validated.
  std::vector<SweepPoint> points() const;
  /// Everything that decides the sweep's files, as INI text (config.ini):
  /// the sweep's options and --vary axes first (so `koubei sweep --config`
  /// reads them back), --vary-file rows as comments, then the base scenario
  /// without threads and out.
  std::string to_ini() const;
};

struct SweepOptions {
  unsigned threads = 0;         // per process; 0: the base scenario's threads
  Cluster* cluster = nullptr;   // null: this process alone
  bool force = false;           // replace another sweep's unfinished directory
  bool progress = true;         // a bar on a terminal, log lines otherwise
  SweepTestHooks test;
};

/// A point's final spread, for people (run_sweep_to fills these).
struct SweepPointResult {
  std::uint32_t point = 0;
  std::vector<std::string> values;
  std::uint64_t nodes = 0;
  Estimate final_adopters;  // over the replicates that did not fail
};

struct SweepOutcome {
  std::uint64_t replicates = 0;  // in this slice
  std::uint64_t resumed = 0;     // found finished in the journal
  std::uint64_t failed = 0;
  std::vector<std::uint64_t> per_rank;  // replicates each rank ran now
  bool already_complete = false;  // the directory held this sweep's files
  std::vector<SweepPointResult> points;  // in point order, when the files were written
};

/// A few lines for stdout: each point's values and its mean final adopters
/// with the half-width of the 95% interval and the share of users.
std::string sweep_summary(const SweepDefinition& sweep, const SweepOutcome& outcome);

/// What run_sweep hands back, on the root only (batch/pipeline.hpp).
using SweepCallbacks = RecordSink;

/// Runs every replicate of every point in the slice, over the threads of
/// every rank, and hands the records to `callbacks` on the root. Graphs are
/// built once per distinct graph, trust, seed and community file on each
/// rank. A replicate that throws becomes a failed record; the sweep goes on.
/// Throws InputError, or Interrupted after handing over what finished.
SweepOutcome run_sweep(const SweepDefinition& sweep, const SweepOptions& options,
                       const SweepCallbacks& callbacks);

/// Runs the sweep resumably into DIR: every finished replicate is journaled
/// under DIR/.partial; at the end DIR/points.csv, summary.csv,
/// failures.csv, aggregate.csv (unless timeseries = none), timeseries.csv
/// (timeseries = all) and config.ini are written from the journal in order
/// and published atomically. Re-running the same definition resumes; another
/// definition is refused unless options.force. Only the root writes.
SweepOutcome run_sweep_to(const std::filesystem::path& dir, const SweepDefinition& sweep,
                          const SweepOptions& options = {});

}  // namespace koubei
