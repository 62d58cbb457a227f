// Edge-list loader. The file is read through zlib (which passes plain files
// through unchanged) in 4 MiB chunks; complete lines are parsed in place with
// std::from_chars, and the partial line at the end of a chunk is carried over
// to the next. Raw 64-bit ids are collected first and mapped to 0..n-1 at the
// end, through a bitmap with per-word ranks when ids are dense and through a
// radix-sorted copy otherwise. Before the id buffers grow, the edge count is
// projected from the file size and checked against the memory available.

#include "koubei/graph/edge_list_file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"

namespace koubei {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{4} << 20;
// First reservation, in edges; later ones are projected from the file size.
constexpr std::size_t kFirstReserveEdges = std::size_t{1} << 20;
constexpr std::size_t kMaxShownChars = 80;

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

// Offending text for a one-line message: control bytes shown as '?', long
// text cut short.
std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxShownChars)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  if (text.size() > kMaxShownChars) out += "...";
  return out;
}

// LSD radix sort on the bits where the values differ, 11 bits a pass: for
// millions of 64-bit ids several times faster than std::sort.
void radix_sort(std::vector<std::uint64_t>& values) {
  if (values.size() < 2) return;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const std::uint64_t min = *lo;
  const int bits = std::bit_width(*hi - min);
  constexpr int kDigitBits = 11;
  constexpr std::size_t kDigits = std::size_t{1} << kDigitBits;
  std::vector<std::uint64_t> scratch(values.size());
  for (int shift = 0; shift < bits; shift += kDigitBits) {
    std::vector<std::size_t> start(kDigits + 1, 0);
    for (std::uint64_t v : values) ++start[(((v - min) >> shift) & (kDigits - 1)) + 1];
    for (std::size_t d = 0; d < kDigits; ++d) start[d + 1] += start[d];
    for (std::uint64_t v : values) scratch[start[((v - min) >> shift) & (kDigits - 1)]++] = v;
    values.swap(scratch);
  }
}

// Position of an id in sorted unique ids: the high bits of (id - min) pick a
// bucket holding about one id; a binary search finishes within the bucket.
class SortedIndex {
 public:
  explicit SortedIndex(const std::vector<std::uint64_t>& sorted) : sorted_(sorted) {
    min_ = sorted.front();
    const int range_bits = std::bit_width(sorted.back() - min_);
    const int bucket_bits = std::bit_width(sorted.size());
    shift_ = std::max(0, range_bits - bucket_bits);
    const std::size_t buckets = static_cast<std::size_t>((sorted.back() - min_) >> shift_) + 1;
    start_.assign(buckets + 1, 0);
    for (std::uint64_t id : sorted) ++start_[bucket(id) + 1];
    for (std::size_t b = 0; b < buckets; ++b) start_[b + 1] += start_[b];
  }

  // `id` must be one of the sorted ids.
  NodeId find(std::uint64_t id) const {
    const std::size_t b = bucket(id);
    const auto first = sorted_.begin() + start_[b];
    const auto last = sorted_.begin() + start_[b + 1];
    return static_cast<NodeId>(std::lower_bound(first, last, id) - sorted_.begin());
  }

 private:
  std::size_t bucket(std::uint64_t id) const {
    return static_cast<std::size_t>((id - min_) >> shift_);
  }

  const std::vector<std::uint64_t>& sorted_;
  std::uint64_t min_ = 0;
  int shift_ = 0;
  std::vector<NodeId> start_;
};

struct GzClose {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzClose>;

class EdgeFileReader {
 public:
  explicit EdgeFileReader(const EdgeFileOptions& options) : options_(options) {}

  Graph load();

 private:
  enum class Weights { kUnknown, kAbsent, kPresent };

  void read_all();
  void parse_lines(const char* p, const char* end);
  void parse_line(const char* begin, const char* end);
  const char* parse_id(const char* p, const char* end, std::uint64_t& id) const;
  void add_edge(std::uint64_t u, std::uint64_t v);
  void add_weight(const char* p, const char* end);
  void reserve_edges(std::size_t edges);
  void grow();
  std::uint64_t projected_edges() const;

