#include "koubei/batch/replicates.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "koubei/core/interrupt.hpp"
#include "koubei/core/memory.hpp"

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
  std::atomic<std::uint64_t> next{threads};  // thread t starts with index t
  std::atomic<std::uint64_t> done{0};
  std::mutex mutex;  // guards error and last_report
  std::exception_ptr error;
  auto last_report = start;

  auto work = [&](unsigned t) {
    try {
      Simulation simulation(graph, rule, model);
      for (std::uint64_t i = t; i < total; i = next.fetch_add(1)) {
        throw_if_interrupted();
        ReplicateSpec spec{range.master_seed, static_cast<std::uint32_t>(range.first + i),
                           range.max_steps, range.trace};
        batch.replicates[i] = simulation.run(spec, seeds);
        ++batch.per_thread[t];
        std::uint64_t finished = done.fetch_add(1) + 1;
        std::lock_guard lock(mutex);
        const auto now = Clock::now();
        if (now - last_report > std::chrono::seconds(5) && finished < total) {
          last_report = now;
          double seconds = std::chrono::duration<double>(now - start).count();
          spdlog::info("replicates done: {}/{} ({:.1f}/s, about {:.0f} s left)", finished, total,
                       finished / seconds, (total - finished) * seconds / finished);
        }
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      next.store(total);  // the other threads stop at their next replicate
    }
  };

  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);

  batch.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  for (unsigned t = 0; t < threads; ++t)
    spdlog::info("thread {} ran {} replicates", t, batch.per_thread[t]);
  return batch;
}

}  // namespace koubei
