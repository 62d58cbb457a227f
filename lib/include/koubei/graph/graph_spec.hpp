#pragma once
// Graph specs: one string that names a generator or a file and its parameters.
//
//   ba:n=N,m=M                          Barabási–Albert
//   er:n=N,k=K                          Erdős–Rényi, K expected neighbours
//   ws:n=N,k=K,beta=B                   Watts–Strogatz
//   sbm:n=N,communities=C,k_in=A,k_out=B  stochastic block model
//   file:PATH[,directed=0|1][,weight_min=W0,weight_max=W1][,duplicates=keep]
//        [,self_loops=keep]             an edge list (graph/edge_list_file.hpp)
//
// Generated graphs are undirected and depend only on the spec and the master
// seed. `file:` graphs are directed unless directed=0.

#include <cstdint>
#include <string_view>

#include "koubei/graph/graph.hpp"

namespace koubei {

/// Builds or loads the graph, sharing the work of building its rows among
/// `threads` threads (the graph is the same for any number). Throws
/// InputError for a bad spec or file.
Graph make_graph(std::string_view spec, std::uint64_t master_seed, unsigned threads = 1);

/// Checks a spec's syntax and values without building anything.
void check_graph_spec(std::string_view spec);

}  // namespace koubei