  void check_node_count(std::uint64_t n) const;
  std::vector<std::uint64_t> map_dense_ids(EdgeList& edges) const;
  std::vector<std::uint64_t> map_sparse_ids(EdgeList& edges) const;
  [[noreturn]] void fail(std::string_view reason) const;

  const EdgeFileOptions& options_;
  gzFile file_ = nullptr;
  std::uint64_t file_bytes_ = 0;    // on disk (compressed for .gz); 0 if unknown
  std::uint64_t read_bytes_ = 0;    // uncompressed bytes read so far
  std::uint64_t parsed_bytes_ = 0;  // uncompressed bytes of complete lines parsed

  // The line being parsed, for errors.
  std::uint64_t line_ = 0;
  std::string_view line_text_;

  std::vector<std::uint64_t> ids_;       // two per edge: u, v
  std::vector<std::uint64_t> lone_ids_;  // lines with a single id
  std::vector<float> weights_;           // mapped to trust, one per edge
  std::uint64_t max_id_ = 0;
  Weights weights_state_ = Weights::kUnknown;
  std::string first_out_of_range_;
};

void EdgeFileReader::fail(std::string_view reason) const {
  throw InputError(fmt::format("{}:{}: malformed line '{}': {}", options_.path, line_,
                               shown(line_text_), reason));
}

Graph EdgeFileReader::load() {
  const std::string& path = options_.path;
  if (!std::isfinite(options_.weight_min) || !std::isfinite(options_.weight_max) ||
      !(options_.weight_max > options_.weight_min)) {
    throw InputError(fmt::format(
        "edge list '{}': weight_max ({}) must be greater than weight_min ({}), both finite", path,
        options_.weight_max, options_.weight_min));
  }
  // zlib would open a directory and fail only on read, with a vaguer message.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(fmt::format("cannot open edge list '{}': {}", path, std::strerror(EISDIR)));
  }
  errno = 0;
  GzHandle handle(gzopen(path.c_str(), "rb"));  // a FIFO waits here for a writer
  if (!handle) {
    throw_if_interrupted();
    throw InputError(fmt::format("cannot open edge list '{}': {}", path,
                                 errno != 0 ? std::strerror(errno) : "out of memory"));
  }
  file_ = handle.get();
  gzbuffer(file_, 1 << 20);
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  file_bytes_ = ec ? 0 : size;

  // Plain text needs at least 4 bytes per edge ("0 1\n"), which bounds the
  // first reservation for small files.
  std::uint64_t first = kFirstReserveEdges;
  if (!ec && gzdirect(file_)) first = std::min<std::uint64_t>(first, file_bytes_ / 4);
  reserve_edges(static_cast<std::size_t>(first) + 16);

  read_all();
  handle.reset();
  file_ = nullptr;

  const std::size_t num_edges = ids_.size() / 2;
  if (num_edges == 0 && lone_ids_.empty()) {
    throw InputError(fmt::format("edge list '{}' has no edges and no nodes", path));
  }

  // Map ids to 0..n-1 in ascending order of id.
  EdgeList edges;
  edges.directed = options_.directed;
  edges.sources.resize(num_edges);
  edges.targets.resize(num_edges);
  const std::uint64_t endpoints = ids_.size() + lone_ids_.size();
  std::vector<std::uint64_t> original_ids =
      max_id_ < 4 * endpoints + 1024 ? map_dense_ids(edges) : map_sparse_ids(edges);
  std::vector<std::uint64_t>().swap(ids_);
  std::vector<std::uint64_t>().swap(lone_ids_);
  edges.weights = std::move(weights_);

  Graph graph = build_graph(std::move(edges), options_.build, "file:" + path);
  if (!original_ids.empty()) graph.set_original_ids(std::move(original_ids));
  graph.mutable_info().first_weight_out_of_range = std::move(first_out_of_range_);

  const GraphInfo& info = graph.info();
  std::string dropped;
  if (info.self_loops_dropped > 0) {
    dropped += fmt::format(", dropped {} self-loops", info.self_loops_dropped);
  }
  if (info.duplicates_dropped > 0) {
    dropped += fmt::format(", dropped {} duplicate arcs", info.duplicates_dropped);
  }
  logger().info("loaded edge list '{}': {} nodes, {} arcs ({}{}){}", path, graph.num_nodes(),
               graph.num_arcs(), info.directed ? "directed" : "undirected",
               info.has_weights ? ", weighted" : "", dropped);
  return graph;
}

