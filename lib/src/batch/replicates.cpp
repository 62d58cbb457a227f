#include "koubei/batch/replicates.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>

#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/core/parallel.hpp"

namespace koubei {

BatchResult run_replicates(const Graph& graph, const Rule& rule, const SeedPlan& seeds,
                           const ReplicateRange& range, unsigned threads,
                           const WordOfMouth* model) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const std::uint64_t total = std::uint64_t{range.last} - range.first + 1;
  threads =
      static_cast<unsigned>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, total)));

  require_memory(total * (sizeof(ReplicateResult) + 16 * sizeof(StepRecord)),
                 fmt::format("{} replicates", total));
  BatchResult batch;
  batch.replicates.resize(total);
  batch.per_thread.assign(threads, 0);
  // Each counter the threads write lives on its own cache line: `next` is
  // taken by every thread after each replicate, and sharing a line with
  // `done` or the progress clock would make every replicate a cross-core
  // miss. Per-thread replicate counts stay in a local until the thread ends.
  struct alignas(64) Counter {
    std::atomic<std::uint64_t> value;
  };
  Counter next{threads};  // thread t starts with index t
  Counter done{0};
  // Steady-clock ticks of the last progress report; read without the lock, so
  // the mutex is taken only when a report may be due (every few seconds), not
  // after every replicate.
  struct alignas(64) {
    std::atomic<Clock::rep> ticks;
  } last_report{start.time_since_epoch().count()};
  const Clock::rep report_every =
      std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(5)).count();
  std::mutex mutex;  // guards error and the progress report
  std::exception_ptr error;

  auto work = [&](unsigned t) {
    std::uint32_t ran = 0;
    try {
      Simulation simulation(graph, rule, model);
      for (std::uint64_t i = t; i < total; i = next.value.fetch_add(1, std::memory_order_relaxed)) {
        throw_if_interrupted();
        ReplicateSpec spec{range.master_seed, static_cast<std::uint32_t>(range.first + i),
                           range.max_steps, range.trace};
        batch.replicates[i] = simulation.run(spec, seeds);
        ++ran;
        const std::uint64_t finished = done.value.fetch_add(1, std::memory_order_relaxed) + 1;
        const auto now = Clock::now();
        if (now.time_since_epoch().count() - last_report.ticks.load(std::memory_order_relaxed) <=
                report_every ||
            finished >= total)
          continue;
        std::lock_guard lock(mutex);
        if (now.time_since_epoch().count() - last_report.ticks.load(std::memory_order_relaxed) <=
            report_every)
          continue;  // another thread reported meanwhile
        last_report.ticks.store(now.time_since_epoch().count(), std::memory_order_relaxed);
        double seconds = std::chrono::duration<double>(now - start).count();
        logger().info("replicates done: {}/{} ({:.1f}/s, about {:.0f} s left)", finished, total,
                     finished / seconds, (total - finished) * seconds / finished);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      next.value.store(total);  // the other threads stop at their next replicate
    }
    batch.per_thread[t] = ran;
  };

  run_parts(threads, work);
  if (error) std::rethrow_exception(error);

  batch.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  for (unsigned t = 0; t < threads; ++t)
    logger().info("thread {} ran {} replicates", t, batch.per_thread[t]);
  return batch;
}

}  // namespace koubei
