#include "koubei/core/interrupt.hpp"

#include <atomic>
#include <csignal>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) { request_interrupt(); }

}  // namespace

void request_interrupt() noexcept { g_interrupted.store(true, std::memory_order_relaxed); }

bool interrupt_requested() noexcept { return g_interrupted.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (interrupt_requested()) throw Interrupted();
}

void install_interrupt_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

}  // namespace koubei
