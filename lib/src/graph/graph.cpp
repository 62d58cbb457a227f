#include "koubei/graph/graph.hpp"

#include <algorithm>
#include <utility>

namespace koubei {

Graph::Graph() : Graph({}, {}, {}, {}) {}

Graph::Graph(std::vector<ArcId> row_start, std::vector<NodeId> targets, std::vector<float> trust,
             GraphInfo info)
    : topology_(std::make_shared<Topology>()), trust_(std::move(trust)) {
  if (row_start.empty()) row_start.push_back(0);
  // Boost's CSR keeps these two arrays as public members; handing ours over
  // avoids a copy of every arc.
  topology_->csr.m_forward.m_rowstart = std::move(row_start);
  topology_->csr.m_forward.m_column = std::move(targets);
  topology_->info = std::move(info);
  point_into_topology();
}

Graph& Graph::operator=(Graph&& other) noexcept {
  topology_ = std::move(other.topology_);
  trust_ = std::move(other.trust_);
  rows_ = std::exchange(other.rows_, nullptr);
  targets_ = std::exchange(other.targets_, nullptr);
  community_ = std::exchange(other.community_, nullptr);
  num_nodes_ = std::exchange(other.num_nodes_, 0);
  num_arcs_ = std::exchange(other.num_arcs_, 0);
  return *this;
}

Graph::Topology& Graph::own_topology() {
  if (topology_.use_count() > 1) {
    topology_ = std::make_shared<Topology>(*topology_);
    point_into_topology();
  }
  return *topology_;
}

void Graph::point_into_topology() {
  const auto& forward = topology_->csr.m_forward;
  rows_ = forward.m_rowstart.data();
  targets_ = forward.m_column.data();
  num_nodes_ = static_cast<NodeId>(forward.m_rowstart.size() - 1);
  num_arcs_ = forward.m_column.size();
  community_ = topology_->community.empty() ? nullptr : topology_->community.data();
}

std::optional<NodeId> Graph::find_node(std::uint64_t original_id) const {
  const std::vector<std::uint64_t>& ids = topology_->original_ids;
  if (ids.empty()) {
    if (original_id < num_nodes_) return static_cast<NodeId>(original_id);
    return std::nullopt;
  }
  auto it = std::lower_bound(ids.begin(), ids.end(), original_id);
  if (it == ids.end() || *it != original_id) return std::nullopt;
  return static_cast<NodeId>(it - ids.begin());
}

void Graph::set_original_ids(std::vector<std::uint64_t> sorted_ids) {
  own_topology().original_ids = std::move(sorted_ids);
}

void Graph::set_communities(std::vector<std::uint32_t> labels, std::vector<std::string> names) {
  Topology& topology = own_topology();
  topology.community = std::move(labels);
  topology.community_names = std::move(names);
  point_into_topology();
}

std::optional<std::uint32_t> Graph::find_community(std::string_view name) const {
  const std::vector<std::string>& names = topology_->community_names;
  for (std::size_t c = 0; c < names.size(); ++c)
    if (names[c] == name) return static_cast<std::uint32_t>(c);
  return std::nullopt;
}

std::size_t Graph::memory_bytes() const {
  const Topology& t = *topology_;
  std::size_t bytes = t.csr.m_forward.m_rowstart.capacity() * sizeof(ArcId) +
                      t.csr.m_forward.m_column.capacity() * sizeof(NodeId) + trust_bytes() +
                      t.original_ids.capacity() * sizeof(std::uint64_t) +
                      t.community.capacity() * sizeof(std::uint32_t);
  for (const std::string& name : t.community_names) bytes += sizeof(std::string) + name.capacity();
  return bytes;
}

}  // namespace koubei
