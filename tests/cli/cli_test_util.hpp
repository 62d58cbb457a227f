#pragma once
// Helpers for the end-to-end tests: run the real koubei binary in a fresh
// temporary directory, capture its stdout, stderr and exit status separately,
// and read its CSV output back (RFC 4180: quoted fields may hold commas,
// doubled quotes and line breaks).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace koubei_cli_test {

namespace fs = std::filesystem;

inline const std::string kBinary = KOUBEI_BINARY;
inline const fs::path kDataDir = KOUBEI_DATA_DIR;
inline const fs::path kSourceDir = KOUBEI_SOURCE_DIR;

// ---------------------------------------------------------------- files

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

/// Lines of `text` without their terminators ("\n" or "\r\n"); no empty last line.
inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// A log line as spdlog writes it: "[HH:MM:SS.mmm] [level] ...".
inline bool is_log_line(std::string_view line) {
  auto digit = [&](std::size_t i) { return i < line.size() && line[i] >= '0' && line[i] <= '9'; };
  return line.size() > 16 && line[0] == '[' && digit(1) && digit(2) && line[3] == ':' && digit(4) &&
         digit(5) && line[6] == ':' && digit(7) && digit(8) && line[9] == '.' &&
         line.find("] [") != std::string_view::npos;
}

/// The lines of stderr that are not log lines (the error messages).
inline std::vector<std::string> message_lines(std::string_view err) {
  std::vector<std::string> lines;
  for (std::string& line : split_lines(err))
    if (!is_log_line(line)) lines.push_back(std::move(line));
  return lines;
}

/// Every regular file under `dir`, as paths relative to it, sorted.
inline std::vector<std::string> list_files(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return names;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (!entry.is_directory()) names.push_back(fs::relative(entry.path(), dir).generic_string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Compares two texts line by line; on failure names the first differing
/// line instead of printing both texts whole.
inline ::testing::AssertionResult same_text(const std::string& a, const std::string& b) {
  if (a == b) return ::testing::AssertionSuccess();
  const std::vector<std::string> la = split_lines(a), lb = split_lines(b);
  std::size_t i = 0;
  while (i < la.size() && i < lb.size() && la[i] == lb[i]) ++i;
  auto line = [](const std::vector<std::string>& lines, std::size_t n) {
    return n < lines.size() ? "'" + lines[n] + "'" : std::string("(end of text)");
  };
  return ::testing::AssertionFailure()
         << "texts differ (" << la.size() << " vs " << lb.size() << " lines); first at line "
         << i + 1 << ":\n  " << line(la, i) << "\n  " << line(lb, i);
}

// ---------------------------------------------------------------- CSV

using CsvRecord = std::vector<std::string>;

/// Parses CSV text per RFC 4180. Records end with "\n" or "\r\n"; a final
/// terminator does not start an empty record. Throws on an unterminated quote.
inline std::vector<CsvRecord> parse_csv(std::string_view text) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;  // anything (even "") seen in this record
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
  };
  auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    record.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        in_quotes = false;
      }
      continue;
    }
    if (c == '"') {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
      field_started = true;
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) throw std::runtime_error("CSV: unterminated quoted field");
  if (field_started || !field.empty()) end_record();
  return records;
}

/// Quotes a field only if it needs it.
inline std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

struct CsvTable {
  CsvRecord header;
  std::vector<CsvRecord> rows;

  /// Index of the named column; fails the test (throws) if missing.
  std::size_t column(std::string_view name) const {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("no CSV column " + std::string(name));
    return static_cast<std::size_t>(it - header.begin());
  }
  const std::string& at(std::size_t row, std::string_view name) const {
    return rows.at(row).at(column(name));
  }
  long long num(std::size_t row, std::string_view name) const { return std::stoll(at(row, name)); }
  double real(std::size_t row, std::string_view name) const { return std::stod(at(row, name)); }
};

inline CsvTable parse_csv_table(std::string_view text) {
  std::vector<CsvRecord> records = parse_csv(text);
  CsvTable table;
  if (records.empty()) return table;
  table.header = std::move(records.front());
  table.rows.assign(std::make_move_iterator(records.begin() + 1),
                    std::make_move_iterator(records.end()));
  return table;
}

