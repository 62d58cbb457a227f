#include "koubei/graph/graph.hpp"

#include <algorithm>

namespace koubei {

Graph::Graph(std::vector<ArcId> row_start, std::vector<NodeId> targets, std::vector<float> trust,
             GraphInfo info)
    : trust_(std::move(trust)), info_(std::move(info)) {
  num_nodes_ = row_start.empty() ? 0 : static_cast<NodeId>(row_start.size() - 1);
  if (row_start.empty()) row_start.push_back(0);
  // Boost's CSR keeps these two arrays as public members; handing ours over
  // avoids a copy of every arc.
  csr_.m_forward.m_rowstart = std::move(row_start);
  csr_.m_forward.m_column = std::move(targets);
}

std::optional<NodeId> Graph::find_node(std::uint64_t original_id) const {
  if (original_ids_.empty()) {
    if (original_id < num_nodes_) return static_cast<NodeId>(original_id);
    return std::nullopt;
  }
  auto it = std::lower_bound(original_ids_.begin(), original_ids_.end(), original_id);
  if (it == original_ids_.end() || *it != original_id) return std::nullopt;
  return static_cast<NodeId>(it - original_ids_.begin());
}

void Graph::set_original_ids(std::vector<std::uint64_t> sorted_ids) {
  original_ids_ = std::move(sorted_ids);
}

void Graph::set_communities(std::vector<std::uint32_t> labels, std::vector<std::string> names) {
  community_ = std::move(labels);
  community_names_ = std::move(names);
}

std::optional<std::uint32_t> Graph::find_community(std::string_view name) const {
  for (std::size_t c = 0; c < community_names_.size(); ++c)
    if (community_names_[c] == name) return static_cast<std::uint32_t>(c);
  return std::nullopt;
}

std::size_t Graph::memory_bytes() const {
  std::size_t bytes = csr_.m_forward.m_rowstart.capacity() * sizeof(ArcId) +
                      csr_.m_forward.m_column.capacity() * sizeof(NodeId) +
                      trust_.capacity() * sizeof(float) +
                      original_ids_.capacity() * sizeof(std::uint64_t) +
                      community_.capacity() * sizeof(std::uint32_t);
  for (const std::string& name : community_names_) bytes += sizeof(std::string) + name.capacity();
  return bytes;
}

}  // namespace koubei
