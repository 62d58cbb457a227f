#include "koubei/batch/pipeline.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/core/progress.hpp"
#include "koubei/model/simulation.hpp"

namespace koubei {
namespace {

// Consecutive replicates of one point, run by one thread in turn.
struct Chunk {
  std::uint32_t point = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;  // inclusive
  std::uint64_t size() const { return std::uint64_t{last} - first + 1; }
};

// "point first last" per line.
std::string encode_plan(const std::vector<Chunk>& chunks) {
  std::string out;
  for (const Chunk& c : chunks)
    fmt::format_to(std::back_inserter(out), "{} {} {}\n", c.point, c.first, c.last);
  return out;
}

std::vector<Chunk> decode_plan(std::string_view text) {
  std::vector<Chunk> chunks;
  while (!text.empty()) {
    std::uint32_t v[3] = {};
    const char* at = text.data();
    const char* end = text.data() + text.size();
    for (std::uint32_t& x : v) at = std::from_chars(at, end, x).ptr + 1;
    chunks.push_back({v[0], v[1], v[2]});
    text.remove_prefix(static_cast<std::size_t>(at - text.data()));
  }
  return chunks;
}

// Cuts the replicates to run into chunks: small enough that the threads of
// every rank share a point's replicates evenly, large enough that handing
// them out costs little against a replicate of a few microseconds.
class Planner {
 public:
  explicit Planner(std::uint64_t workers) : workers_(std::max<std::uint64_t>(workers, 1)) {}

  void add_point(std::uint32_t point, std::uint64_t replicates) {
    limit_ = std::clamp<std::uint64_t>(replicates / (8 * workers_), 1, 64);
    point_ = point;
    open_ = false;
  }
  void add(std::uint32_t replicate) {
    if (open_ && chunks_.back().last + 1 == replicate && chunks_.back().size() < limit_) {
      chunks_.back().last = replicate;
    } else {
      chunks_.push_back({point_, replicate, replicate});
      open_ = true;
    }
  }
  void skip() { open_ = false; }
  const std::vector<Chunk>& chunks() const { return chunks_; }

 private:
  std::uint64_t workers_;
  std::uint64_t limit_ = 1;
  std::uint32_t point_ = 0;
  bool open_ = false;
  std::vector<Chunk> chunks_;
};

// The points this rank is running: made ready by the first thread that needs
// one, shared, and let go (with what they share) after their last chunk.
class ReadyPoints {
 public:
  ReadyPoints(const PointSource& source, const std::vector<Chunk>& mine) : source_(source) {
    for (const Chunk& c : mine) {
      if (remaining_[c.point] == 0 && source_.shared_key)
        ++points_per_key_[source_.shared_key(c.point)];
      remaining_[c.point] += c.size();
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
    logger().debug("preparing point {}", point);
    std::shared_ptr<const PreparedPoint> prepared = source_.prepare(point);
    std::lock_guard lock(mutex_);
    ready_[point] = prepared;
    return prepared;
  }

  // `count` replicates of `point` are done on this rank.
  void done(std::uint32_t point, std::uint64_t count) {
    std::string unused;  // a key no remaining point has
    {
      std::lock_guard lock(mutex_);
      if ((remaining_[point] -= count) != 0) return;
      ready_.erase(point);
      if (!source_.shared_key) return;
      const std::string key = source_.shared_key(point);
      if (--points_per_key_[key] == 0) unused = key;
    }
    if (unused.empty() || !source_.release) return;
    std::lock_guard building(build_mutex_);
    source_.release(unused);
  }

 private:
  const PointSource& source_;
  std::mutex mutex_;        // guards ready_, remaining_ and points_per_key_
  std::mutex build_mutex_;  // around prepare and release; never taken inside mutex_
  std::map<std::uint32_t, std::shared_ptr<const PreparedPoint>> ready_;
  std::map<std::uint32_t, std::uint64_t> remaining_;      // replicates left per point
  std::map<std::string, std::uint64_t> points_per_key_;  // unfinished points per key
};

// A finished replicate on its way to the calling thread: the record, its
// line, or both.
struct Finished {
  ReplicateRecord record;
  std::string line;
};

// Finished replicates waiting for the calling thread, and how the workers
// ended.
struct Outbox {
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<Finished> items;
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

PipelineOutcome run_pipeline(const PointSource& points, const PipelineOptions& options,
                             const RecordSink& sink) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  SingleProcess alone;
  Cluster& cluster = options.cluster ? *options.cluster : alone;
  const bool root = cluster.is_root();
  PipelineOutcome outcome;

