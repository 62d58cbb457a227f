#include "koubei/graph/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "koubei/core/error.hpp"
#include "koubei/core/memory.hpp"

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

std::uint64_t build_peak_bytes(std::uint64_t nodes, std::uint64_t arcs) {
  // Input (source, target, weight) plus the output rows (target, trust) and
  // two node arrays (row starts and cursors).
  return arcs * (3 * sizeof(NodeId) + sizeof(NodeId) + sizeof(float)) + nodes * 2 * sizeof(ArcId);
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
  require_memory(build_peak_bytes(n, arcs_in) - count * 3 * sizeof(NodeId),
                 fmt::format("graph '{}' ({} nodes, {} arcs)", source, n, arcs_in));

  GraphInfo info;
  info.source = std::move(source);
  info.directed = edges.directed;
  info.has_weights = has_weights;

  // Count out-degrees, dropping self-loops unless kept.
  std::vector<ArcId> row_start(std::size_t{n} + 1, 0);
  for (std::size_t i = 0; i < count; ++i) {
    NodeId s = edges.sources[i], t = edges.targets[i];
    if (s == t && !options.keep_self_loops) {
      ++info.self_loops_dropped;
      continue;
    }
    ++row_start[s + 1];
    if (!edges.directed && s != t) ++row_start[t + 1];
  }
  for (NodeId v = 0; v < n; ++v) row_start[v + 1] += row_start[v];

  // Scatter arcs into rows in input order (a stable counting sort).
  const ArcId total = row_start[n];
  std::vector<NodeId> targets(total);
  std::vector<float> weights(total, 1.0f);
  {
    std::vector<ArcId> cursor(row_start.begin(), row_start.end() - 1);
    for (std::size_t i = 0; i < count; ++i) {
      NodeId s = edges.sources[i], t = edges.targets[i];
      if (s == t && !options.keep_self_loops) continue;
      float w = has_weights ? edges.weights[i] : 1.0f;
      ArcId a = cursor[s]++;
      targets[a] = t;
      weights[a] = w;
      if (!edges.directed && s != t) {
        ArcId b = cursor[t]++;
        targets[b] = s;
        weights[b] = w;
      }
    }
  }
  release(edges.sources);
  release(edges.targets);
  release(edges.weights);

  // Sort each row by target and drop duplicates, compacting in place.
  std::vector<std::pair<NodeId, float>> scratch;
  ArcId write = 0;
  for (NodeId v = 0; v < n; ++v) {
    ArcId begin = row_start[v], end = row_start[v + 1];
    sort_row(targets.data() + begin, weights.data() + begin, end - begin, scratch);
    row_start[v] = write;
    for (ArcId a = begin; a < end; ++a) {
      if (!options.keep_duplicates && a > begin && targets[a] == targets[a - 1]) {
        ++info.duplicates_dropped;
        continue;
      }
      targets[write] = targets[a];
      weights[write] = weights[a];
      ++write;
    }
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
