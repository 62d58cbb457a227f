#include "koubei/graph/edge_list_writer.hpp"

#include <fmt/format.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/io/atomic_file.hpp"

namespace koubei {
namespace {

// The edge list in chunks of about 4 MiB handed to `write`; `name` is what
// the header's read-back hint calls the file.
void format_edge_list(const Graph& graph, std::string_view comment, std::string_view name,
                      const std::function<void(std::string_view)>& write) {
  std::string buffer = fmt::format(
      "# {}\n# {} nodes, {} arcs; columns: source target trust; read back with "
      "--graph file:{} --trust weight\n",
      comment, graph.num_nodes(), graph.num_arcs(), name);
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
      write(buffer);
      buffer.clear();
    }
  }
  write(buffer);
}

}  // namespace

void write_edge_list(const std::filesystem::path& path, const Graph& graph,
                     std::string_view comment) {
  AtomicFile file(path);
  format_edge_list(graph, comment, path.filename().string(),
                   [&file](std::string_view data) { file.write(data); });
  file.commit();
}

void write_edge_list(std::ostream& out, const Graph& graph, std::string_view comment) {
  format_edge_list(graph, comment, "PATH", [&out](std::string_view data) {
    if (!out.write(data.data(), static_cast<std::streamsize>(data.size())))
      throw InputError("cannot write the edge list to standard output");
  });
  if (!out.flush()) throw InputError("cannot write the edge list to standard output");
}

}  // namespace koubei
