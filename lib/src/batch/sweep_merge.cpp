#include "koubei/batch/sweep_merge.hpp"

#include <fmt/format.h>

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

}  // namespace

void merge_sweep_slices(const std::filesystem::path& out,
                        const std::vector<std::filesystem::path>& slice_dirs, bool force) {
  if (slice_dirs.empty()) throw InputError("koubei merge: no slice directories given");
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
  set.add("config.ini").write(config);
  set.commit();
}

}  // namespace koubei
