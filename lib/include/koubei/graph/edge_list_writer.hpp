#pragma once
// Writes a graph as an edge list that `file:PATH` reads back to the same
// graph (same nodes, arcs, order and trust, with the `weight` trust model):
// a `#` header, one `u v trust` line per arc in original ids, and a line with
// a single id for each node without arcs, so isolated nodes survive.

#include <filesystem>
#include <iosfwd>
#include <string_view>

#include "koubei/graph/graph.hpp"

namespace koubei {

/// Written atomically; `comment` goes into the header.
void write_edge_list(const std::filesystem::path& path, const Graph& graph,
                     std::string_view comment);

/// The same text to a stream (standard output: `koubei gen --out -`), as it
/// is made; throws InputError when the stream fails.
void write_edge_list(std::ostream& out, const Graph& graph, std::string_view comment);

}  // namespace koubei
