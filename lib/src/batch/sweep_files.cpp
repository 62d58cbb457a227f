// run_sweep_to: a sweep journaled under DIR/.partial and written out in
// order when complete.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "koubei/batch/aggregate.hpp"
#include "koubei/batch/sweep.hpp"
#include "koubei/batch/sweep_journal.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/log.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/command_file.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/derived_files.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {
namespace {

// The final files, written point by point from the journal; counts the
// failed replicates and summarises each point into `outcome`.
void write_files(const std::filesystem::path& dir, const SweepDefinition& sweep,
                 const SweepJournal& journal, SweepOutcome& outcome) {
  std::uint64_t failed = 0;
  OutputSet set(dir);
  AtomicFile &points_file = set.add("points.csv"), &summary_file = set.add("summary.csv"),
             &failures_file = set.add("failures.csv");
  AtomicFile* aggregate_file = nullptr;
  AtomicFile* timeseries_file = nullptr;
  // Files of another sweep this one replaced (--force) must not stay beside
  // its own.
  if (sweep.timeseries != SweepTimeseries::kNone) {
    aggregate_file = &set.add("aggregate.csv");
    aggregate_file->write(aggregate_header());
  } else {
    set.drop("aggregate.csv");
  }
  if (sweep.timeseries == SweepTimeseries::kAll) {
    timeseries_file = &set.add("timeseries.csv");
    timeseries_file->write(timeseries_header());
  } else {
    set.drop("timeseries.csv");
  }
  std::string text = "point";
  for (const std::string& key : sweep.keys()) text += ',' + csv_quote(key);
  points_file.write(text + '\n');
  summary_file.write(summary_header());
  text.clear();
  csv_header(text, {"point", "replicate", "rng_seed", "message"});
  failures_file.write(text);

  std::vector<ReplicateRecord> records;
  for (std::uint32_t p = 0, count = sweep.point_count(); p < count; ++p) {
    if (!sweep.slice.contains(p)) continue;
    const SweepPoint point = sweep.point(p);
    std::string points_row, summary_rows, failure_rows, series_rows;
    CsvRow row(points_row);
    row.number(point.index);
    for (const std::string& value : point.values) row.text(value);
    row.end();
    records.clear();
    const RunConfig& c = point.config;
    for (std::uint64_t r = c.first_replicate(); r <= c.last_replicate(); ++r) {
      auto record = journal.read(point.index, static_cast<std::uint32_t>(r));
      if (!record)
        throw std::logic_error(fmt::format("point {} replicate {} is missing", point.index, r));
      if (record->failed()) {
        ++failed;
        CsvRow(failure_rows)
            .number(point.index)
            .number(r)
            .number(c.rng_seed)
            .text(record->failure)
            .end();
        continue;
      }
      const RunDescription description{point.index, c.rng_seed, record->rule, record->nodes,
                                       record->arcs};
      append_summary_row(summary_rows, description, record->summary);
      if (timeseries_file)
        append_timeseries_rows(series_rows, point.index, record->replicate(), record->steps);
      records.push_back(std::move(*record));
    }
    points_file.write(points_row);
    summary_file.write(summary_rows);
    failures_file.write(failure_rows);
    if (aggregate_file) aggregate_file->write(aggregate_rows(point.index, records, sweep.record_every));
    SweepPointResult& result = outcome.points.emplace_back();
    result.point = point.index;
    result.values = point.values;
    std::vector<double> finals;
    for (const ReplicateRecord& r : records) {
      finals.push_back(static_cast<double>(r.summary.final_counts.adopters));
      result.nodes = r.nodes;
    }
    result.final_adopters = estimate(finals);
    if (timeseries_file) timeseries_file->write(series_rows);
  }
  // Last: a config.ini equal to the definition marks the directory complete.
  add_command_file(set);
  drop_derived_files(set);
  set.add("config.ini").write(sweep.to_ini());
  set.commit();
  outcome.failed = failed;  // resumed failures included
}

}  // namespace

SweepOutcome run_sweep_to(const std::filesystem::path& dir, const SweepDefinition& sweep,
                          const SweepOptions& options) {
  SingleProcess alone;
  Cluster& cluster = options.cluster ? *options.cluster : alone;
  sweep.check_points();  // bad values refused before writing
  const std::string definition = sweep.to_ini();
  // The root decides whether to start, resume, refuse or do nothing; the
  // other ranks follow: "run", "complete" or "error <message>".
  std::unique_ptr<SweepJournal> journal;
  std::string verdict = "run";
  bool made_dir = false;
  if (cluster.is_root()) {
    try {
      made_dir = create_output_directory(dir);
      const std::filesystem::path config = dir / "config.ini";
      const bool unfinished = std::filesystem::exists(dir / ".partial" / "sweep.ini");
      if (!unfinished && std::filesystem::exists(config)) {
        const std::string theirs = read_text_file(config);
        if (theirs == definition && !options.force) {
          verdict = "complete";
        } else if (theirs != definition && !options.force) {
          throw InputError(fmt::format(
              "'{}' holds the results of another run ({}); choose another --out, or add --force "
              "to replace them",
              dir.string(), first_difference(definition, theirs)));
        }
      }
      if (verdict == "run") journal = std::make_unique<SweepJournal>(dir, definition, options.force);
    } catch (const InputError& e) {
      verdict = fmt::format("error {}", e.what());
    }
  }
  verdict = cluster.broadcast(verdict);
  if (verdict.starts_with("error ")) throw InputError(verdict.substr(6));
  SweepOutcome outcome;
  if (verdict == "complete") {
    logger().info("{} already holds this sweep's results; nothing to do", dir.string());
    outcome.already_complete = true;
    for (std::uint32_t p = 0, count = sweep.point_count(); p < count; ++p) {
      if (!sweep.slice.contains(p)) continue;
      const RunConfig config = sweep.point(p).config;
      outcome.replicates += config.last_replicate() - config.first_replicate() + 1;
    }
    if (cluster.is_root()) {
      const std::string failures = read_text_file(dir / "failures.csv");
      const auto lines = static_cast<std::uint64_t>(std::count(failures.begin(), failures.end(), '\n'));
      outcome.failed = lines > 0 ? lines - 1 : 0;  // less the header
    }
    return outcome;
  }

  const std::uint64_t stop_after = options.test.kill_after_records;
  std::uint64_t journaled = 0;
  SweepCallbacks callbacks;
  callbacks.wants_lines = true;
  callbacks.on_record = [&](const ReplicateRecord&, std::string_view line) {
    journal->append(line);
    ++journaled;
  };
  callbacks.after_batch = [&] {
    journal->sync();
    if (stop_after && journaled >= stop_after) std::raise(SIGKILL);
  };
  callbacks.skip = [&](std::uint32_t point, std::uint32_t replicate) {
    return journal->contains(point, replicate);
  };
  try {
    outcome = run_sweep(sweep, options, callbacks);
  } catch (const InputError&) {
    // Bad input met before anything finished (a missing graph file): leave
    // no journal behind, and no directory if this sweep made it.
    if (journal && journal->size() == 0) {
      journal->remove();
      std::error_code ec;
      if (made_dir && std::filesystem::is_empty(dir, ec)) std::filesystem::remove(dir, ec);
    }
    throw;
  }
  if (!cluster.is_root()) return outcome;
  write_files(dir, sweep, *journal, outcome);
  journal->remove();
  return outcome;
}

}  // namespace koubei
