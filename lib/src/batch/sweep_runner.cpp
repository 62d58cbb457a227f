// run_sweep: the tasks (point, replicate) of a sweep spread over threads and
// ranks. The root lists what is left to do and broadcasts it; rank r takes
// every size-th task from position r. On each rank, worker threads run the
// tasks and queue their encoded records; the calling thread hands them on
// (on the root to on_record, elsewhere to the root as messages), so that
// only one thread per process talks to the cluster.
//
// Messages to the root: "R" + record lines; "D <ran> <kind> <message>" when a
// rank has finished (kind ok, input, interrupted or internal). From the root:
// "S" asks a rank to stop after its current replicates.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <optional>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>

#include "koubei/batch/scenario.hpp"
#include "koubei/batch/sweep.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/core/progress.hpp"
#include "koubei/model/simulation.hpp"

namespace koubei {
namespace {

struct Task {
  std::uint32_t point = 0;
  std::uint32_t replicate = 0;
};

// "point:first-last,first-last;point:..." — compact for long replicate runs.
std::string encode_tasks(const std::vector<Task>& tasks) {
  std::string out;
  for (std::size_t i = 0; i < tasks.size();) {
    std::size_t j = i;
    while (j + 1 < tasks.size() && tasks[j + 1].point == tasks[i].point &&
           tasks[j + 1].replicate == tasks[j].replicate + 1)
      ++j;
    fmt::format_to(std::back_inserter(out), "{} {} {}\n", tasks[i].point, tasks[i].replicate,
                   tasks[j].replicate);
    i = j + 1;
  }
  return out;
}

std::vector<Task> decode_tasks(std::string_view text) {
  std::vector<Task> tasks;
  while (!text.empty()) {
    std::uint32_t v[3] = {};
    const char* at = text.data();
    const char* end = text.data() + text.size();
    for (std::uint32_t& x : v) at = std::from_chars(at, end, x).ptr + 1;
    for (std::uint64_t r = v[1]; r <= v[2]; ++r) tasks.push_back({v[0], static_cast<std::uint32_t>(r)});
    text.remove_prefix(static_cast<std::size_t>(at - text.data()));
  }
  return tasks;
}

// A point made ready once per process, shared by the threads that run it.
struct PreparedPoint {
  Scenario scenario;
  RunDescription description;
  ReplicateSpec spec;  // replicate set per task
};

// Scenarios of the points in progress; a point's is dropped once its last
// task on this rank is done, and a graph once no point left needs it.
class PointScenarios {
 public:
  PointScenarios(const std::vector<SweepPoint>& points, const std::vector<Task>& tasks)
      : points_(points) {
    for (const Task& t : tasks) {
      if (remaining_[t.point]++ == 0)
        ++points_left_[GraphCache::base_key(points_[t.point].config)];
    }
  }

  std::shared_ptr<const PreparedPoint> get(std::uint32_t point) {
    {
      std::lock_guard lock(mutex_);
      if (auto found = ready_.find(point); found != ready_.end()) return found->second;
    }
    std::lock_guard building(build_mutex_);  // one at a time: graphs are large
    {
      std::lock_guard lock(mutex_);
      if (auto found = ready_.find(point); found != ready_.end()) return found->second;
    }
    const RunConfig& c = points_[point].config;
    logger().debug("preparing point {}", point);
    auto prepared = std::make_shared<PreparedPoint>();
    prepared->scenario = Scenario::prepare(c, &graphs_);
    const Graph& graph = *prepared->scenario.graph;
    prepared->description = {point, c.rng_seed, prepared->scenario.rule->spec(),
                             graph.num_nodes(), graph.num_arcs()};
    prepared->spec = {c.rng_seed, 0, static_cast<std::uint32_t>(c.steps), false};
    std::lock_guard lock(mutex_);
    ready_[point] = prepared;
    return prepared;
  }

  void done(std::uint32_t point) {
    std::string unused;  // a graph no remaining point needs
    {
      std::lock_guard lock(mutex_);
      if (--remaining_[point] != 0) return;
      ready_.erase(point);
      const std::string key = GraphCache::base_key(points_[point].config);
      if (--points_left_[key] == 0) unused = key;
    }
    if (unused.empty()) return;
    std::lock_guard building(build_mutex_);
    graphs_.drop(unused);
  }

