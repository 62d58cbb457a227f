#pragma once
// The social graph: an immutable directed graph in compressed sparse rows with
// a trust in [0,1] on every arc (how much the target trusts a recommendation
// from the source) and an optional community label on every node.
//
// Storage is Boost.Graph's compressed_sparse_row_graph with 32-bit node and
// arc indices (4 bytes per arc for the target, 4 per node for the row start),
// plus a float trust per arc held beside it (so Boost algorithms can use it
// through an iterator_property_map over the arc index). Arcs of a node are
// sorted by target. Nodes are numbered 0..n-1; when the graph came from a file
// the original 64-bit ids are kept, sorted ascending, for outputs and lookups.
// An undirected input is stored as both arcs of each edge.
//
// A copy shares the arcs, ids and communities with the original (they never
// change once built) and owns its trust: a sweep over trust models holds one
// topology and one trust array per model.

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace koubei {

using NodeId = std::uint32_t;
using ArcId = std::uint32_t;

/// Where a graph came from and what its construction dropped.
struct GraphInfo {
  std::string source;            // the spec it was built from
  bool directed = true;          // false: every edge is stored as two arcs
  bool has_weights = false;      // a file's weight column is held in trust()
  std::uint64_t self_loops_dropped = 0;
  std::uint64_t duplicates_dropped = 0;
  /// For `file:` graphs with weights: the first line whose weight maps
  /// outside [0,1] ("" if none), reported if the `weight` trust model is used.
  std::string first_weight_out_of_range;
};

class Graph {
 public:
  using BoostCsr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                       boost::no_property, boost::no_property,
                                                       NodeId, ArcId>;

  Graph();
  Graph(const Graph&) = default;
  Graph& operator=(const Graph&) = default;
  /// A moved-from graph may only be destroyed or assigned to.
  Graph(Graph&& other) noexcept { *this = std::move(other); }
  Graph& operator=(Graph&& other) noexcept;
  /// Takes rows that are already sorted: `row_start` has n+1 entries,
  /// `targets` and `trust` one per arc. Use build_graph() to get there from an
  /// edge list.
  Graph(std::vector<ArcId> row_start, std::vector<NodeId> targets, std::vector<float> trust,
        GraphInfo info);

  NodeId num_nodes() const { return num_nodes_; }
  std::uint64_t num_arcs() const { return num_arcs_; }

  ArcId first_arc(NodeId u) const { return rows_[u]; }
  ArcId end_arc(NodeId u) const { return rows_[u + 1]; }
  std::uint32_t out_degree(NodeId u) const { return rows_[u + 1] - rows_[u]; }
  std::span<const NodeId> out_neighbors(NodeId u) const {
    return {targets_ + rows_[u], out_degree(u)};
  }
  std::span<const float> out_trust(NodeId u) const { return trust().subspan(rows_[u], out_degree(u)); }

  /// The raw arrays, for hot loops: row starts (n+1), targets and trust (one per arc).
  std::span<const ArcId> row_starts() const { return {rows_, std::size_t{num_nodes_} + 1}; }
  std::span<const NodeId> targets() const { return {targets_, num_arcs_}; }
  std::span<const float> trust() const { return trust_; }
  /// Trust models rewrite trust while the graph is being set up, before any run.
  std::span<float> mutable_trust() { return trust_; }

  /// Original ids (from a file); identity when the graph was generated.
  std::uint64_t original_id(NodeId v) const {
    return topology_->original_ids.empty() ? v : topology_->original_ids[v];
  }
  std::optional<NodeId> find_node(std::uint64_t original_id) const;
  void set_original_ids(std::vector<std::uint64_t> sorted_ids);

  /// Community labels: empty when the graph has none.
  bool has_communities() const { return community_ != nullptr; }
  std::uint32_t community(NodeId v) const { return community_[v]; }
  std::span<const std::uint32_t> communities() const { return topology_->community; }
  std::uint32_t num_communities() const {
    return static_cast<std::uint32_t>(topology_->community_names.size());
  }
  /// Index of the community with this name, if there is one.
  std::optional<std::uint32_t> find_community(std::string_view name) const;
  const std::vector<std::string>& community_names() const { return topology_->community_names; }
  void set_communities(std::vector<std::uint32_t> labels, std::vector<std::string> names);

  const GraphInfo& info() const { return topology_->info; }
  GraphInfo& mutable_info() { return own_topology().info; }

  /// Bytes held by the graph (arrays only, capacity counted), shared arcs
  /// included.
  std::size_t memory_bytes() const;
  /// Bytes of the trust array alone (what a copy adds).
  std::size_t trust_bytes() const { return trust_.capacity() * sizeof(float); }

  /// The Boost.Graph view, for running Boost algorithms on the same arrays.
  const BoostCsr& boost_graph() const { return topology_->csr; }

 private:
  struct Topology {
    BoostCsr csr;
    std::vector<std::uint64_t> original_ids;
    std::vector<std::uint32_t> community;
    std::vector<std::string> community_names;
    GraphInfo info;
  };
  /// The topology, copied first if another graph shares it.
  Topology& own_topology();
  void point_into_topology();

  std::shared_ptr<Topology> topology_;
  std::vector<float> trust_;
  // Into topology_'s arrays, for the hot accessors.
  const ArcId* rows_ = nullptr;
  const NodeId* targets_ = nullptr;
  const std::uint32_t* community_ = nullptr;  // null without communities
  NodeId num_nodes_ = 0;
  std::size_t num_arcs_ = 0;
};

}  // namespace koubei
