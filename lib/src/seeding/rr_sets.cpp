#include "koubei/seeding/rr_sets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/parallel.hpp"
#include "koubei/random/stream.hpp"

namespace koubei {
namespace {

/// One thread's scratch: which nodes the current set holds.
class Sampler {
 public:
  explicit Sampler(const InfluenceGraph& graph)
      : graph_(graph), mark_(graph.num_nodes(), 0) {}

  /// Appends set `index` of `stream`'s collection to `out`.
  void sample(const CounterStream& stream, std::uint64_t index, std::vector<NodeId>& out) {
    if (++stamp_ == 0) {  // wrapped: forget every old mark
      std::fill(mark_.begin(), mark_.end(), 0);
      stamp_ = 1;
    }
    RandomStream draws(stream, index << 32);
    const auto root = static_cast<NodeId>(draws.below(graph_.num_nodes()));
    const std::size_t first = out.size();
    out.push_back(root);
    mark_[root] = stamp_;
    if (graph_.rule() == InfluenceRule::kLt) {
      for (NodeId v = root;;) {
        const NodeId u = graph_.lt_pick(v, draws.uniform());
        if (u == v || mark_[u] == stamp_) break;
        mark_[u] = stamp_;
        out.push_back(u);
        v = u;
      }
      return;
    }
    const NodeId* sources = graph_.in_sources().data();
    const float* probability = graph_.in_value().data();
    const float* skip = graph_.in_skip().data();
    for (std::size_t next = first; next < out.size(); ++next) {
      const NodeId v = out[next];
      ArcId i = graph_.in_begin(v);
      const ArcId end = graph_.in_end(v);
      while (i < end) {
        // Jump over the arcs that fail at the largest probability left, q;
        // the arc landed on is live with chance p / q.
        const float q = probability[i];
        if (q < 1.0f) {
          const double u = static_cast<double>((draws.next_u64() >> 11) + 1) * 0x1.0p-53;
          const double jump = std::log(u) * static_cast<double>(skip[i]);
          if (!(jump < static_cast<double>(end - i))) break;
          i += static_cast<ArcId>(jump);
          if (probability[i] != q && !(draws.uniform() * q < probability[i])) {
            ++i;
            continue;
          }
        }
        const NodeId u = sources[i];
        if (mark_[u] != stamp_) {
          mark_[u] = stamp_;
          out.push_back(u);
        }
        ++i;
      }
    }
  }

 private:
  const InfluenceGraph& graph_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
};

}  // namespace

RrSets::RrSets(const InfluenceGraph& graph, std::uint64_t master_seed, std::uint32_t collection)
    : graph_(graph), master_seed_(master_seed), collection_(collection) {}

void RrSets::clear() {
  blocks_.clear();
  blocks_.shrink_to_fit();
  size_ = 0;
  total_nodes_ = 0;
}

void RrSets::grow_to(std::uint64_t count, unsigned threads) {
  if (count <= size_) return;
  if (count >= (std::uint64_t{1} << 32))
    throw InputError(fmt::format("{} RR sets are more than a collection holds (2^32 - 1)", count));
  if (graph_.num_nodes() == 0) throw InputError("RR sets need a graph with nodes");
  const std::uint64_t first_block = size_ >> kBlockBits;
  const std::uint64_t last_block = (count - 1) >> kBlockBits;
  blocks_.resize(last_block + 1);
  const CounterStream stream(master_seed_, collection_, Purpose::kRrSets);
  std::atomic<std::uint64_t> next_block{first_block};
  std::vector<std::uint64_t> added(std::max(threads, 1u), 0);
  const std::uint64_t from = size_;
  run_parts(std::max(threads, 1u), [&](unsigned part) {
    Sampler sampler(graph_);
    for (std::uint64_t b; (b = next_block.fetch_add(1)) <= last_block;) {
      if (interrupt_requested()) return;
      Block& block = blocks_[b];
      const std::uint64_t begin = std::max(from, b << kBlockBits);
      const std::uint64_t end = std::min(count, (b + 1) << kBlockBits);
      const std::size_t before = block.nodes.size();
      for (std::uint64_t i = begin; i < end; ++i) {
        sampler.sample(stream, i, block.nodes);
        block.ends.push_back(block.nodes.size());
      }
      added[part] += block.nodes.size() - before;
      if (end == (b + 1) << kBlockBits) {  // full: give back what doubling reserved
        block.nodes.shrink_to_fit();
        block.ends.shrink_to_fit();
      }
    }
  });
  throw_if_interrupted();
  for (std::uint64_t a : added) total_nodes_ += a;
  size_ = count;
}

std::uint64_t RrSets::count_covered(std::span<const NodeId> nodes, unsigned threads) const {
  std::vector<char> chosen(graph_.num_nodes(), 0);
  for (NodeId v : nodes) chosen[v] = 1;
  const unsigned parts = std::max(threads, 1u);
  std::vector<std::uint64_t> covered(parts, 0);
  run_parts(parts, [&](unsigned p) {
    const std::uint64_t begin = part_begin(size_, parts, p), end = part_begin(size_, parts, p + 1);
    for (std::uint64_t i = begin; i < end; ++i) {
      for (NodeId v : set(i)) {
        if (chosen[v]) {
          ++covered[p];
          break;
        }
      }
    }
  });
  std::uint64_t total = 0;
  for (std::uint64_t c : covered) total += c;
  return total;
}

std::uint64_t RrSets::memory_bytes() const {
  std::uint64_t bytes = blocks_.capacity() * sizeof(Block);
  for (const Block& block : blocks_)
    bytes += block.nodes.capacity() * sizeof(NodeId) + block.ends.capacity() * sizeof(std::uint64_t);
  return bytes;
}

}  // namespace koubei
