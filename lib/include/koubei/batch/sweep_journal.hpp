#pragma once
// The memory of an unfinished sweep, under DIR/.partial/: the sweep's
// definition (sweep.ini) and one line per finished replicate (journal), each
// written and synced to disk before the sweep counts it done. Re-opening the
// directory with the same definition resumes: records already there are not
// run again. A last line cut short by a crash is cut off, and a corrupt line
// elsewhere (its checksum fails) is skipped, keeping the records after it:
// either replicate runs again. A different definition is refused unless the
// caller forces a fresh start.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "koubei/batch/replicate_record.hpp"
#include "koubei/io/directory_lock.hpp"

namespace koubei {

class SweepJournal {
 public:
  /// Opens or creates DIR/.partial for `definition`, holding a lock on DIR
  /// while open. Throws InputError when the directory holds another sweep
  /// (naming the first line that differs) and `force` is false, when another
  /// process holds the lock, or when it cannot be written.
  SweepJournal(const std::filesystem::path& dir, const std::string& definition, bool force);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  /// Records found when opening (a resumed sweep has some).
  std::size_t resumed_records() const { return resumed_; }
  std::size_t size() const { return index_.size(); }
  bool contains(std::uint32_t point, std::uint32_t replicate) const;

  /// Adds encoded records (whole lines); a record of a replicate already
  /// journaled is ignored. They are on disk after the next sync().
  void append(std::string_view lines);
  /// Writes what was appended and waits until it is on disk.
  void sync();

  /// The journaled record of a replicate, read back from disk; nothing when
  /// it is not journaled.
  std::optional<ReplicateRecord> read(std::uint32_t point, std::uint32_t replicate) const;

  /// Deletes DIR/.partial (after the final files are published).
  void remove();

 private:
  struct Place {
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
  };
  static std::uint64_t key(std::uint32_t point, std::uint32_t replicate) {
    return std::uint64_t{point} << 32 | replicate;
  }
  void open_journal(const std::filesystem::path& dir, const std::string& definition, bool force);
  void load();

  std::filesystem::path directory_;  // DIR/.partial
  std::filesystem::path path_;       // DIR/.partial/journal
  std::unique_ptr<DirectoryLock> lock_;  // DIR, locked while the journal is open
  int fd_ = -1;
  std::uint64_t end_ = 0;  // bytes of whole records written
  std::string pending_;    // appended, not yet written
  std::size_t resumed_ = 0;
  std::unordered_map<std::uint64_t, Place> index_;
};

/// Makes DIR/.partial ready for the journal of a `what` ("sweep", "fit")
/// whose definition is written there as `definition_name`: an earlier
/// journal with the same definition stays (to resume); one with another
/// definition is refused, naming the first line that differs, or removed
/// with `force`; a .partial without a definition is removed (nothing was
/// journaled). Throws InputError.
void open_partial_directory(const std::filesystem::path& dir, const std::string& definition_name,
                            const std::string& definition, bool force, std::string_view what);

/// The first line where two definitions differ, as "line N: 'a' here, 'b' in
/// DIR" (for the refusal message); empty when they are equal.
std::string first_difference(std::string_view ours, std::string_view theirs);

}  // namespace koubei
