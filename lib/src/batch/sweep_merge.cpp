#include "koubei/batch/sweep_merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <charconv>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

#include "koubei/batch/sweep.hpp"
#include "koubei/batch/sweep_journal.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/command_file.hpp"
#include "koubei/io/derived_files.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {
namespace {

struct SliceInfo {
  std::filesystem::path dir;
  SweepSlice slice;
  std::string definition;  // config.ini without its slice line
};

SliceInfo read_slice(const std::filesystem::path& dir) {
  if (std::filesystem::exists(dir / ".partial"))
    throw InputError(fmt::format("slice '{}' is unfinished: run its sweep command again to "
                                 "complete it",
                                 dir.string()));
  const std::filesystem::path config = dir / "config.ini";
  if (!std::filesystem::exists(config))
    throw InputError(fmt::format("'{}' holds no finished sweep (no config.ini)", dir.string()));
  SliceInfo info{dir, {}, {}};
  std::istringstream in(read_text_file(config));
  bool sweep = false, sliced = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# koubei") && line.ends_with("sweep, resolved definition")) sweep = true;
    if (line.starts_with("slice = ")) {
      info.slice = SweepSlice::parse(line.substr(8));
      sliced = true;
      continue;
    }
    info.definition += line + '\n';
  }
  if (!sweep || !sliced)
    throw InputError(fmt::format("'{}' does not hold a sweep's results", dir.string()));
  return info;
}

// The point a data row belongs to: its first field.
std::uint64_t point_of(const std::string& line, const std::filesystem::path& file) {
  std::uint64_t point = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), point);
  if (ec != std::errc() || (end != line.data() + line.size() && *end != ','))
    throw InputError(fmt::format("{}: a row that does not start with its point: '{}'",
                                 file.string(), line.substr(0, 60)));
  return point;
}

// Merges one file of every slice: the headers must agree; rows are taken in
// point order (each slice's file is in point order already).
void merge_file(const std::vector<SliceInfo>& slices, const std::string& name, AtomicFile& out) {
  struct Reader {
    std::ifstream in;
    std::filesystem::path path;
    std::optional<std::string> line;
    void advance() {
      std::string text;
      line = std::getline(in, text) ? std::optional(std::move(text)) : std::nullopt;
    }
  };
  std::vector<std::unique_ptr<Reader>> readers;
  std::string header;
  for (const SliceInfo& slice : slices) {
    auto reader = std::make_unique<Reader>();
    reader->path = slice.dir / name;
    reader->in.open(reader->path, std::ios::binary);
    if (!reader->in) throw InputError(fmt::format("cannot read '{}'", reader->path.string()));
    reader->advance();
    const std::string first = reader->line.value_or("");
    if (readers.empty()) header = first;
    if (first != header)
      throw InputError(fmt::format("'{}' has another header than '{}'", reader->path.string(),
                                   readers.front()->path.string()));
    reader->advance();
    readers.push_back(std::move(reader));
  }
  out.write(header + '\n');
  std::string chunk;
  while (true) {
    Reader* next = nullptr;
    std::uint64_t lowest = std::numeric_limits<std::uint64_t>::max();
    for (auto& reader : readers) {
      if (!reader->line) continue;
      const std::uint64_t point = point_of(*reader->line, reader->path);
      if (point < lowest) lowest = point, next = reader.get();
    }
    if (next == nullptr) break;
    while (next->line && point_of(*next->line, next->path) == lowest) {
      chunk += *next->line;
      chunk += '\n';
      next->advance();
    }
    if (chunk.size() > (1u << 20)) out.write(chunk), chunk.clear();
  }
  out.write(chunk);
}

// The (point, replicate) of a summary.csv or failures.csv row.
std::pair<std::uint64_t, std::uint64_t> point_and_replicate(const std::string& line,
                                                            const std::filesystem::path& file) {
  const std::uint64_t point = point_of(line, file);
  const std::size_t comma = line.find(',');
  std::uint64_t replicate = 0;
  const char* begin = line.data() + comma + 1;
  const char* stop = line.data() + line.size();
  auto [end, ec] = std::from_chars(begin, stop, replicate);
  if (comma == std::string::npos || ec != std::errc() || (end != stop && *end != ','))
    throw InputError(fmt::format("{}: a row without its replicate: '{}'", file.string(),
                                 line.substr(0, 60)));
  return {point, replicate};
}

