#pragma once
// A process-wide stop request, set from a signal handler (SIGINT, SIGTERM)
// and polled by long loops, so a run can stop cleanly and remove its
// unfinished output files.

namespace koubei {

/// Async-signal-safe: only stores to a lock-free atomic.
void request_interrupt() noexcept;
bool interrupt_requested() noexcept;
/// Throws koubei::Interrupted if a stop was requested.
void throw_if_interrupted();
/// Installs handlers for SIGINT and SIGTERM that call request_interrupt().
void install_interrupt_handlers();

}  // namespace koubei