  std::string plan;
  std::map<std::uint32_t, std::uint64_t> point_tasks;  // left to deliver, per point (root)
  if (root) {
    Planner planner(std::uint64_t{std::max(options.threads, 1u)} *
                    static_cast<std::uint64_t>(cluster.size()));
    for (std::uint32_t p = 0; p < points.count; ++p) {
      if ((p & 0x3FF) == 0) throw_if_interrupted();  // planning a large grid takes seconds
      if (points.included && !points.included(p)) continue;
      const auto [first, last] = points.replicates(p);
      planner.add_point(p, std::uint64_t{last} - first + 1);
      for (std::uint64_t r = first; r <= last; ++r) {
        ++outcome.replicates;
        const auto replicate = static_cast<std::uint32_t>(r);
        if (sink.skip && sink.skip(p, replicate)) {
          ++outcome.resumed;
          planner.skip();
        } else {
          planner.add(replicate);
          ++point_tasks[p];
        }
      }
    }
    plan = encode_plan(planner.chunks());
  }
  plan = cluster.broadcast(plan);
  const std::vector<Chunk> all = decode_plan(plan);
  std::vector<Chunk> mine;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    total += all[i].size();
    if (i % static_cast<std::size_t>(cluster.size()) == static_cast<std::size_t>(cluster.rank()))
      mine.push_back(all[i]);
  }

  ReadyPoints ready(points, mine);
  Outbox outbox;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> next{0};  // set to `threads` below: thread t starts with chunk t
  const unsigned threads =
      static_cast<unsigned>(std::clamp<std::size_t>(mine.size(), 1, std::max(options.threads, 1u)));
  outcome.threads = threads;
  next = threads;
  // Encoded where they leave this process or the sink keeps text.
  const bool encode = !root || sink.wants_lines;

  std::vector<std::uint64_t> per_thread(threads, 0);  // each written by its thread only
  std::unique_ptr<WorkerThreads> pool;
  auto join_all = [&] {
    stop = true;
    pool.reset();  // joins; `work` keeps its own errors in the outbox
  };

  // The calling thread's other job: hand records on, exchange messages,
  // show progress. service(wait) does one round of it, waiting for news when
  // asked to; it returns true once the whole pipeline is done.
  std::unique_ptr<Progress> progress;
  if (root && options.progress) progress = std::make_unique<Progress>("replicates", total);
  std::uint64_t delivered = 0, points_done = 0, ran_here = 0;
  const std::uint64_t points_total = point_tasks.size();
  outcome.per_rank.assign(static_cast<std::size_t>(cluster.size()), 0);
  int ranks_finished = 0;
  std::vector<bool> rank_finished(static_cast<std::size_t>(cluster.size()), false);
  bool finished_here = false, stop_sent = false;
  std::string first_kind, first_message;

