#pragma once
// A process-wide stop request, set from a signal handler (SIGINT, SIGTERM)
// and polled by every long phase (reading, generating, building, running,
// writing before the first rename), so a command can stop cleanly and
// remove its unfinished output files. A second signal exits at once (130).
// Blocking calls are not restarted after a signal: a reader waiting on a
// FIFO sees EINTR and checks the request.

namespace koubei {

/// Async-signal-safe: only stores to a lock-free atomic.
void request_interrupt() noexcept;
bool interrupt_requested() noexcept;
/// Throws koubei::Interrupted if a stop was requested.
void throw_if_interrupted();
/// Installs handlers for SIGINT and SIGTERM (sigaction, no SA_RESTART): the
/// first requests a stop, the second exits with 130.
void install_interrupt_handlers();

}  // namespace koubei
