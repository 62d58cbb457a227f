#include "koubei/core/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

// The first signal asks the command to stop cleanly; a second one, while it
// is still stopping, ends the process at once (what it leaves behind is only
// temporaries, which the next run removes).
extern "C" void on_stop_signal(int) {
  if (g_interrupted.exchange(true, std::memory_order_relaxed)) ::_exit(130);
}

}  // namespace

void request_interrupt() noexcept { g_interrupted.store(true, std::memory_order_relaxed); }

bool interrupt_requested() noexcept { return g_interrupted.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (interrupt_requested()) throw Interrupted();
}

void install_interrupt_handlers() {
  // Without SA_RESTART: a call blocked on a pipe or FIFO (an open() waiting
  // for a writer, a read()) returns EINTR, and the caller sees the request.
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace koubei