void EdgeFileReader::check_node_count(std::uint64_t n) const {
  if (n > std::numeric_limits<NodeId>::max()) {
    throw InputError(fmt::format("edge list '{}' has {} nodes; koubei holds at most {}",
                                 options_.path, n, std::numeric_limits<NodeId>::max()));
  }
}

// Ids below a few times the number of endpoints: a presence bitmap, and per
// 64-bit word the rank of its first bit. Returns the original ids, or none
// when they are exactly 0..n-1.
std::vector<std::uint64_t> EdgeFileReader::map_dense_ids(EdgeList& edges) const {
  const std::size_t words = static_cast<std::size_t>(max_id_ / 64) + 1;
  std::vector<std::uint64_t> present(words, 0);
  for (std::uint64_t id : ids_) present[id >> 6] |= std::uint64_t{1} << (id & 63);
  for (std::uint64_t id : lone_ids_) present[id >> 6] |= std::uint64_t{1} << (id & 63);
  std::uint64_t n = 0;
  for (std::uint64_t word : present) n += std::popcount(word);
  check_node_count(n);
  edges.num_nodes = static_cast<NodeId>(n);
  const std::size_t num_edges = edges.sources.size();
  if (n == max_id_ + 1) {
    for (std::size_t i = 0; i < num_edges; ++i) {
      edges.sources[i] = static_cast<NodeId>(ids_[2 * i]);
      edges.targets[i] = static_cast<NodeId>(ids_[2 * i + 1]);
    }
    return {};
  }
  std::vector<NodeId> rank(words);
  NodeId total = 0;
  for (std::size_t w = 0; w < words; ++w) {
    rank[w] = total;
    total += static_cast<NodeId>(std::popcount(present[w]));
  }
  auto index = [&](std::uint64_t id) {
    const std::size_t w = id >> 6;
    const std::uint64_t below = (std::uint64_t{1} << (id & 63)) - 1;
    return static_cast<NodeId>(rank[w] + std::popcount(present[w] & below));
  };
  for (std::size_t i = 0; i < num_edges; ++i) {
    edges.sources[i] = index(ids_[2 * i]);
    edges.targets[i] = index(ids_[2 * i + 1]);
  }
  std::vector<std::uint64_t> original_ids;
  original_ids.reserve(n);
  for (std::size_t w = 0; w < words; ++w) {
    for (std::uint64_t word = present[w]; word != 0; word &= word - 1) {
      original_ids.push_back(std::uint64_t{w} * 64 + std::countr_zero(word));
    }
  }
  return original_ids;
}

// Sparse ids (hashes, timestamps...): a sorted copy, searched through a
// table of bucket starts so a lookup touches about two cache lines instead
// of the ~log2(n) of a plain binary search.
std::vector<std::uint64_t> EdgeFileReader::map_sparse_ids(EdgeList& edges) const {
  const std::uint64_t endpoints = ids_.size() + lone_ids_.size();
  require_memory(2 * endpoints * sizeof(std::uint64_t),
                 fmt::format("edge list '{}' (sorting {} node ids)", options_.path, endpoints));
  std::vector<std::uint64_t> ids;
  ids.reserve(endpoints);
  ids.insert(ids.end(), ids_.begin(), ids_.end());
  ids.insert(ids.end(), lone_ids_.begin(), lone_ids_.end());
  radix_sort(ids);
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.shrink_to_fit();
  check_node_count(ids.size());
  edges.num_nodes = static_cast<NodeId>(ids.size());

  const SortedIndex index(ids);
  for (std::size_t i = 0; i < edges.sources.size(); ++i) {
    edges.sources[i] = index.find(ids_[2 * i]);
    edges.targets[i] = index.find(ids_[2 * i + 1]);
  }
  return ids;
}

