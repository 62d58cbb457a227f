#pragma once
// Graph specs: one string that names a generator or a file and its
// parameters, parsed once into a GraphSpec.
//
//   ba:n=N,m=M                          Barabási–Albert
//   er:n=N,k=K                          Erdős–Rényi, K expected neighbours
//   ws:n=N,k=K,beta=B                   Watts–Strogatz
//   sbm:n=N,communities=C,k_in=A,k_out=B  stochastic block model
//   file:PATH[,directed=0|1][,weight_min=W0,weight_max=W1][,duplicates=keep]
//        [,self_loops=keep]             an edge list (graph/edge_list_file.hpp)
//
// Generated graphs are undirected and depend only on the spec and the master
// seed. `file:` graphs are directed unless directed=0. The canonical text
// (to_string) lists a generator's parameters in the order above and a
// file's options only where they differ from the defaults.

#include <cstdint>
#include <string>
#include <string_view>

#include "koubei/graph/graph.hpp"

namespace koubei {

struct GraphSpec {
  enum class Kind { kBarabasiAlbert, kErdosRenyi, kWattsStrogatz, kBlockModel, kFile };

  Kind kind = Kind::kBarabasiAlbert;
  std::uint64_t n = 100000;
  std::uint64_t m = 5;            // ba: arcs each new node brings
  double k = 0;                   // er: expected neighbours; ws: neighbours (even)
  double beta = 0;                // ws: rewiring chance
  std::uint64_t communities = 1;  // sbm
  double k_in = 0, k_out = 0;     // sbm: expected neighbours inside and outside a block
  std::string path;               // file
  bool directed = true;           // file
  double weight_min = 0.0, weight_max = 1.0;        // file: weights mapped onto trust 0..1
  bool keep_duplicates = false, keep_self_loops = false;  // file

  /// ba:n=100000,m=5, the built-in scenario's graph.
  GraphSpec() = default;
  /// Parses and validates; throws InputError naming the spec.
  GraphSpec(std::string_view text);  // NOLINT: a spec reads from its text
  GraphSpec(const std::string& text) : GraphSpec(std::string_view(text)) {}
  GraphSpec(const char* text) : GraphSpec(std::string_view(text)) {}
  static GraphSpec parse(std::string_view text) { return GraphSpec(text); }

  std::string to_string() const;
  bool generated() const { return kind != Kind::kFile; }
  /// A generated graph with n multiplied by `factor` (at least 1 node),
  /// validated; a file's graph as it is.
  GraphSpec scaled(double factor) const;
  /// Builds or loads the graph, sharing the work of building its rows among
  /// `threads` threads (the graph is the same for any number). Throws
  /// InputError for a bad file.
  Graph make(std::uint64_t master_seed, unsigned threads = 1) const;

  bool operator==(const GraphSpec&) const = default;
};

/// GraphSpec(spec).make(master_seed, threads).
Graph make_graph(std::string_view spec, std::uint64_t master_seed, unsigned threads = 1);

/// Checks a spec's syntax and values without building anything.
void check_graph_spec(std::string_view spec);

}  // namespace koubei
