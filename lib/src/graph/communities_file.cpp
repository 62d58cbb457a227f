#include "koubei/graph/communities_file.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <unordered_map>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/spec.hpp"

namespace koubei {

void load_communities(Graph& graph, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw_if_interrupted();  // an open() of a FIFO that a signal cut short
    throw InputError(
        fmt::format("cannot open community file '{}': {}", path, std::strerror(errno)));
  }
  constexpr std::uint32_t kUnset = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> label(graph.num_nodes(), kUnset);
  std::vector<std::string> names;
  std::unordered_map<std::string, std::uint32_t> index;
  auto community_of = [&](const std::string& name) {
    auto [it, fresh] = index.emplace(name, static_cast<std::uint32_t>(names.size()));
    if (fresh) names.push_back(name);
    return it->second;
  };
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    if (number == 1) remove_bom(line);
    for (char& c : line)
      if (c == ',' || c == '\t' || c == '\r') c = ' ';
    const std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#' || line[first] == '%') continue;
    const std::size_t gap = line.find(' ', first);
    const std::size_t second = gap == std::string::npos ? gap : line.find_first_not_of(' ', gap);
    const std::size_t end = second == std::string::npos ? second : line.find(' ', second);
    const bool extra =
        end != std::string::npos && line.find_first_not_of(' ', end) != std::string::npos;
    auto id = parse_uint64(line.substr(first, gap - first));
    if (!id || second == std::string::npos || extra) {
      throw InputError(
          fmt::format("{}:{}: malformed line '{}': expected 'id community'", path, number, line));
    }
    auto node = graph.find_node(*id);
    if (!node) {
      throw InputError(fmt::format("{}:{}: node {} is not in the graph", path, number, *id));
    }
    if (label[*node] != kUnset) {
      throw InputError(fmt::format("{}:{}: node {} is listed twice", path, number, *id));
    }
    label[*node] = community_of(line.substr(second, end - second));
  }
  std::uint64_t unlisted = 0;
  for (std::uint32_t& l : label) {
    if (l == kUnset) {
      l = community_of("none");
      ++unlisted;
    }
  }
  if (unlisted > 0)
    logger().warn("community file '{}' does not list {} nodes; they are in community 'none'", path,
                 unlisted);
  graph.set_communities(std::move(label), std::move(names));
}

}  // namespace koubei
