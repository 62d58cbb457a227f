#include "koubei/io/directory_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

TEST(DirectoryLock, OneWriterAtATime) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("koubei-lock-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::optional<DirectoryLock> first(std::in_place, dir);
    try {
      DirectoryLock second(dir);
      ADD_FAILURE() << "two locks on one directory";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("another koubei process is writing in"),
                std::string::npos)
          << e.what();
    }
    first.reset();
    EXPECT_NO_THROW(DirectoryLock again(dir));  // released with its holder
  }
  EXPECT_THROW(DirectoryLock(dir / "missing"), InputError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace koubei
