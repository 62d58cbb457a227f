#include "koubei/graph/edge_list_writer.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "koubei/core/interrupt.hpp"
#include "koubei/io/atomic_file.hpp"

namespace koubei {

void write_edge_list(const std::filesystem::path& path, const Graph& graph,
                     std::string_view comment) {
  AtomicFile file(path);
  std::string buffer = fmt::format(
      "# {}\n# {} nodes, {} arcs; columns: source target trust; read back with "
      "--graph file:{} --trust weight\n",
      comment, graph.num_nodes(), graph.num_arcs(), path.filename().string());
  // Nodes without any arc (in or out) would vanish from an edge list.
  std::vector<bool> linked(graph.num_nodes(), false);
  for (NodeId v : graph.targets()) linked[v] = true;
  for (NodeId u = 0; u < graph.num_nodes(); ++u) {
    if (graph.out_degree(u) == 0 && !linked[u]) {
      fmt::format_to(std::back_inserter(buffer), "{}\n", graph.original_id(u));
    }
    auto targets = graph.out_neighbors(u);
    auto trust = graph.out_trust(u);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      fmt::format_to(std::back_inserter(buffer), "{} {} {}\n", graph.original_id(u),
                     graph.original_id(targets[i]), trust[i]);
    }
    if (buffer.size() > (1 << 22)) {
      throw_if_interrupted();
      file.write(buffer);
      buffer.clear();
    }
  }
  file.write(buffer);
  file.commit();
}

}  // namespace koubei
