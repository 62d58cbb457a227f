#pragma once
// The graph the community and seed targets read ids against: original ids
// 1..12, 100, 2^32 and 2^64 - 1 in a ring.

#include "fuzz_support.hpp"
#include "koubei/graph/edge_list_file.hpp"

namespace koubei::fuzz {

inline Graph fixed_graph() {
  static const std::string path = write_file(
      "graph.txt",
      "1 2\n2 3\n3 4\n4 5\n5 6\n6 7\n7 8\n8 9\n9 10\n10 11\n11 12\n12 100\n100 4294967296\n"
      "4294967296 18446744073709551615\n18446744073709551615 1\n");
  EdgeFileOptions options;
  options.path = path;
  options.directed = false;
  return load_edge_list(options);
}

}  // namespace koubei::fuzz
