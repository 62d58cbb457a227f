#pragma once
// An output file that appears complete or not at all: written to a temporary
// name beside the target, flushed to disk, then renamed over the target. If
// it is destroyed before commit() (an error, an interrupt), the temporary is
// removed and an earlier file of the same name stays untouched. A target
// that exists and is not a regular file (a device, a FIFO, a socket, a
// directory) or is a symbolic link is refused, never replaced.
//
// An OutputSet does the same for the files of one command's output: every
// file is written and synced first, and only then are they renamed, the last
// one (config.ini) last, so that a full disk leaves the earlier set exactly
// as it was.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace koubei {

class AtomicFile {
 public:
  /// Opens the temporary file. Throws InputError naming the path if it cannot.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  /// Flushes, syncs and renames onto the target, then syncs the directory.
  /// Throws InputError on failure.
  void commit();
  /// The first half of commit(): flushes, syncs and closes the temporary
  /// (where a full disk shows). Throws InputError on failure.
  void finish();
  /// The second half: renames the finished temporary onto the target.
  void publish();

  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
  bool finished_ = false;  // closed; the temporary waits for publish()
};

/// Throws InputError if `target` exists and is not a regular file, or is a
/// symbolic link, saying what it is.
void check_output_target(const std::filesystem::path& target);

/// The files of one output directory, replaced as a whole.
class OutputSet {
 public:
  /// Removes the temporaries (`NAME.tmp-PID`) that a killed koubei process
  /// left in `dir`.
  explicit OutputSet(std::filesystem::path dir);
  /// A file of the set, written under a temporary name until commit(); add
  /// the file that marks the set complete (config.ini) last.
  AtomicFile& add(const std::string& name);
  /// A file an earlier set may hold that this one does not write: removed
  /// at commit, so that the directory never mixes two sets.
  void drop(const std::string& name) { dropped_.push_back(name); }
  /// Syncs every file (any failure: nothing is renamed, the temporaries go
  /// and the earlier set stays as it was), then removes the last file's
  /// earlier version and the dropped files, renames the others and the last
  /// one last, and syncs the directory.
  void commit();

 private:
  std::filesystem::path dir_;
  std::vector<std::unique_ptr<AtomicFile>> files_;
  std::vector<std::string> dropped_;
};

/// Removes `NAME.tmp-PID` files in `dir` whose process is gone.
void remove_stale_temporaries(const std::filesystem::path& dir);

/// Makes the entries of a directory (files created, renamed or removed in
/// it) durable. Errors are ignored: some file systems cannot sync a directory.
void sync_directory(const std::filesystem::path& dir);

/// Writes `data` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view data);

/// Creates the output directory `dir` and its parents if needed. Throws
/// InputError ("cannot create output directory ...") if that fails or `dir`
/// is not a directory. Returns true if it did not exist before.
bool create_output_directory(const std::filesystem::path& dir);

}  // namespace koubei