void EdgeFileReader::read_all() {
  // Not zeroed: only what gzread fills is read, and a small file then
  // touches a few pages of the 4 MiB rather than all of them.
  const auto buffer = std::make_unique_for_overwrite<char[]>(kChunkBytes);
  std::size_t carried = 0;  // bytes of an unfinished line at the front of buffer
  for (;;) {
    if (carried == kChunkBytes) {
      line_text_ = std::string_view(buffer.get(), kChunkBytes);
      ++line_;
      fail(fmt::format("line longer than {} bytes", kChunkBytes));
    }
    throw_if_interrupted();
    const int got =
        gzread(file_, buffer.get() + carried, static_cast<unsigned>(kChunkBytes - carried));
    if (got < 0) {
      throw_if_interrupted();  // a read of a pipe that a signal cut short
      int code = Z_OK;
      const char* message = gzerror(file_, &code);
      throw InputError(fmt::format("cannot read edge list '{}': {}", options_.path,
                                   code == Z_ERRNO ? std::strerror(errno) : message));
    }
    if (got == 0) {
      int code = Z_OK;
      gzerror(file_, &code);
      if (code == Z_BUF_ERROR) {
        throw InputError(
            fmt::format("cannot read edge list '{}': compressed data ends early", options_.path));
      }
      // A final line without a newline.
      if (carried > 0) parse_line(buffer.get(), buffer.get() + carried);
      return;
    }
    read_bytes_ += static_cast<std::uint64_t>(got);
    const char* begin = buffer.get();
    const char* end = begin + carried + got;
    const char* last_newline = end;
    while (last_newline > begin && last_newline[-1] != '\n') --last_newline;
    if (last_newline == begin) {
      carried += static_cast<std::size_t>(got);
      continue;
    }
    parse_lines(begin, last_newline);
    carried = static_cast<std::size_t>(end - last_newline);
    std::memmove(buffer.get(), last_newline, carried);
  }
}

// [p, end) holds complete lines, each ending in '\n'.
void EdgeFileReader::parse_lines(const char* p, const char* end) {
  while (p < end) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    parse_line(p, newline);
    parsed_bytes_ += static_cast<std::uint64_t>(newline + 1 - p);
    p = newline + 1;
  }
}