inline CsvTable read_csv(const fs::path& path) { return parse_csv_table(read_file(path)); }

/// The CSV text re-serialised without the named column (e.g. wall_ms), so
/// two runs' files can be compared byte for byte on everything else.
inline std::string csv_without_column(std::string_view text, std::string_view name) {
  std::vector<CsvRecord> records = parse_csv(text);
  if (records.empty()) return {};
  auto it = std::find(records[0].begin(), records[0].end(), name);
  const std::size_t drop = it == records[0].end()
                               ? records[0].size()
                               : static_cast<std::size_t>(it - records[0].begin());
  std::string out;
  for (const CsvRecord& record : records) {
    bool first = true;
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i == drop) continue;
      if (!first) out += ',';
      first = false;
      out += csv_field(record[i]);
    }
    out += '\n';
  }
  return out;
}

// ---------------------------------------------------------------- processes

struct RunResult {
  int exit_code = -1;    // the exit status, or -1 if killed by a signal
  int term_signal = 0;   // the signal that killed it, or 0
  long max_rss_kib = 0;  // peak resident memory of the process
  double wall_seconds = 0;
  std::string out;
  std::string err;

  /// For failure messages.
  std::string describe() const {
    std::ostringstream text;
    text << "exit " << exit_code;
    if (term_signal) text << " (killed by signal " << term_signal << ")";
    text << ", " << wall_seconds << " s, peak " << max_rss_kib / 1024 << " MiB";
    text << "\n--- stdout ---\n" << out << "--- stderr ---\n" << err;
    return text.str();
  }
};

