// Output files replace regular files only, and a set of them replaces an
// earlier set as a whole or not at all.

#include "koubei/io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() {
    path_ = fs::temp_directory_path() /
            ("koubei-atomic-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~Scratch() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

void expect_refused(const fs::path& target, const std::string& what) {
  try {
    write_file_atomically(target, "data\n");
    ADD_FAILURE() << "wrote over " << what;
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(what), std::string::npos) << message;
    EXPECT_NE(message.find(target.string()), std::string::npos) << message;
  }
}

TEST(AtomicFile, RefusesToReplaceWhatIsNotARegularFile) {
  Scratch dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  expect_refused(dir / "fifo", "a FIFO");
  EXPECT_TRUE(fs::is_fifo(dir / "fifo"));

  write(dir / "real.txt", "kept\n");
  fs::create_symlink(dir / "real.txt", dir / "link");
  expect_refused(dir / "link", "a symbolic link");
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(read(dir / "real.txt"), "kept\n");

  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string socket_path = (dir / "sock").string();
  ASSERT_LT(socket_path.size(), sizeof(address.sun_path));
  std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  expect_refused(dir / "sock", "a socket");
  EXPECT_TRUE(fs::is_socket(dir / "sock"));
  ::close(sock);

  fs::create_directory(dir / "sub");
  expect_refused(dir / "sub", "a directory");
  // No temporary is left behind by any of these.
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST(AtomicFile, ReplacesARegularFile) {
  Scratch dir;
  write(dir / "a.txt", "old\n");
  write_file_atomically(dir / "a.txt", "new\n");
  EXPECT_EQ(read(dir / "a.txt"), "new\n");
}

TEST(OutputSet, ReplacesTheEarlierSetAndDropsWhatItDoesNotWrite) {
  Scratch dir;
  write(dir / "a.csv", "old a\n");
  write(dir / "stale.csv", "old stale\n");
  write(dir / "config.ini", "old config\n");
  OutputSet set(dir.path());
  set.add("a.csv").write("new a\n");
  set.drop("stale.csv");
  set.add("config.ini").write("new config\n");
  EXPECT_EQ(read(dir / "a.csv"), "old a\n") << "nothing replaced before commit";
  set.commit();
  EXPECT_EQ(read(dir / "a.csv"), "new a\n");
  EXPECT_EQ(read(dir / "config.ini"), "new config\n");
  EXPECT_FALSE(fs::exists(dir / "stale.csv"));
}

TEST(OutputSet, NotCommittedLeavesTheEarlierSetExactly) {
  Scratch dir;
  write(dir / "a.csv", "old a\n");
  write(dir / "config.ini", "old config\n");
  {
    OutputSet set(dir.path());
    set.add("a.csv").write("new a\n");
    set.add("config.ini").write("new config\n");
    // destroyed without commit: an error or an interrupt while writing
  }
  EXPECT_EQ(read(dir / "a.csv"), "old a\n");
  EXPECT_EQ(read(dir / "config.ini"), "old config\n");
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) ++entries, (void)entry;
  EXPECT_EQ(entries, 2u);
}

TEST(OutputSet, RemovesTemporariesOfDeadProcessesOnly) {
  Scratch dir;
  // A pid above the kernel's limit (4194304) belongs to no process.
  write(dir / "summary.csv.tmp-99999999", "left by a killed run\n");
  const std::string mine = "summary.csv.tmp-" + std::to_string(::getppid());  // alive
  write(dir / mine, "someone else's, still writing\n");
  write(dir / "notes.tmp-x", "not ours\n");
  OutputSet set(dir.path());
  EXPECT_FALSE(fs::exists(dir / "summary.csv.tmp-99999999"));
  EXPECT_TRUE(fs::exists(dir / mine));
  EXPECT_TRUE(fs::exists(dir / "notes.tmp-x"));
}

}  // namespace
}  // namespace koubei
