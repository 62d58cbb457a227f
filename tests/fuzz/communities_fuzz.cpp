// Community files (`id community` per line) read against a fixed graph: a
// file that loads labels every node with a community that exists.

#include <cstdlib>

#include "fixed_graph.hpp"
#include "koubei/graph/communities_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  Graph graph = fuzz::fixed_graph();
  const std::string path = fuzz::write_file("communities.txt", fuzz::as_text(data, size));
  fuzz::expect_success_or_input_error([&] {
    load_communities(graph, path);
    if (!graph.has_communities() || graph.num_communities() == 0) std::abort();
    for (NodeId v = 0; v < graph.num_nodes(); ++v)
      if (graph.community(v) >= graph.num_communities()) std::abort();
  });
  return 0;
}