  auto deliver = [&](ReplicateRecord&& record, std::string_view line) {
    if (record.failed()) {
      ++outcome.failed;
      logger().warn("point {} replicate {} failed: {}", record.point, record.replicate(),
                    record.failure);
    }
    const std::uint32_t point = record.point;
    if (sink.on_record) sink.on_record(std::move(record), line);
    ++delivered;
    if (auto left = point_tasks.find(point); left != point_tasks.end() && --left->second == 0)
      ++points_done;
  };
  auto deliver_lines = [&](std::string_view lines) {
    while (!lines.empty()) {
      const std::size_t end = std::min(lines.find('\n'), lines.size() - 1) + 1;
      const std::string_view line = lines.substr(0, end);
      lines.remove_prefix(end);
      auto record = decode_record(line);
      if (!record) throw std::runtime_error("a record was damaged on its way to the root");
      deliver(std::move(*record), line);
    }
  };
  // After every message of a round is in: one sync of the journal, not one
  // per message.
  std::uint64_t flushed = 0;
  auto flush = [&] {
    if (delivered == flushed) return;
    flushed = delivered;
    if (sink.after_batch) sink.after_batch();
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

  std::vector<Finished> items;
  bool returned_early = false;  // a rank other than the root has reported and is done
  auto service = [&](bool wait) {
    bool workers_done = false;
    std::exception_ptr error;
    {
      std::unique_lock lock(outbox.mutex);
      if (wait)
        outbox.wake.wait_for(lock, std::chrono::milliseconds(cluster.size() > 1 ? 20 : 200),
                             [&] { return !outbox.items.empty() || outbox.running == 0; });
      items.swap(outbox.items);
      workers_done = outbox.running == 0;
      error = outbox.error;
    }
    if (!items.empty()) {
      ran_here += items.size();
      if (root) {
        for (Finished& item : items) deliver(std::move(item.record), item.line);
      } else {
        std::string lines;
        for (const Finished& item : items) lines += item.line;
        send_records(cluster, lines);
      }
      items.clear();
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
        deliver_lines(std::string_view(text).substr(1));
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
    if (wait && finished_here && !heard) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (workers_done && !finished_here) {
      finished_here = true;
      join_all();
      const std::string kind = error ? error_kind(error) : "ok";
      const std::string message = error ? error_message(error) : "";
      for (unsigned t = 0; t < threads; ++t)
        logger().info("thread {} ran {} replicates", t, per_thread[t]);
      logger().log(cluster.size() > 1 ? spdlog::level::info : spdlog::level::debug,
                   "rank {} ran {} replicates on {} thread{}", cluster.rank(), ran_here, threads,
                   threads == 1 ? "" : "s");
      if (!root) {
        cluster.send(0, fmt::format("D {} {} {}", ran_here, kind, message));
        if (error) std::rethrow_exception(error);
        outcome.per_rank[static_cast<std::size_t>(cluster.rank())] = ran_here;
        returned_early = true;
        return true;
      }
      outcome.per_rank[0] = ran_here;
      outcome.per_thread = per_thread;
      if (error) fail(kind, message);
    }
    return root && finished_here && ranks_finished == cluster.size() - 1;
  };

  // Thread 0 is the calling thread: between replicates, when a round of
  // service is due, it hands on what finished (its own records included).
  constexpr auto kServiceEvery = std::chrono::milliseconds(20);
  auto next_service = Clock::now() + kServiceEvery;
  std::exception_ptr service_error;
  auto serve_between = [&](std::vector<Finished>& finished) {
    if (Clock::now() < next_service || service_error) return;
    {
      std::lock_guard lock(outbox.mutex);
      for (Finished& item : finished) outbox.items.push_back(std::move(item));
    }
    finished.clear();
    try {
      service(false);
    } catch (...) {
      service_error = std::current_exception();
      stop = true;
    }
    next_service = Clock::now() + kServiceEvery;
  };

  auto work = [&](unsigned t) {
    try {
      std::shared_ptr<const PreparedPoint> point;
      std::unique_ptr<Simulation> simulation;
      std::vector<Finished> finished;
      for (std::size_t i = t; !stop && i < mine.size(); i = next.fetch_add(1)) {
        const Chunk chunk = mine[i];
        if (!point || point->description.run != chunk.point) {
          simulation.reset();
          point = ready.get(chunk.point);
          simulation = std::make_unique<Simulation>(*point->graph, *point->rule, point->model);
        }
        for (std::uint64_t r = chunk.first; r <= chunk.last; ++r) {
          throw_if_interrupted();
          const auto replicate = static_cast<std::uint32_t>(r);
          Finished& item = finished.emplace_back();
          try {
            if (replicate == options.test.fail_replicate)
              throw std::runtime_error("failed on purpose (--test-fail-replicate)");
            item.record = make_record(
                chunk.point, point->description,
                simulation->run({point->description.rng_seed, replicate, point->max_steps,
                                 point->trace},
                                *point->seeds),
                options.content);
          } catch (const Interrupted&) {
            throw;
          } catch (const std::bad_alloc&) {
            throw;  // this machine, not the replicate: stop rather than record it
          } catch (const std::system_error&) {
            throw;
          } catch (const std::exception& e) {
            item.record = failed_record(chunk.point, replicate, e.what());
            // Its state is unknown: start afresh.
            simulation = std::make_unique<Simulation>(*point->graph, *point->rule, point->model);
          }
          if (encode) item.line = encode_record(item.record);
          if (!root) item.record = {};  // only its line leaves this rank
          ++per_thread[t];
          if (t == 0) serve_between(finished);
        }
        ready.done(chunk.point, chunk.size());
        std::lock_guard lock(outbox.mutex);
        for (Finished& item : finished) outbox.items.push_back(std::move(item));
        finished.clear();
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

  try {
    {
      std::lock_guard lock(outbox.mutex);  // `running` counts the threads to finish
      outbox.running = threads;
    }
    if (threads > 1) pool = std::make_unique<WorkerThreads>(1, threads - 1, work);
    work(0);
    if (service_error) std::rethrow_exception(service_error);
    while (!service(true)) {
    }
  } catch (...) {
    join_all();
    throw;
  }
  if (returned_early) {
    outcome.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return outcome;
  }
  if (cluster.size() > 1)
    logger().info("replicates run by ranks 0 to {}: {}", cluster.size() - 1,
                  fmt::join(outcome.per_rank, ", "));
  if (!first_kind.empty()) throw_error(first_kind, first_message);
  if (progress) progress->finish();
  outcome.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return outcome;
}

}  // namespace koubei
