// Stop signals: the first asks for a stop, a second ends the process at
// once with 130 (checked in a child process).

#include "koubei/core/interrupt.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace koubei {
namespace {

int child_status(void (*body)()) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(Interrupt, TheFirstSignalRequestsAStop) {
  const int status = child_status([] {
    install_interrupt_handlers();
    ::raise(SIGTERM);
    ::_exit(interrupt_requested() ? 7 : 8);
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(Interrupt, ASecondSignalExitsAtOnceWith130) {
  const int status = child_status([] {
    install_interrupt_handlers();
    ::raise(SIGINT);
    ::raise(SIGINT);
    ::_exit(0);  // not reached
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
}

}  // namespace
}  // namespace koubei
