// Community labels from a node attribute file.

#include "koubei/graph/communities_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/graph/builder.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

// A file in the temp directory under a name no other test or process uses,
// removed at the end of the test.
class CommunityFile {
 public:
  explicit CommunityFile(const std::string& content) {
    static std::atomic<int> counter{0};
    path_ = (fs::temp_directory_path() /
             fmt::format("koubei_communities_{}_{}.txt", ::getpid(), counter++))
                .string();
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~CommunityFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  CommunityFile(const CommunityFile&) = delete;
  CommunityFile& operator=(const CommunityFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Six nodes with original ids 10, 20, ..., 60 (as if read from a file), a
// path between them.
Graph six_nodes() {
  EdgeList e;
  e.num_nodes = 6;
  for (NodeId v = 0; v + 1 < 6; ++v) {
    e.sources.push_back(v);
    e.targets.push_back(v + 1);
  }
  Graph g = build_graph(std::move(e), {}, "test");
  g.set_original_ids({10, 20, 30, 40, 50, 60});
  return g;
}

std::string load_error(Graph& g, const std::string& path) {
  try {
    load_communities(g, path);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(CommunitiesFile, NamesNumberedByFirstAppearance) {
  Graph g = six_nodes();
  CommunityFile file(
      "# id community\n"
      "30 zh\n"
      "10\ten\n"
      "\n"
      "% another comment\n"
      "20,zh\n"
      "  60   ru  \r\n"
      "40 7\n"
      "50 en\n");
  load_communities(g, file.path());
  ASSERT_TRUE(g.has_communities());
  EXPECT_EQ(g.community_names(), (std::vector<std::string>{"zh", "en", "ru", "7"}));
  // Nodes are numbered by ascending original id: 10 -> 0, ..., 60 -> 5.
  EXPECT_EQ(std::vector<std::uint32_t>(g.communities().begin(), g.communities().end()),
            (std::vector<std::uint32_t>{1, 0, 0, 3, 1, 2}));
  EXPECT_EQ(g.num_communities(), 4u);
  EXPECT_EQ(g.find_community("ru"), 2u);
  EXPECT_FALSE(g.find_community("none").has_value()) << "every node is listed";
}

TEST(CommunitiesFile, UnlistedNodesGoToNone) {
  Graph g = six_nodes();
  CommunityFile file("20 b\n50 a\n");
  load_communities(g, file.path());
  EXPECT_EQ(g.community_names(), (std::vector<std::string>{"b", "a", "none"}));
  EXPECT_EQ(std::vector<std::uint32_t>(g.communities().begin(), g.communities().end()),
            (std::vector<std::uint32_t>{2, 0, 2, 2, 1, 2}));
}

TEST(CommunitiesFile, AnEmptyFilePutsEveryoneInNone) {
  Graph g = six_nodes();
  CommunityFile file("# nothing\n");
  load_communities(g, file.path());
  EXPECT_EQ(g.community_names(), (std::vector<std::string>{"none"}));
  for (NodeId v = 0; v < 6; ++v) EXPECT_EQ(g.community(v), 0u);
}

TEST(CommunitiesFile, ErrorsNameTheFileAndLine) {
  struct Case {
    std::string content;
    std::string expected;  // after "PATH:"
  } cases[] = {
      {"10 a\n20\n", "2: malformed line"},
      {"10 a\nx b\n", "2: malformed line"},
      {"10 a\n20 b c\n", "2: malformed line"},
      {"10 a\n-20 b\n", "2: malformed line"},
      {"# c\n10 a\n\n70 b\n", "4: node 70 is not in the graph"},
      {"10 a\n20 b\n10 c\n", "3: node 10 is listed twice"},
      {"10 a\n20 b\n30 b\n20 b\n", "4: node 20 is listed twice"},
  };
  for (const Case& c : cases) {
    Graph g = six_nodes();
    CommunityFile file(c.content);
    const std::string message = load_error(g, file.path());
    EXPECT_NE(message.find(file.path() + ":" + c.expected), std::string::npos)
        << "content '" << c.content << "': " << message;
    EXPECT_FALSE(g.has_communities()) << "a failed load leaves the graph as it was";
  }
}

TEST(CommunitiesFile, MissingFileIsAnInputError) {
  Graph g = six_nodes();
  const std::string path =
      (fs::temp_directory_path() / fmt::format("koubei_no_such_{}.txt", ::getpid())).string();
  const std::string message = load_error(g, path);
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("cannot open"), std::string::npos) << message;
}

TEST(CommunitiesFile, GeneratedGraphsUseTheirNodeNumbers) {
  EdgeList e;
  e.num_nodes = 3;
  Graph g = build_graph(std::move(e), {}, "empty");
  CommunityFile file("2 x\n0 y\n1 x\n");
  load_communities(g, file.path());
  EXPECT_EQ(g.community_names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(g.community(0), 1u);
  EXPECT_EQ(g.community(1), 0u);
  EXPECT_EQ(g.community(2), 0u);
  CommunityFile bad("3 x\n");
  Graph h = build_graph(EdgeList{3, {}, {}, {}, true}, {}, "empty");
  EXPECT_NE(load_error(h, bad.path()).find(":1: node 3 is not in the graph"), std::string::npos);
}

}  // namespace
}  // namespace koubei