void EdgeFileReader::parse_line(const char* begin, const char* end) {
  ++line_;
  const char* p = begin;
  if (line_ == 1 && end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;  // UTF-8 BOM
  while (p < end && is_separator(*p)) ++p;
  if (p == end || *p == '#' || *p == '%') return;
  while (is_separator(end[-1])) --end;  // trailing blanks and the '\r' of CRLF
  line_text_ = std::string_view(p, static_cast<std::size_t>(end - p));

  std::uint64_t u = 0, v = 0;
  p = parse_id(p, end, u);
  if (p == end) {
    if (lone_ids_.size() == lone_ids_.capacity()) {
      require_memory(2 * lone_ids_.capacity() * sizeof(std::uint64_t) + 4096,
                     fmt::format("edge list '{}'", options_.path));
    }
    lone_ids_.push_back(u);
    max_id_ = std::max(max_id_, u);
    return;
  }
  p = parse_id(p, end, v);
  add_edge(u, v);
  if (p == end) {
    if (weights_state_ == Weights::kPresent) fail("expected a weight like the earlier lines");
    weights_state_ = Weights::kAbsent;
    return;
  }
  add_weight(p, end);
}

const char* EdgeFileReader::parse_id(const char* p, const char* end, std::uint64_t& id) const {
  auto [next, ec] = std::from_chars(p, end, id);
  if (ec != std::errc() || (next != end && !is_separator(*next))) {
    const char* token_end = p;
    while (token_end < end && !is_separator(*token_end)) ++token_end;
    std::string_view token(p, static_cast<std::size_t>(token_end - p));
    if (ec == std::errc::result_out_of_range && next == token_end) {
      fail(fmt::format("node id '{}' does not fit in 64 bits", shown(token)));
    }
    fail(fmt::format("node id '{}' is not a non-negative integer", shown(token)));
  }
  while (next < end && is_separator(*next)) ++next;
  return next;
}

void EdgeFileReader::add_edge(std::uint64_t u, std::uint64_t v) {
  if (ids_.size() + 2 > ids_.capacity()) grow();
  ids_.push_back(u);
  ids_.push_back(v);
  max_id_ = std::max(max_id_, std::max(u, v));
}

void EdgeFileReader::add_weight(const char* p, const char* end) {
  const char* token_end = p;
  while (token_end < end && !is_separator(*token_end)) ++token_end;
  if (token_end != end) {
    std::size_t fields = 0;
    for (const char* q = line_text_.data(); q < end;) {
      while (q < end && is_separator(*q)) ++q;
      if (q == end) break;
      ++fields;
      while (q < end && !is_separator(*q)) ++q;
    }
    fail(fmt::format("expected 'u v' or 'u v w', found {} fields", fields));
  }
  if (weights_state_ == Weights::kAbsent) fail("unexpected weight: the earlier lines have none");
  if (weights_state_ == Weights::kUnknown) {
    weights_state_ = Weights::kPresent;
    weights_.reserve(ids_.capacity() / 2);
  }
  std::string_view token(p, static_cast<std::size_t>(end - p));
  // from_chars takes no leading '+', which some writers put on ratings.
  const char* number = p;
  if (*number == '+' && end - number > 1 && number[1] != '-') ++number;
  double w = 0;
  auto [next, ec] = std::from_chars(number, end, w);
  if (ec != std::errc() || next != end || !std::isfinite(w)) {
    fail(fmt::format("weight '{}' is not a finite number", shown(token)));
  }
  const double trust = (w - options_.weight_min) / (options_.weight_max - options_.weight_min);
  if ((trust < 0 || trust > 1) && first_out_of_range_.empty()) {
    first_out_of_range_ = fmt::format("{}:{}: weight {} maps to trust {:.6g}, outside [0,1]",
                                      options_.path, line_, shown(token), trust);
  }
  weights_.push_back(static_cast<float>(trust));
}

// Edges the whole file probably holds, extrapolated from the part parsed so
// far (0 when the file size is unknown).
std::uint64_t EdgeFileReader::projected_edges() const {
  if (file_bytes_ == 0 || parsed_bytes_ == 0) return 0;
  const double consumed = static_cast<double>(gzoffset(file_));
  if (consumed <= 0) return 0;
  const double total_text =
      static_cast<double>(read_bytes_) * static_cast<double>(file_bytes_) / consumed;
  const double per_byte = static_cast<double>(ids_.size() / 2) / static_cast<double>(parsed_bytes_);
  return static_cast<std::uint64_t>(per_byte * total_text * 1.05) + 1024;
}

void EdgeFileReader::grow() {
  const std::uint64_t capacity = ids_.capacity() / 2;
  const std::uint64_t projected = projected_edges();
  // Grow by at least half, so a poor projection still gives amortized O(1).
  const std::uint64_t target = std::max(projected, capacity + capacity / 2 + 1024);
  reserve_edges(static_cast<std::size_t>(target));
}

// Reserves room for `edges` edges, first checking that the rest of the load
// fits: the new buffers (the old ones are already counted as used), the
// 32-bit sources and targets made from the ids, and the graph build.
void EdgeFileReader::reserve_edges(std::size_t edges) {
  const bool weighted = weights_state_ != Weights::kAbsent;
  const std::uint64_t total = std::max<std::uint64_t>(edges, projected_edges());
  const std::uint64_t buffers =
      std::uint64_t{edges} * (2 * sizeof(std::uint64_t) + (weighted ? sizeof(float) : 0));
  const std::uint64_t arcs = options_.directed ? total : 2 * total;
  const std::uint64_t rest =
      std::max<std::uint64_t>(total * 2 * sizeof(NodeId), build_peak_bytes(0, arcs));
  require_memory(buffers + rest,
                 fmt::format("edge list '{}' (about {} edges)", options_.path, total));
  ids_.reserve(2 * edges);
  if (weights_state_ == Weights::kPresent) weights_.reserve(edges);
}

}  // namespace

Graph load_edge_list(const EdgeFileOptions& options) {
  try {
    return EdgeFileReader(options).load();
  } catch (const std::bad_alloc&) {
    throw InputError(
        fmt::format("edge list '{}' is too large for the memory available", options.path));
  }
}

}  // namespace koubei