 private:
  const std::vector<SweepPoint>& points_;
  std::mutex mutex_;        // guards ready_, remaining_ and points_left_
  std::mutex build_mutex_;  // guards graphs_; never taken inside mutex_
  std::map<std::uint32_t, std::shared_ptr<const PreparedPoint>> ready_;
  std::map<std::uint32_t, std::uint64_t> remaining_;             // tasks per point
  std::map<std::string, std::uint64_t> points_left_;            // unfinished points per graph
  GraphCache graphs_;
};

// Finished records waiting for the calling thread, and how the workers ended.
struct Outbox {
  std::mutex mutex;
  std::condition_variable wake;
  std::string lines;
  std::uint64_t count = 0;
  unsigned running = 0;  // worker threads not yet finished
  std::exception_ptr error;
};

const char* error_kind(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Interrupted&) {
    return "interrupted";
  } catch (const InputError&) {
    return "input";
  } catch (...) {
    return "internal";
  }
}

std::string error_message(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// Finished records to the root, in messages of at most ~64 MB cut at line
// ends (an MPI count is an int).
void send_records(Cluster& cluster, std::string_view lines) {
  constexpr std::size_t kPiece = std::size_t{64} << 20;
  while (!lines.empty()) {
    std::size_t end = lines.size();
    if (end > kPiece) end = lines.rfind('\n', kPiece) + 1;
    if (end == 0) end = lines.find('\n') + 1;  // one record over 64 MB
    std::string message = "R";
    message += lines.substr(0, end);
    cluster.send(0, message);
    lines.remove_prefix(end);
  }
}

[[noreturn]] void throw_error(std::string_view kind, const std::string& message) {
  if (kind == "interrupted") throw Interrupted();
  if (kind == "input") throw InputError(message);
  throw std::runtime_error(message);
}

}  // namespace

SweepOutcome run_sweep(const SweepDefinition& sweep, const SweepOptions& options,
                       const SweepCallbacks& callbacks) {
  SingleProcess alone;
  Cluster& cluster = options.cluster ? *options.cluster : alone;
  const bool root = cluster.is_root();
  const std::vector<SweepPoint> points = sweep.points();
  const std::uint32_t record_every =
      sweep.timeseries == SweepTimeseries::kNone ? 0 : sweep.record_every;

  SweepOutcome outcome;
  std::string plan;
  std::vector<std::uint64_t> point_tasks(points.size(), 0);  // left to do, per point (root)
  if (root) {
    std::vector<Task> tasks;
    for (const SweepPoint& point : points) {
      if (!sweep.slice.contains(point.index)) continue;
      for (std::uint64_t r = point.config.first_replicate(); r <= point.config.last_replicate();
           ++r) {
        ++outcome.replicates;
        const auto replicate = static_cast<std::uint32_t>(r);
        if (callbacks.skip && callbacks.skip(point.index, replicate)) {
          ++outcome.resumed;
        } else {
          tasks.push_back({point.index, replicate});
          ++point_tasks[point.index];
        }
      }
    }
    plan = encode_tasks(tasks);
  }
  plan = cluster.broadcast(plan);
  const std::vector<Task> all = decode_tasks(plan);
  std::vector<Task> mine;
  for (std::size_t i = static_cast<std::size_t>(cluster.rank()); i < all.size();
       i += static_cast<std::size_t>(cluster.size()))
    mine.push_back(all[i]);

  PointScenarios scenarios(points, mine);
  Outbox outbox;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> next{0};
  unsigned threads = options.threads ? options.threads : sweep.base.thread_count();
  threads = static_cast<unsigned>(std::clamp<std::size_t>(mine.size(), 1, threads));

  const std::optional<std::uint32_t> fail_replicate = options.test.fail_replicate;
  auto work = [&] {
    try {
      std::shared_ptr<const PreparedPoint> point;
      std::unique_ptr<Simulation> simulation;
      std::string lines;
      for (std::size_t i; !stop && (i = next.fetch_add(1)) < mine.size();) {
        throw_if_interrupted();
        const Task task = mine[i];
        if (!point || point->description.run != task.point) {
          simulation.reset();
          point = scenarios.get(task.point);
          simulation = std::make_unique<Simulation>(*point->scenario.graph, *point->scenario.rule,
                                                    point->scenario.model.get());
        }
        ReplicateSpec spec = point->spec;
        spec.replicate = task.replicate;
        ReplicateRecord record;
        try {
          if (task.replicate == fail_replicate)
            throw std::runtime_error("failed on purpose (--test-fail-replicate)");
          record = make_record(task.point, point->description,
                               simulation->run(spec, point->scenario.seeds), record_every);
        } catch (const Interrupted&) {
          throw;
        } catch (const std::bad_alloc&) {
          throw;  // this machine, not the replicate: stop rather than journal it
        } catch (const std::system_error&) {
          throw;
        } catch (const std::exception& e) {
          record = failed_record(task.point, task.replicate, e.what());
          simulation.reset();  // its state is unknown: start afresh
          point.reset();
        }
        lines = encode_record(record);
        scenarios.done(task.point);
        std::lock_guard lock(outbox.mutex);
        outbox.lines += lines;
        ++outbox.count;
        outbox.wake.notify_one();
      }
    } catch (...) {
      stop = true;
      std::lock_guard lock(outbox.mutex);
      if (!outbox.error) outbox.error = std::current_exception();
    }
    std::lock_guard lock(outbox.mutex);
    --outbox.running;
    outbox.wake.notify_one();
  };
  std::unique_ptr<WorkerThreads> pool;
  auto join_all = [&] {
    stop = true;
    pool.reset();  // joins; `work` keeps its own errors in the outbox
  };

  // The calling thread: hand records on, exchange messages, show progress.
  std::unique_ptr<Progress> progress;
  if (root && options.progress) progress = std::make_unique<Progress>("replicates", all.size());
  std::uint64_t delivered = 0, points_done = 0, ran_here = 0;
  std::uint64_t points_total = 0;
  for (std::uint64_t n : point_tasks) points_total += n > 0;
  outcome.per_rank.assign(static_cast<std::size_t>(cluster.size()), 0);
  int ranks_finished = 0;
  std::vector<bool> rank_finished(static_cast<std::size_t>(cluster.size()), false);
  bool finished_here = false, stop_sent = false;
  std::string first_kind, first_message;

  auto deliver = [&](std::string_view lines) {
    while (!lines.empty()) {
      const std::size_t end = std::min(lines.find('\n'), lines.size() - 1) + 1;
      const std::string_view line = lines.substr(0, end);
      lines.remove_prefix(end);
      auto record = decode_record(line);
      if (!record) throw std::runtime_error("a record was damaged on its way to the root");
      if (record->failed()) {
        ++outcome.failed;
        logger().warn("point {} replicate {} failed: {}", record->point, record->replicate(),
                     record->failure);
      }
      if (callbacks.on_record) callbacks.on_record(*record, line);
      ++delivered;
      if (record->point < point_tasks.size() && --point_tasks[record->point] == 0) ++points_done;
    }
  };
  // After every message of a round is in: one sync of the journal, not one
  // per message.
  std::uint64_t flushed = 0;
  auto flush = [&] {
    if (delivered == flushed) return;
    flushed = delivered;
    if (callbacks.after_batch) callbacks.after_batch();
    if (progress) progress->update(delivered, fmt::format("{}/{} points", points_done, points_total));
  };
  auto fail = [&](std::string kind, std::string message) {
    if (first_kind.empty()) first_kind = std::move(kind), first_message = std::move(message);
    stop = true;
    if (root && !stop_sent) {
      stop_sent = true;
      // Only to ranks still working: one that has finished may have left.
      for (int r = 1; r < cluster.size(); ++r)
        if (!rank_finished[static_cast<std::size_t>(r)]) cluster.send(r, "S");
    }
  };

  try {
    {
      std::lock_guard lock(outbox.mutex);  // `running` counts the threads to finish
      outbox.running = threads;
    }
    pool = std::make_unique<WorkerThreads>(0, threads, [&work](unsigned) { work(); });
    while (true) {
      std::string lines;
      std::uint64_t count = 0;
      bool workers_done = false;
      std::exception_ptr error;
      {
        std::unique_lock lock(outbox.mutex);
        outbox.wake.wait_for(lock, std::chrono::milliseconds(cluster.size() > 1 ? 20 : 200),
                             [&] { return !outbox.lines.empty() || outbox.running == 0; });
        lines.swap(outbox.lines);
        count = std::exchange(outbox.count, 0);
        workers_done = outbox.running == 0;
        error = outbox.error;
      }
      if (count > 0) {
        ran_here += count;
        if (root) {
          deliver(lines);
        } else {
          send_records(cluster, lines);
        }
      }
      bool heard = false;
      while (auto message = cluster.poll()) {
        heard = true;
        const std::string& text = message->text;
        if (!root) {
          if (text == "S") stop = true;
          continue;
        }
        if (text.starts_with("R")) {
          deliver(std::string_view(text).substr(1));
        } else if (text.starts_with("D ")) {
          std::istringstream in(text.substr(2));
          std::uint64_t ran = 0;
          std::string kind;
          in >> ran >> kind;
          std::string rest;
          std::getline(in, rest);
          outcome.per_rank[static_cast<std::size_t>(message->source)] = ran;
          rank_finished[static_cast<std::size_t>(message->source)] = true;
          ++ranks_finished;
          if (kind != "ok") fail(kind, rest.empty() ? rest : rest.substr(1));
        }
      }
      if (root) flush();
      if (root && interrupt_requested() && !stop_sent) fail("interrupted", "");
      // Nothing left to wait on here but messages: do not spin.
      if (finished_here && !heard) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      if (workers_done && !finished_here) {
        finished_here = true;
        join_all();
        const std::string kind = error ? error_kind(error) : "ok";
        const std::string message = error ? error_message(error) : "";
        logger().log(cluster.size() > 1 ? spdlog::level::info : spdlog::level::debug,
                    "rank {} ran {} replicates on {} thread{}", cluster.rank(), ran_here, threads,
                    threads == 1 ? "" : "s");
        if (!root) {
          cluster.send(0, fmt::format("D {} {} {}", ran_here, kind, message));
          if (error) std::rethrow_exception(error);
          outcome.per_rank[static_cast<std::size_t>(cluster.rank())] = ran_here;
          return outcome;
        }
        outcome.per_rank[0] = ran_here;
        if (error) fail(kind, message);
      }
      if (root && finished_here && ranks_finished == cluster.size() - 1) break;
    }
  } catch (...) {
    join_all();
    throw;
  }
  if (cluster.size() > 1)
    logger().info("replicates run by ranks 0 to {}: {}", cluster.size() - 1,
                 fmt::join(outcome.per_rank, ", "));
  if (!first_kind.empty()) throw_error(first_kind, first_message);
  if (progress) progress->finish();
  return outcome;
}

}  // namespace koubei
