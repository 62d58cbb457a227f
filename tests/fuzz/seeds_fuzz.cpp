// Seeds files (original ids, one per line) read against a fixed graph:
// every id read is a node of it.

#include <cstdlib>

#include "fixed_graph.hpp"
#include "koubei/model/seeds.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  static const Graph graph = fuzz::fixed_graph();
  const std::string path = fuzz::write_file("seeds.txt", fuzz::as_text(data, size));
  fuzz::expect_success_or_input_error([&] {
    for (NodeId v : read_seed_file(path, graph))
      if (v >= graph.num_nodes()) std::abort();
  });
  return 0;
}
