// Edge lists as users give them: any bytes (plain, or gzip detected by
// content), read with the options the first byte picks. A graph that loads
// must hold together: ids mapped in order and found again, arcs in range,
// no self-loop, unless kept no duplicate arc, and trust in [0,1] unless a
// weight out of range is reported.

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/graph/edge_list_file.hpp"

namespace koubei::fuzz {

void check_graph(const Graph& graph, bool keep_duplicates) {
  if (graph.num_nodes() == 0) std::abort();  // an empty file is an error, not a graph
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    if (u > 0 && graph.original_id(u) <= graph.original_id(u - 1)) std::abort();
    if (graph.find_node(graph.original_id(u)) != u) std::abort();
    std::vector<NodeId> row(graph.out_neighbors(u).begin(), graph.out_neighbors(u).end());
    for (NodeId v : row)
      if (v >= graph.num_nodes() || v == u) std::abort();
    std::sort(row.begin(), row.end());
    if (!keep_duplicates && std::adjacent_find(row.begin(), row.end()) != row.end()) std::abort();
  }
  // A weight may map far outside [0,1] (even past a float's range); the
  // graph then says where, for the `weight` trust model to refuse it.
  const bool in_range = graph.info().first_weight_out_of_range.empty();
  for (float t : graph.trust())
    if (std::isnan(t) || (in_range && !(t >= 0 && t <= 1))) std::abort();
}

}  // namespace koubei::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  if (size == 0) return 0;
  EdgeFileOptions options;
  options.directed = data[0] & 1;
  options.build.keep_duplicates = data[0] & 2;
  if (data[0] & 4) options.weight_min = -10, options.weight_max = 10;
  options.path = fuzz::write_file("edges.txt", fuzz::as_text(data + 1, size - 1));
  fuzz::expect_success_or_input_error(
      [&] { fuzz::check_graph(load_edge_list(options), options.build.keep_duplicates); });
  return 0;
}