/// A started koubei process whose stdout and stderr go to files.
class Process {
 public:
  Process(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& out_path,
          const fs::path& err_path)
      : out_path_(out_path), err_path_(err_path) {
    // Everything the child needs, prepared before fork (only async-signal-safe
    // calls happen in the child).
    std::vector<std::string> argv_strings;
    argv_strings.push_back(kBinary);
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string cwd_string = cwd.string();
    const std::string out_string = out_path.string();
    const std::string err_string = err_path.string();

    pid_ = ::fork();
    if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid_ == 0) {
      int in = ::open("/dev/null", O_RDONLY);
      int out = ::open(out_string.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = ::open(err_string.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
          ::dup2(err, 2) < 0 || ::chdir(cwd_string.c_str()) != 0)
        ::_exit(127);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  pid_t pid() const { return pid_; }

  /// Sends `sig` if the process is still running (never to pid 0, which
  /// would signal our own process group).
  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  /// True while the process has not exited.
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    struct rusage usage {};
    pid_t r = ::wait4(pid_, &status, WNOHANG, &usage);
    if (r == pid_) {
      finish(status, usage);
      return false;
    }
    return true;
  }

  /// Current contents of the captured stderr.
  std::string err_so_far() const {
    std::error_code ec;
    if (!fs::exists(err_path_, ec)) return {};
    return read_file(err_path_);
  }

  /// Waits (killing the process after `timeout`) and collects the output.
  RunResult wait(std::chrono::seconds timeout = std::chrono::seconds(300)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool killed = false;
    while (pid_ > 0) {
      int status = 0;
      struct rusage usage {};
      pid_t r = ::wait4(pid_, &status, WNOHANG, &usage);
      if (r == pid_) {
        finish(status, usage);
        break;
      }
      if (r < 0 && errno != EINTR)
        throw std::system_error(errno, std::generic_category(), "waitpid");
      if (!killed && std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "koubei did not finish within " << timeout.count() << " s; killed";
        ::kill(pid_, SIGKILL);
        killed = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    result_.out = read_file(out_path_);
    result_.err = read_file(err_path_);
    return result_;
  }

 private:
  void finish(int status, const struct rusage& usage) {
    pid_ = 0;
    result_.max_rss_kib = usage.ru_maxrss;
    result_.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (WIFEXITED(status)) {
      result_.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      result_.term_signal = WTERMSIG(status);
    }
  }

  pid_t pid_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  fs::path out_path_;
  fs::path err_path_;
  RunResult result_;
};

/// A fresh directory under the system temporary directory, removed at the
/// end: `work()` is the koubei process's cwd, captured output lives beside it
/// so that it never shows up among the files koubei wrote.
class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "koubei-cli-" + std::to_string(::getpid()) + "-";
    if (info) name += std::string(info->test_suite_name()) + "." + info->name() + "-";
    for (char& c : name)
      if (c == '/') c = '_';
    for (;;) {
      root_ = fs::temp_directory_path() / (name + std::to_string(counter++));
      if (fs::create_directory(root_)) break;
    }
    fs::create_directory(work());
    fs::create_directory(root_ / "io");
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  const fs::path& root() const { return root_; }
  fs::path work() const { return root_ / "work"; }
  fs::path operator/(const fs::path& relative) const { return work() / relative; }

  /// Starts koubei in work() with the given arguments (not waiting).
  std::unique_ptr<Process> start(const std::vector<std::string>& args) {
    const std::string stem = std::to_string(runs_++);
    return std::make_unique<Process>(args, work(), root_ / "io" / (stem + ".out"),
                                     root_ / "io" / (stem + ".err"));
  }

  /// Runs koubei in work() and waits for it.
  RunResult run(const std::vector<std::string>& args) { return start(args)->wait(); }

 private:
  fs::path root_;
  unsigned runs_ = 0;
};

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

/// Base fixture: a fresh TempDir per test.
class CliTest : public ::testing::Test {
 public:
  TempDir dir;

  RunResult koubei(const std::vector<std::string>& args) { return dir.run(args); }
  fs::path path(const fs::path& relative) const { return dir / relative; }
  void write(const fs::path& relative, std::string_view text) const {
    write_file(dir / relative, text);
  }
  std::string read(const fs::path& relative) const { return read_file(dir / relative); }
  CsvTable csv(const fs::path& relative) const { return read_csv(dir / relative); }
};

/// A test of bad input: every mistake is exit code 2 with one clear error
/// line on stderr, no crash, and no output written or half-written.
class BadInputTest : public CliTest {
 protected:
  /// Runs koubei and checks it rejected the input cleanly: exit 2, one error
  /// line naming every `needles`, nothing on stdout, no files besides the
  /// inputs the test wrote, and none of `not_made` (directories included).
  RunResult expect_rejected(const std::vector<std::string>& args,
                            std::initializer_list<std::string_view> needles,
                            std::initializer_list<std::string_view> not_made = {"out",
                                                                                "koubei-out"}) {
    const std::vector<std::string> inputs = list_files(dir.work());
    RunResult r = koubei(args);
    std::string command = "koubei";
    for (const std::string& a : args) command += " " + a;
    SCOPED_TRACE(command);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.term_signal, 0) << r.describe();
    EXPECT_FALSE(contains(r.err, "internal error")) << r.err;
    EXPECT_FALSE(contains(r.err, "Sanitizer")) << r.err;
    EXPECT_FALSE(contains(r.err, "terminate called")) << r.err;
    EXPECT_TRUE(r.out.empty()) << "stdout: " << r.out;
    const std::vector<std::string> messages = message_lines(r.err);
    EXPECT_EQ(messages.size(), 1u) << "stderr should hold one error line:\n" << r.err;
    if (!messages.empty()) {
      EXPECT_EQ(messages[0].rfind("koubei", 0), 0u) << messages[0];
      EXPECT_TRUE(contains(messages[0], "error")) << messages[0];
      for (std::string_view needle : needles)
        EXPECT_TRUE(contains(messages[0], needle))
            << "the message should contain '" << needle << "': " << messages[0];
    }
    EXPECT_EQ(list_files(dir.work()), inputs) << "no output files";
    for (std::string_view name : not_made) EXPECT_FALSE(fs::exists(path(name))) << name;
    return r;
  }
};

}  // namespace koubei_cli_test
