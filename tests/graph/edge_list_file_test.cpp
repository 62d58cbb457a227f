#include "koubei/graph/edge_list_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

// A file in the temp directory under a name no other test (or process) uses,
// removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& name) {
    static std::atomic<int> counter{0};
    path_ = (fs::temp_directory_path() /
             fmt::format("koubei_edge_{}_{}_{}", ::getpid(), counter++, name))
                .string();
  }
  TempFile(const std::string& name, const std::string& content) : TempFile(name) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void write_gzip(const std::string& path, const std::string& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

Graph load(const std::string& path, bool directed = true) {
  EdgeFileOptions options;
  options.path = path;
  options.directed = directed;
  return load_edge_list(options);
}

std::vector<NodeId> row(const Graph& g, NodeId u) {
  auto s = g.out_neighbors(u);
  return {s.begin(), s.end()};
}

// The InputError message load_edge_list throws for `options`, or "" if none.
std::string error_of(const EdgeFileOptions& options) {
  try {
    load_edge_list(options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string error_of(const std::string& path) {
  EdgeFileOptions options;
  options.path = path;
  return error_of(options);
}

// "i i+1" for i < n, closing a directed ring; about 14 bytes a line at n = 500000.
std::string ring(std::uint32_t n, const char* newline = "\n") {
  std::string text;
  for (std::uint32_t i = 0; i < n; ++i) text += fmt::format("{} {}{}", i, (i + 1) % n, newline);
  return text;
}

TEST(EdgeListFile, SkipsCommentsAndBlankLinesAndTakesAnySeparators) {
  TempFile file("mixed.txt",
                "# header\n% matrix-market style comment\n\n  \t\n1,2\n2\t3\r\n3 , 4\r\n"
                "  # indented comment\r\n\r\n4\t,1");  // the last line has no newline
  Graph g = load(file.path());
  EXPECT_EQ(g.num_nodes(), 4u);
  EXPECT_EQ(g.num_arcs(), 4u);
  // Ids 1..4 become nodes 0..3.
  EXPECT_EQ(row(g, 0), (std::vector<NodeId>{1}));
  EXPECT_EQ(row(g, 3), (std::vector<NodeId>{0}));
  EXPECT_EQ(g.original_id(0), 1u);
  EXPECT_EQ(g.original_id(3), 4u);
  EXPECT_EQ(g.find_node(4), NodeId{3});
  EXPECT_EQ(g.find_node(0), std::nullopt);
  EXPECT_EQ(g.info().source, "file:" + file.path());
  EXPECT_TRUE(g.info().directed);
  EXPECT_FALSE(g.info().has_weights);
}

TEST(EdgeListFile, MapsLargeIdsInAscendingOrderAndKeepsThem) {
  TempFile file("large.txt",
                "18446744073709551615 5\n5 1000000000000\n1000000000000 18446744073709551615\n");
  Graph g = load(file.path());
  ASSERT_EQ(g.num_nodes(), 3u);
  EXPECT_EQ(g.original_id(0), 5u);
  EXPECT_EQ(g.original_id(1), 1000000000000u);
  EXPECT_EQ(g.original_id(2), 18446744073709551615u);
  EXPECT_EQ(g.find_node(18446744073709551615u), NodeId{2});
  EXPECT_EQ(g.find_node(1000000000000u), NodeId{1});
  EXPECT_EQ(g.find_node(6), std::nullopt);
  EXPECT_EQ(row(g, 2), (std::vector<NodeId>{0}));
  EXPECT_EQ(row(g, 0), (std::vector<NodeId>{1}));
  EXPECT_EQ(row(g, 1), (std::vector<NodeId>{2}));
}

TEST(EdgeListFile, DenseIdsWithGapsKeepOriginalIds) {
  TempFile file("gaps.txt", "5 0\n0 2\n");
  Graph g = load(file.path());
  ASSERT_EQ(g.num_nodes(), 3u);
  EXPECT_EQ(g.original_id(0), 0u);
  EXPECT_EQ(g.original_id(1), 2u);
  EXPECT_EQ(g.original_id(2), 5u);
  EXPECT_EQ(g.find_node(5), NodeId{2});
  EXPECT_EQ(g.find_node(1), std::nullopt);
  EXPECT_EQ(row(g, 2), (std::vector<NodeId>{0}));
  EXPECT_EQ(row(g, 0), (std::vector<NodeId>{1}));
}

TEST(EdgeListFile, ContiguousIdsAreTheNodeNumbers) {
  TempFile file("contiguous.txt", "3 1\n0 2\n");
  Graph g = load(file.path());
  ASSERT_EQ(g.num_nodes(), 4u);
  for (NodeId v = 0; v < 4; ++v) EXPECT_EQ(g.original_id(v), v);
  EXPECT_EQ(g.find_node(3), NodeId{3});
  EXPECT_EQ(g.find_node(4), std::nullopt);
  EXPECT_EQ(row(g, 3), (std::vector<NodeId>{1}));
}

// Checks the fast id mapping against a std::map on random ids drawn below
// `id_limit`: sparse (any 64-bit id) and dense with gaps take different paths.
void expect_mapping_matches_reference(std::uint64_t id_limit) {
  std::mt19937_64 random(42);
  std::vector<std::uint64_t> pool(3000);
  for (auto& id : pool) id = id_limit == 0 ? random() : random() % id_limit;
  std::string text;
  std::set<std::pair<std::uint64_t, std::uint64_t>> arcs;
  std::set<std::uint64_t> ids;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t u = pool[random() % pool.size()], v = pool[random() % pool.size()];
    text += fmt::format("{} {}\n", u, v);
    ids.insert(u);
    ids.insert(v);
    if (u != v) arcs.insert({u, v});
  }
  TempFile file("random.txt", text);
  Graph g = load(file.path());
  ASSERT_EQ(g.num_nodes(), ids.size());
  const std::vector<std::uint64_t> sorted(ids.begin(), ids.end());
  for (NodeId v = 0; v < g.num_nodes(); ++v) {
    ASSERT_EQ(g.original_id(v), sorted[v]);
    ASSERT_EQ(g.find_node(sorted[v]), v);
  }
  std::set<std::pair<std::uint64_t, std::uint64_t>> loaded;
  for (NodeId u = 0; u < g.num_nodes(); ++u) {
    for (NodeId v : g.out_neighbors(u)) loaded.insert({g.original_id(u), g.original_id(v)});
  }
  EXPECT_EQ(g.num_arcs(), arcs.size());
  EXPECT_EQ(loaded, arcs);
}

TEST(EdgeListFile, SparseIdsMapLikeTheReference) { expect_mapping_matches_reference(0); }

TEST(EdgeListFile, DenseIdsWithGapsMapLikeTheReference) { expect_mapping_matches_reference(20000); }

TEST(EdgeListFile, UndirectedEdgesBecomeTwoArcs) {
  TempFile file("path.txt", "0 1\n1 2\n");
  Graph directed = load(file.path(), true);
  EXPECT_EQ(directed.num_arcs(), 2u);
  EXPECT_EQ(row(directed, 1), (std::vector<NodeId>{2}));
  Graph undirected = load(file.path(), false);
  EXPECT_EQ(undirected.num_arcs(), 4u);
  EXPECT_EQ(row(undirected, 1), (std::vector<NodeId>{0, 2}));
  EXPECT_FALSE(undirected.info().directed);
}

TEST(EdgeListFile, DropsSelfLoopsAndDuplicatesUnlessKept) {
  TempFile file("dups.txt", "0 1\n0 1\n1 1\n1 0\n");
  EdgeFileOptions options;
  options.path = file.path();
  Graph g = load_edge_list(options);
  EXPECT_EQ(g.num_arcs(), 2u);
  EXPECT_EQ(g.info().self_loops_dropped, 1u);
  EXPECT_EQ(g.info().duplicates_dropped, 1u);

  options.build.keep_duplicates = true;
  EXPECT_EQ(load_edge_list(options).num_arcs(), 3u);
  options.build.keep_self_loops = true;
  EXPECT_EQ(load_edge_list(options).num_arcs(), 4u);

  // Undirected: 0-1 twice and 1-0 give six arcs, of which two are distinct.
  options.build = {};
  options.directed = false;
  Graph u = load_edge_list(options);
  EXPECT_EQ(u.num_arcs(), 2u);
  EXPECT_EQ(u.info().duplicates_dropped, 4u);
  EXPECT_EQ(u.info().self_loops_dropped, 1u);
}

TEST(EdgeListFile, MapsWeightsLinearlyOntoTrust) {
  TempFile file("weights.txt", "0 1 -10\n1 2 +0\n2 0 10\n0 2 5.5\n");
  EdgeFileOptions options;
  options.path = file.path();
  options.weight_min = -10;
  options.weight_max = 10;
  Graph g = load_edge_list(options);
  EXPECT_TRUE(g.info().has_weights);
  EXPECT_EQ(g.info().first_weight_out_of_range, "");
  ASSERT_EQ(g.out_degree(0), 2u);
  EXPECT_FLOAT_EQ(g.out_trust(0)[0], 0.0f);    // 0->1
  EXPECT_FLOAT_EQ(g.out_trust(0)[1], 0.775f);  // 0->2
  EXPECT_FLOAT_EQ(g.out_trust(1)[0], 0.5f);
  EXPECT_FLOAT_EQ(g.out_trust(2)[0], 1.0f);
}

TEST(EdgeListFile, RecordsTheFirstWeightOutsideTheRange) {
  TempFile file("range.txt", "# ratings\n0 1 20\n1 2 -1\n2 0 30\n");
  EdgeFileOptions options;
  options.path = file.path();
  options.weight_min = 0;
  options.weight_max = 20;
  Graph g = load_edge_list(options);
  EXPECT_EQ(g.info().first_weight_out_of_range,
            file.path() + ":3: weight -1 maps to trust -0.05, outside [0,1]");
  // The value is kept as mapped; the `weight` trust model decides what to do.
  EXPECT_FLOAT_EQ(g.out_trust(1)[0], -0.05f);
  EXPECT_FLOAT_EQ(g.out_trust(2)[0], 1.5f);
}

TEST(EdgeListFile, RejectsAnEmptyWeightRange) {
  TempFile file("w.txt", "0 1 1\n");
  EdgeFileOptions options;
  options.path = file.path();
  options.weight_min = 2;
  options.weight_max = 2;
  EXPECT_EQ(error_of(options),
            "edge list '" + file.path() +
                "': weight_max (2) must be greater than weight_min (2), both finite");
}

TEST(EdgeListFile, LinesWithOneIdDeclareIsolatedNodes) {
  TempFile file("isolated.txt", "0 1\n5\n 7 \n1 0\n5\n");
  Graph g = load(file.path());
  ASSERT_EQ(g.num_nodes(), 4u);
  EXPECT_EQ(g.num_arcs(), 2u);
  EXPECT_EQ(g.find_node(5), NodeId{2});
  EXPECT_EQ(g.find_node(7), NodeId{3});
  EXPECT_EQ(g.out_degree(2), 0u);
  EXPECT_EQ(g.out_degree(3), 0u);

  TempFile only("only_nodes.txt", "3\n");
  Graph lone = load(only.path());
  EXPECT_EQ(lone.num_nodes(), 1u);
  EXPECT_EQ(lone.num_arcs(), 0u);
  EXPECT_EQ(lone.original_id(0), 3u);
}

TEST(EdgeListFile, WeightedFilesMayDeclareIsolatedNodes) {
  TempFile file("isolated_weighted.txt", "9\n0 1 0.25\n4\n1 0 0.75\n");
  Graph g = load(file.path());
  EXPECT_EQ(g.num_nodes(), 4u);
  EXPECT_TRUE(g.info().has_weights);
  EXPECT_FLOAT_EQ(g.out_trust(0)[0], 0.25f);
}

// Files larger than the 4 MiB read chunk (this one is 7 MB), so lines are split between chunks.
TEST(EdgeListFile, ReadsLinesSplitAcrossChunks) {
  constexpr std::uint32_t kNodes = 500000;
  TempFile file("ring.txt", ring(kNodes, "\r\n"));
  ASSERT_GT(fs::file_size(file.path()), std::uintmax_t{4} << 20);
  Graph g = load(file.path());
  EXPECT_EQ(g.num_nodes(), kNodes);
  EXPECT_EQ(g.num_arcs(), kNodes);
  for (NodeId v = 0; v < kNodes; ++v) {
    ASSERT_EQ(g.out_degree(v), 1u) << v;
    ASSERT_EQ(g.out_neighbors(v)[0], (v + 1) % kNodes) << v;
  }
}

TEST(EdgeListFile, ReadsGzip) {
  TempFile small("small.txt.gz");
  write_gzip(small.path(), "# compressed\n10 20 0.5\n20 30 1\n");
  Graph g = load(small.path(), false);
  EXPECT_EQ(g.num_nodes(), 3u);
  EXPECT_EQ(g.num_arcs(), 4u);
  EXPECT_EQ(g.original_id(2), 30u);
  EXPECT_FLOAT_EQ(g.out_trust(1)[0], 0.5f);

  constexpr std::uint32_t kNodes = 400000;
  TempFile big("ring.txt.gz");
  write_gzip(big.path(), ring(kNodes));
  Graph r = load(big.path());
  EXPECT_EQ(r.num_nodes(), kNodes);
  EXPECT_EQ(r.num_arcs(), kNodes);
  EXPECT_EQ(row(r, kNodes - 1), (std::vector<NodeId>{0}));
}

TEST(EdgeListFile, RejectsTruncatedGzip) {
  TempFile file("cut.txt.gz");
  write_gzip(file.path(), ring(100000));
  fs::resize_file(file.path(), fs::file_size(file.path()) / 2);
  EXPECT_EQ(error_of(file.path()),
            "cannot read edge list '" + file.path() + "': compressed data ends early");
}

// The loader projects the edge count from the file size before it grows its
// buffers: a file far larger than memory fails early with a clear message.
TEST(EdgeListFile, FileTooLargeForMemoryIsAnInputError) {
  TempFile file("huge_sparse.txt", ring(1100000));
  std::error_code ec;
  fs::resize_file(file.path(), std::uintmax_t{1} << 40, ec);  // 1 TiB, sparse: zeros past the ring
  if (ec) GTEST_SKIP() << "cannot make a 1 TiB sparse file here: " << ec.message();
  const std::string message = error_of(file.path());
  EXPECT_EQ(message.rfind("edge list '" + file.path() + "' (about ", 0), 0u) << message;
  EXPECT_NE(message.find("of memory but only"), std::string::npos) << message;
}

TEST(EdgeListFile, MissingFileIsAnError) {
  const std::string path = (fs::temp_directory_path() / "koubei_no_such_file.txt").string();
  EXPECT_EQ(error_of(path), "cannot open edge list '" + path + "': No such file or directory");
}

TEST(EdgeListFile, DirectoryIsAnError) {
  TempFile dir("dir");
  fs::create_directory(dir.path());
  EXPECT_EQ(error_of(dir.path()), "cannot open edge list '" + dir.path() + "': Is a directory");
}

TEST(EdgeListFile, MalformedLineNamesFileLineAndText) {
  TempFile file("bad_id.txt", "0 1\n1 2\n1 x\n");
  const std::string message = error_of(file.path());
  EXPECT_EQ(message,
            file.path() + ":3: malformed line '1 x': node id 'x' is not a non-negative integer");
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(EdgeListFile, RejectsNegativeNonIntegerAndHugeIds) {
  TempFile negative("negative.txt", "0 1\n-1 2\n");
  EXPECT_EQ(
      error_of(negative.path()),
      negative.path() + ":2: malformed line '-1 2': node id '-1' is not a non-negative integer");
  TempFile fraction("fraction.txt", "1.5 2\n");
  EXPECT_EQ(
      error_of(fraction.path()),
      fraction.path() + ":1: malformed line '1.5 2': node id '1.5' is not a non-negative integer");
  TempFile huge("huge.txt", "18446744073709551616 1\n");
  EXPECT_EQ(error_of(huge.path()),
            huge.path() +
                ":1: malformed line '18446744073709551616 1': node id '18446744073709551616' "
                "does not fit in 64 bits");
}

TEST(EdgeListFile, RejectsTooManyFields) {
  TempFile file("fields.txt", "1 2 3 4\r\n");
  EXPECT_EQ(
      error_of(file.path()),
      file.path() + ":1: malformed line '1 2 3 4': expected 'u v' or 'u v w', found 4 fields");
}

TEST(EdgeListFile, RejectsBadWeights) {
  TempFile text("text_weight.txt", "1 2 abc\n");
  EXPECT_EQ(error_of(text.path()),
            text.path() + ":1: malformed line '1 2 abc': weight 'abc' is not a finite number");
  TempFile nan("nan_weight.txt", "1 2 1\n2 3 nan\n");
  EXPECT_EQ(error_of(nan.path()),
            nan.path() + ":2: malformed line '2 3 nan': weight 'nan' is not a finite number");
}

TEST(EdgeListFile, WeightsMustBeOnAllEdgesOrNone) {
  TempFile missing("missing_weight.txt", "0 1 1\n\n1 2\n");
  EXPECT_EQ(error_of(missing.path()),
            missing.path() + ":3: malformed line '1 2': expected a weight like the earlier lines");
  TempFile extra("extra_weight.txt", "0 1\n1 2 0.5\n");
  EXPECT_EQ(error_of(extra.path()),
            extra.path() +
                ":2: malformed line '1 2 0.5': unexpected weight: the earlier lines have none");
}

TEST(EdgeListFile, EmptyFileIsAnError) {
  TempFile empty("empty.txt", "");
  EXPECT_EQ(error_of(empty.path()), "edge list '" + empty.path() + "' has no edges and no nodes");
  TempFile comments("comments.txt", "# nothing here\n\n% nor here\n");
  EXPECT_EQ(error_of(comments.path()),
            "edge list '" + comments.path() + "' has no edges and no nodes");
}

TEST(EdgeListFile, ControlBytesInErrorsAreHidden) {
  TempFile file("binary.txt", std::string("0 1\n1 \x01\x02\n", 10));
  EXPECT_EQ(
      error_of(file.path()),
      file.path() + ":2: malformed line '1 ?\?': node id '?\?' is not a non-negative integer");
}

// The shared data sets, with counts recomputed independently (a Python
// script over the same files): arcs are 2 x edges when undirected, minus
// self-loops; none of these files repeats an edge.
struct DataCase {
  const char* file;
  bool directed;
  double weight_min, weight_max;
  NodeId nodes;
  std::uint64_t arcs;
  std::uint64_t self_loops;
  bool weighted;
};

class EdgeListShippedData : public ::testing::TestWithParam<DataCase> {};

TEST_P(EdgeListShippedData, LoadsWithKnownCounts) {
  const DataCase& c = GetParam();
  EdgeFileOptions options;
  options.path = std::string(KOUBEI_DATA_DIR) + "/" + c.file;
  options.directed = c.directed;
  options.weight_min = c.weight_min;
  options.weight_max = c.weight_max;
  Graph g = load_edge_list(options);
  EXPECT_EQ(g.num_nodes(), c.nodes);
  EXPECT_EQ(g.num_arcs(), c.arcs);
  EXPECT_EQ(g.info().self_loops_dropped, c.self_loops);
  EXPECT_EQ(g.info().duplicates_dropped, 0u);
  EXPECT_EQ(g.info().has_weights, c.weighted);
  EXPECT_EQ(g.info().first_weight_out_of_range, "");
}

INSTANTIATE_TEST_SUITE_P(
    EdgeListFile, EdgeListShippedData,
    ::testing::Values(DataCase{"karate.txt", false, 1, 7, 34, 156, 0, true},
                      DataCase{"email-Eu-core.txt.gz", true, 0, 1, 1005, 24929, 642, false},
                      DataCase{"ca-GrQc.txt.gz", false, 0, 1, 5242, 28968, 12, false},
                      DataCase{"bitcoin-otc.txt.gz", true, -10, 10, 5881, 35592, 0, true},
                      DataCase{"bitcoin-alpha.txt.gz", true, -10, 10, 3783, 24186, 0, true}),
    [](const auto& info) {
      std::string name = info.param.file;
      name = name.substr(0, name.find('.'));
      std::erase(name, '-');
      return name;
    });

TEST(EdgeListFile, ShippedKarateWeightsAndBitcoinIds) {
  EdgeFileOptions options;
  options.path = std::string(KOUBEI_DATA_DIR) + "/karate.txt";
  options.directed = false;
  options.weight_min = 1;
  options.weight_max = 7;
  Graph karate = load_edge_list(options);
  EXPECT_FLOAT_EQ(karate.out_trust(0)[0], 0.5f);  // "0 1 4"
  EXPECT_FLOAT_EQ(karate.out_trust(1)[0], 0.5f);  // the same edge, seen from 1

  // Default range 0..1: the first rating ("6 2 4" on line 2) is out of range.
  options.path = std::string(KOUBEI_DATA_DIR) + "/bitcoin-otc.txt.gz";
  options.directed = true;
  options.weight_min = 0;
  options.weight_max = 1;
  Graph otc = load_edge_list(options);
  EXPECT_EQ(otc.info().first_weight_out_of_range,
            options.path + ":2: weight 4 maps to trust 4, outside [0,1]");
  auto six = otc.find_node(6);
  auto two = otc.find_node(2);
  ASSERT_TRUE(six && two);
  EXPECT_EQ(otc.original_id(*six), 6u);
  EXPECT_EQ(otc.original_id(otc.num_nodes() - 1), 6005u);
  // Node 6 rated 1 (8), 2 (4) and 4 (2), so its row starts 1, 2.
  ASSERT_GE(otc.out_degree(*six), 2u);
  EXPECT_EQ(otc.out_neighbors(*six)[0], otc.find_node(1));
  EXPECT_EQ(otc.out_neighbors(*six)[1], *two);
  EXPECT_FLOAT_EQ(otc.out_trust(*six)[0], 8.0f);
  EXPECT_FLOAT_EQ(otc.out_trust(*six)[1], 4.0f);
}

}  // namespace
}  // namespace koubei
