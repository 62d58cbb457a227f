#include "koubei/graph/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <utility>

#include "koubei/core/error.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/core/parallel.hpp"

namespace koubei {
namespace {

constexpr std::uint64_t kMaxArcs = std::numeric_limits<ArcId>::max();

template <typename T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

// Sorts one row by target, keeping equal targets in input order, so that
// "first listed wins" when duplicates are dropped.
void sort_row(NodeId* targets, float* weights, std::size_t size,
              std::vector<std::pair<NodeId, float>>& scratch) {
  if (size < 2) return;
  if (size <= 32) {
    for (std::size_t i = 1; i < size; ++i) {
      NodeId t = targets[i];
      float w = weights[i];
      std::size_t j = i;
      for (; j > 0 && targets[j - 1] > t; --j) {
        targets[j] = targets[j - 1];
        weights[j] = weights[j - 1];
      }
      targets[j] = t;
      weights[j] = w;
    }
    return;
  }
  if (std::is_sorted(targets, targets + size)) return;
  scratch.resize(size);
  for (std::size_t i = 0; i < size; ++i) scratch[i] = {targets[i], weights[i]};
  std::stable_sort(scratch.begin(), scratch.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < size; ++i) {
    targets[i] = scratch[i].first;
    weights[i] = scratch[i].second;
  }
}

}  // namespace

std::uint64_t build_peak_bytes(std::uint64_t nodes, std::uint64_t arcs, unsigned threads) {
  // Input (source, target, weight) plus the output rows (target, trust), the
  // row starts and one array of cursors per thread.
  return arcs * (3 * sizeof(NodeId) + sizeof(NodeId) + sizeof(float)) +
         nodes * (1 + std::max(1u, threads)) * sizeof(ArcId);
}

Graph build_graph(EdgeList&& edges, const BuildOptions& options, std::string source) {
  const NodeId n = edges.num_nodes;
  const std::size_t count = edges.sources.size();
  const bool has_weights = !edges.weights.empty();
  const std::uint64_t arcs_in = edges.directed ? count : 2 * std::uint64_t{count};
  if (arcs_in > kMaxArcs) {
    throw InputError(fmt::format("graph '{}' has {} arcs; koubei holds at most {} arcs", source,
                                 arcs_in, kMaxArcs));
  }
  // Threads pay off on large graphs only; each needs n cursors, which it
  // should not take more memory for than its share of the edges.
  const std::size_t per_thread =
      std::max<std::size_t>({1, options.min_edges_per_thread, std::size_t{n}});
  const unsigned threads = static_cast<unsigned>(
      std::clamp<std::uint64_t>(count / per_thread, 1, std::max(1u, options.threads)));
  require_memory(build_peak_bytes(n, arcs_in, threads) - count * 3 * sizeof(NodeId),
                 fmt::format("graph '{}' ({} nodes, {} arcs)", source, n, arcs_in));

  GraphInfo info;
  info.source = std::move(source);
  info.directed = edges.directed;
  info.has_weights = has_weights;
  const bool drop_loops = !options.keep_self_loops;
  const NodeId* sources = edges.sources.data();
  const NodeId* ends = edges.targets.data();

  // Thread p takes edges [part_begin(p), part_begin(p + 1)) and counts the
  // arcs they give each node (self-loops dropped unless kept) ...
  std::vector<std::vector<ArcId>> cursors(threads);
  std::vector<std::uint64_t> loops(threads, 0);
  run_parts(threads, [&](unsigned p) {
    std::vector<ArcId>& degree = cursors[p];
    degree.assign(n, 0);
    const std::size_t end = part_begin(count, threads, p + 1);
    for (std::size_t i = part_begin(count, threads, p); i < end; ++i) {
      const NodeId s = sources[i], t = ends[i];
      if (s == t && drop_loops) {
        ++loops[p];
        continue;
      }
      ++degree[s];
      if (!edges.directed && s != t) ++degree[t];
    }
  });
  for (std::uint64_t l : loops) info.self_loops_dropped += l;
  // ... so that node v's arcs from part p start after its arcs from parts
  // 0 .. p-1: the rows come out in input order (a stable counting sort)
  // whatever the number of threads.
  std::vector<ArcId> row_start(std::size_t{n} + 1, 0);
  for (NodeId v = 0; v < n; ++v) {
    ArcId next = row_start[v];
    for (unsigned p = 0; p < threads; ++p) next += std::exchange(cursors[p][v], next);
    row_start[v + 1] = next;
  }
  const ArcId total = row_start[n];
  std::vector<NodeId> targets(total);
  std::vector<float> weights(total, 1.0f);
  run_parts(threads, [&](unsigned p) {
    ArcId* cursor = cursors[p].data();
    const std::size_t end = part_begin(count, threads, p + 1);
    for (std::size_t i = part_begin(count, threads, p); i < end; ++i) {
      const NodeId s = sources[i], t = ends[i];
      if (s == t && drop_loops) continue;
      const ArcId a = cursor[s]++;
      targets[a] = t;
      if (has_weights) weights[a] = edges.weights[i];
      if (!edges.directed && s != t) {
        const ArcId b = cursor[t]++;
        targets[b] = s;
        if (has_weights) weights[b] = edges.weights[i];
      }
    }
  });
  cursors.clear();
  cursors.shrink_to_fit();
  release(edges.sources);
  release(edges.targets);
  release(edges.weights);

  // Sort each row by target and drop duplicates, compacting in place. The
  // rows are cut into blocks of about as many arcs; threads take blocks in
  // turn (a hub's row costs more than its share) and close up each block
  // within itself; the blocks are then moved together.
  const unsigned blocks = threads == 1 ? 1 : 64 * threads;
  std::vector<NodeId> first_node(blocks + 1, n);
  first_node[0] = 0;
  for (unsigned b = 1; b < blocks; ++b) {
    const auto from = static_cast<ArcId>(part_begin(total, blocks, b));
    first_node[b] = static_cast<NodeId>(
        std::upper_bound(row_start.begin(), row_start.end() - 1, from) - row_start.begin() - 1);
  }
  std::vector<ArcId> block_begin(blocks + 1), kept(blocks, 0);
  for (unsigned b = 0; b <= blocks; ++b) block_begin[b] = row_start[first_node[b]];
  std::vector<std::uint64_t> duplicates(blocks, 0);
  std::atomic<unsigned> next_block{0};
  run_parts(threads, [&](unsigned) {
    std::vector<std::pair<NodeId, float>> scratch;
    for (unsigned b; (b = next_block.fetch_add(1)) < blocks;) {
      ArcId write = block_begin[b];
      for (NodeId v = first_node[b]; v < first_node[b + 1]; ++v) {
        const ArcId begin = row_start[v];
        const ArcId end = v + 1 < first_node[b + 1] ? row_start[v + 1] : block_begin[b + 1];
        sort_row(targets.data() + begin, weights.data() + begin, end - begin, scratch);
        row_start[v] = write;
        for (ArcId a = begin; a < end; ++a) {
          if (!options.keep_duplicates && a > begin && targets[a] == targets[a - 1]) {
            ++duplicates[b];
            continue;
          }
          targets[write] = targets[a];
          weights[write] = weights[a];
          ++write;
        }
      }
      kept[b] = write - block_begin[b];
    }
  });
  ArcId write = 0;
  for (unsigned b = 0; b < blocks; ++b) {
    info.duplicates_dropped += duplicates[b];
    const ArcId shift = block_begin[b] - write;
    if (shift != 0) {
      std::copy(targets.begin() + block_begin[b], targets.begin() + block_begin[b] + kept[b],
                targets.begin() + write);
      std::copy(weights.begin() + block_begin[b], weights.begin() + block_begin[b] + kept[b],
                weights.begin() + write);
      for (NodeId v = first_node[b]; v < first_node[b + 1]; ++v) row_start[v] -= shift;
    }
    write += kept[b];
  }
  row_start[n] = write;
  if (write != total) {
    targets.resize(write);
    targets.shrink_to_fit();
    weights.resize(write);
    weights.shrink_to_fit();
  }
  return Graph(std::move(row_start), std::move(targets), std::move(weights), std::move(info));
}

}  // namespace koubei
