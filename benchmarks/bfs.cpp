#include "bfs.hpp"

#include <algorithm>

namespace koubei::bench {

Bfs::Bfs(const Graph& graph)
    : rows_(graph.row_starts().data()),
      targets_(graph.targets().data()),
      n_(graph.num_nodes()),
      arcs_(graph.num_arcs()),
      visited_(graph.num_nodes(), 0),
      front_bits_((graph.num_nodes() + 63) / 64),
      next_bits_((graph.num_nodes() + 63) / 64) {
  frontier_.reserve(n_);
  next_.reserve(n_);
}

std::uint64_t Bfs::start(std::span<const NodeId> sources) {
  std::fill(visited_.begin(), visited_.end(), std::uint8_t{0});
  frontier_.clear();
  std::uint64_t degrees = 0;
  for (NodeId s : sources) {
    if (visited_[s]) continue;
    visited_[s] = 1;
    frontier_.push_back(s);
    degrees += rows_[s + 1] - rows_[s];
  }
  reached_ = frontier_.size();
  reached_arcs_ = degrees;
  return degrees;
}

std::uint64_t Bfs::top_down_step(std::uint64_t* scout) {
  next_.clear();
  std::uint64_t degrees = 0;
  for (NodeId u : frontier_) {
    for (ArcId a = rows_[u], end = rows_[u + 1]; a < end; ++a) {
      const NodeId v = targets_[a];
      if (visited_[v]) continue;
      visited_[v] = 1;
      next_.push_back(v);
      degrees += rows_[v + 1] - rows_[v];
    }
  }
  *scout = degrees;
  reached_ += next_.size();
  reached_arcs_ += degrees;
  frontier_.swap(next_);
  return degrees;
}

std::uint64_t Bfs::top_down(std::span<const NodeId> sources) {
  start(sources);
  std::uint64_t scout = 0;
  while (!frontier_.empty()) top_down_step(&scout);
  return reached_arcs_;
}

void Bfs::queue_to_bitmap() {
  std::fill(front_bits_.begin(), front_bits_.end(), 0);
  for (NodeId u : frontier_) front_bits_[u >> 6] |= std::uint64_t{1} << (u & 63);
}

void Bfs::bitmap_to_queue() {
  frontier_.clear();
  for (std::size_t w = 0; w < front_bits_.size(); ++w) {
    for (std::uint64_t bits = front_bits_[w]; bits != 0; bits &= bits - 1)
      frontier_.push_back(
          static_cast<NodeId>(w * 64 + static_cast<unsigned>(__builtin_ctzll(bits))));
  }
}

// One bottom-up level: every unvisited node looks for a parent in the
// frontier bitmap. Returns the nodes it reached (awake count).
std::uint64_t Bfs::bottom_up_step() {
  std::fill(next_bits_.begin(), next_bits_.end(), 0);
  std::uint64_t awake = 0;
  for (NodeId v = 0; v < n_; ++v) {
    if (visited_[v]) continue;
    for (ArcId a = rows_[v], end = rows_[v + 1]; a < end; ++a) {
      const NodeId u = targets_[a];
      if (front_bits_[u >> 6] >> (u & 63) & 1) {
        visited_[v] = 1;
        next_bits_[v >> 6] |= std::uint64_t{1} << (v & 63);
        ++awake;
        reached_arcs_ += end - rows_[v];
        break;
      }
    }
  }
  front_bits_.swap(next_bits_);
  reached_ += awake;
  return awake;
}

std::uint64_t Bfs::direction_optimizing(std::span<const NodeId> sources, int alpha, int beta) {
  start(sources);
  std::uint64_t edges_to_check = arcs_;
  std::uint64_t scout = 0;
  for (NodeId u : frontier_) scout += rows_[u + 1] - rows_[u];
  while (!frontier_.empty()) {
    if (scout > edges_to_check / static_cast<std::uint64_t>(alpha)) {
      queue_to_bitmap();
      std::uint64_t awake = frontier_.size(), old_awake = 0;
      do {
        old_awake = awake;
        awake = bottom_up_step();
      } while (awake != 0 && (awake >= old_awake || awake > n_ / static_cast<std::uint64_t>(beta)));
      bitmap_to_queue();
      scout = 1;
    } else {
      edges_to_check -= std::min(edges_to_check, scout);
      top_down_step(&scout);
    }
  }
  return reached_arcs_;
}

}  // namespace koubei::bench