// Checks that a slice holds every row it should: points I, I + N, ... with no
// gap in points.csv, and for each of them every replicate once, in
// summary.csv or failures.csv: the definition's replicates A:B, or where the
// replicates vary per point, a run of them without a gap.
void check_slice_complete(const SliceInfo& slice) {
  const auto rows = [&](const char* name) {
    std::vector<std::string> lines;
    std::istringstream in(read_text_file(slice.dir / name));
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line))
      if (!line.empty()) lines.push_back(line);
    return lines;
  };
  const auto incomplete = [&](const std::string& what) {
    return InputError(fmt::format("slice '{}' is incomplete: {}; run its sweep again with --force",
                                  slice.dir.string(), what));
  };
  std::map<std::uint64_t, std::vector<std::uint64_t>> replicates;  // point -> replicates seen
  std::uint64_t expected = slice.slice.index;
  for (const std::string& line : rows("points.csv")) {
    const std::uint64_t point = point_of(line, slice.dir / "points.csv");
    if (point != expected)
      throw incomplete(fmt::format("points.csv lists point {} where point {} belongs", point,
                                   expected));
    replicates[point];
    expected += slice.slice.count;
  }
  for (const char* name : {"summary.csv", "failures.csv"}) {
    for (const std::string& line : rows(name)) {
      const auto [point, replicate] = point_and_replicate(line, slice.dir / name);
      const auto found = replicates.find(point);
      if (found == replicates.end())
        throw incomplete(fmt::format("{} has rows of point {}, which points.csv does not list",
                                     name, point));
      found->second.push_back(replicate);
    }
  }
  // The definition's replicate range, unless something varies it per point.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> range;
  {
    std::istringstream in(slice.definition);
    bool varied = false;
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("vary = reps=") || line.starts_with("vary = replicates=") ||
          line.starts_with("# vary-file"))
        varied = true;
      std::uint64_t a = 0, b = 0;
      if (line.starts_with("replicates = ") &&
          std::sscanf(line.c_str(), "replicates = %lu:%lu", &a, &b) == 2)
        range = std::pair{a, b};
    }
    if (varied) range.reset();
  }
  for (auto& [point, seen] : replicates) {
    std::sort(seen.begin(), seen.end());
    if (seen.empty()) throw incomplete(fmt::format("point {} has no replicate", point));
    const std::uint64_t first = range ? range->first : seen.front();
    const std::uint64_t last = range ? range->second : seen.back();
    for (std::uint64_t i = 0; i < seen.size(); ++i) {
      if (seen[i] != first + i)
        throw incomplete(fmt::format("point {} lacks replicate {} or has it twice", point,
                                     seen[i] > first + i ? first + i : seen[i]));
    }
    if (seen.size() != last - first + 1)
      throw incomplete(fmt::format("point {} has replicates {}..{} of {}..{}", point, first,
                                   seen.back(), first, last));
  }
}

}  // namespace

void merge_sweep_slices(const std::filesystem::path& out,
                        const std::vector<std::filesystem::path>& slice_dirs, bool force) {
  if (slice_dirs.empty()) throw InputError("no slice directories given");
  std::vector<SliceInfo> slices;
  for (const auto& dir : slice_dirs) slices.push_back(read_slice(dir));
  const std::uint32_t count = slices.front().slice.count;
  std::vector<const SliceInfo*> by_index(count, nullptr);
  for (const SliceInfo& s : slices) {
    if (s.definition != slices.front().definition)
      throw InputError(fmt::format("'{}' and '{}' are slices of different sweeps ({})",
                                   s.dir.string(), slices.front().dir.string(),
                                   first_difference(s.definition, slices.front().definition)));
    if (s.slice.count != count)
      throw InputError(fmt::format("'{}' is slice {}/{}, '{}' one of {}", s.dir.string(),
                                   s.slice.index, s.slice.count, slices.front().dir.string(),
                                   count));
    if (by_index[s.slice.index] != nullptr)
      throw InputError(fmt::format("'{}' and '{}' are both slice {}/{}", s.dir.string(),
                                   by_index[s.slice.index]->dir.string(), s.slice.index, count));
    by_index[s.slice.index] = &s;
  }
  for (std::uint32_t i = 0; i < count; ++i)
    if (by_index[i] == nullptr)
      throw InputError(fmt::format("slice {}/{} is missing", i, count));
  for (const SliceInfo& s : slices) check_slice_complete(s);

  // config.ini as one run of the whole sweep writes it.
  std::string config;
  {
    std::istringstream in(read_text_file(slices.front().dir / "config.ini"));
    for (std::string line; std::getline(in, line);)
      config += (line.starts_with("slice = ") ? std::string("slice = 0/1") : line) + '\n';
  }
  create_output_directory(out);
  const DirectoryLock lock(out);
  if (std::filesystem::exists(out / "config.ini") && !force) {
    const std::string theirs = read_text_file(out / "config.ini");
    if (theirs != config)
      throw InputError(fmt::format("'{}' holds the results of another run ({}); choose another "
                                   "--out, or add --force to replace them",
                                   out.string(), first_difference(config, theirs)));
  }
  OutputSet set(out);
  for (const char* name :
       {"points.csv", "summary.csv", "failures.csv", "aggregate.csv", "timeseries.csv"}) {
    if (std::filesystem::exists(slices.front().dir / name)) {
      merge_file(slices, name, set.add(name));
    } else {
      set.drop(name);  // another run's, which --force replaced, must not stay beside these
    }
  }
  add_command_file(set);
  drop_derived_files(set);
  set.add("config.ini").write(config);
  set.commit();
}

}  // namespace koubei
