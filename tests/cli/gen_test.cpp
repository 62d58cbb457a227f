// End-to-end tests of `koubei gen`: the edge list it writes reads back as the
// same graph with the same trust, so runs on it are identical.

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

using Gen = CliTest;

// Runs `koubei run` with `graph` and `trust` into `out` and checks it worked.
void run_scenario(CliTest& test, const std::string& graph, const std::string& trust,
                  const std::string& out, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"run",        "--graph", graph,    "--trust", trust,
                                   "--rng-seed", "5",       "--reps", "6",       "--seeds",
                                   "10",         "--out",   out};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = test.dir.run(args);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
}

TEST_F(Gen, GeneratedEdgeListReadsBackAsTheSameGraph) {
  RunResult g = koubei({"gen", "--graph", "er:n=500,k=3", "--trust", "uniform:0.1:0.9",
                        "--rng-seed", "5", "--out", "g.txt"});
  ASSERT_EQ(g.exit_code, 0) << g.describe();
  EXPECT_TRUE(contains(g.out, "g.txt")) << g.out;
  ASSERT_TRUE(fs::is_regular_file(path("g.txt")));

  run_scenario(*this, "file:g.txt", "weight", "from-file");
  run_scenario(*this, "er:n=500,k=3", "uniform:0.1:0.9", "generated");
  CsvTable file_summary = csv("from-file/summary.csv");
  CsvTable generated_summary = csv("generated/summary.csv");
  ASSERT_EQ(file_summary.rows.size(), 6u);
  ASSERT_EQ(generated_summary.rows.size(), 6u);
  for (std::size_t i = 0; i < file_summary.rows.size(); ++i) {
    EXPECT_EQ(file_summary.num(i, "nodes"), 500);
    EXPECT_EQ(file_summary.num(i, "nodes"), generated_summary.num(i, "nodes"));
    EXPECT_EQ(file_summary.num(i, "arcs"), generated_summary.num(i, "arcs"));
  }
  // Same CSR arc order and trust, so the same cascades.
  EXPECT_TRUE(same_text(read("from-file/timeseries.csv"), read("generated/timeseries.csv")));
  EXPECT_TRUE(same_text(csv_without_column(read("from-file/summary.csv"), "wall_ms"),
                        csv_without_column(read("generated/summary.csv"), "wall_ms")));
  // And gen reports the counts it wrote.
  EXPECT_TRUE(contains(g.out, std::to_string(file_summary.num(0, "arcs")))) << g.out;
}

TEST_F(Gen, EdgeListHoldsEveryNodeAndArcWithTrustInRange) {
  RunResult g = koubei({"gen", "--graph", "er:n=500,k=3", "--trust", "uniform:0.1:0.9",
                        "--rng-seed", "5", "--out", "g.txt"});
  ASSERT_EQ(g.exit_code, 0) << g.describe();
  run_scenario(*this, "er:n=500,k=3", "uniform:0.1:0.9", "o");
  const long long arcs = csv("o/summary.csv").num(0, "arcs");

  std::set<unsigned long long> nodes;
  long long edge_lines = 0;
  for (const std::string& line : split_lines(read("g.txt"))) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    unsigned long long u = 0, v = 0;
    double w = 0;
    ASSERT_TRUE(fields >> u) << line;
    nodes.insert(u);
    if (fields >> v) {
      ASSERT_TRUE(fields >> w) << line;
      EXPECT_GE(w, 0.1) << line;
      EXPECT_LE(w, 0.9) << line;
      nodes.insert(v);
      ++edge_lines;
    }
  }
  EXPECT_EQ(nodes.size(), 500u) << "isolated nodes are listed too";
  EXPECT_EQ(*nodes.rbegin(), 499u);
  EXPECT_EQ(edge_lines, arcs);
}

TEST_F(Gen, SameSeedSameFileOtherSeedOtherFile) {
  auto gen = [&](const std::string& seed, const std::string& out) {
    RunResult g = koubei({"gen", "--graph", "ba:n=400,m=2", "--trust", "trivalency", "--rng-seed",
                          seed, "--out", out});
    ASSERT_EQ(g.exit_code, 0) << g.describe();
  };
  gen("1", "a.txt");
  gen("1", "b.txt");
  gen("2", "c.txt");
  // The header comment names the file; the data lines must match exactly.
  auto data = [&](const std::string& name) {
    std::string lines;
    for (const std::string& line : split_lines(read(name)))
      if (line.empty() || line[0] != '#') lines += line + "\n";
    return lines;
  };
  EXPECT_FALSE(data("a.txt").empty());
  EXPECT_TRUE(data("a.txt") == data("b.txt")) << "same seed, different edge lists";
  EXPECT_TRUE(data("a.txt") != data("c.txt")) << "different seeds, same edge list";
}

// `--out -` writes the edge list to standard output, and nothing else: the
// same lines as the file, so `koubei gen ... --out - | gzip` is a real use.
TEST_F(Gen, DashWritesTheEdgeListToStandardOutput) {
  RunResult file = koubei({"gen", "--graph", "ba:n=300,m=2", "--trust", "wc", "--out", "g.txt"});
  ASSERT_EQ(file.exit_code, 0) << file.describe();
  RunResult piped = koubei({"gen", "--graph", "ba:n=300,m=2", "--trust", "wc", "--out", "-"});
  ASSERT_EQ(piped.exit_code, 0) << piped.describe();
  EXPECT_FALSE(fs::exists(path("-")));
  auto data = [](const std::string& text) {
    std::string lines;
    for (const std::string& line : split_lines(text))
      if (line.empty() || line[0] != '#') lines += line + "\n";
    return lines;
  };
  EXPECT_GT(split_lines(piped.out).size(), 600u);
  EXPECT_TRUE(data(piped.out) == data(read("g.txt"))) << "stdout differs from the file";
  EXPECT_TRUE(piped.out.starts_with("# koubei ")) << piped.out.substr(0, 200);
  // Read back from a copy of what stdout held, it is the same graph.
  write("copy.txt", piped.out);
  run_scenario(*this, "file:copy.txt", "weight", "from-stdout");
  run_scenario(*this, "file:g.txt", "weight", "from-file");
  EXPECT_TRUE(same_text(read("from-stdout/timeseries.csv"), read("from-file/timeseries.csv")));
}

TEST_F(Gen, WeightedCascadeTrustSurvivesTheRoundTrip) {
  RunResult g = koubei(
      {"gen", "--graph", "ba:n=600,m=3", "--trust", "wc", "--rng-seed", "5", "--out", "wc.txt"});
  ASSERT_EQ(g.exit_code, 0) << g.describe();
  run_scenario(*this, "file:wc.txt", "weight", "from-file", {"--rule", "lt"});
  run_scenario(*this, "ba:n=600,m=3", "wc", "generated", {"--rule", "lt"});
  EXPECT_TRUE(same_text(read("from-file/timeseries.csv"), read("generated/timeseries.csv")));
}

TEST_F(Gen, RealGraphRoundTrip) {
  const std::string karate =
      "file:" + (kDataDir / "karate.txt").string() + ",directed=0,weight_min=0,weight_max=7";
  RunResult g = koubei({"gen", "--graph", karate, "--trust", "weight", "--out", "k.txt"});
  ASSERT_EQ(g.exit_code, 0) << g.describe();
  run_scenario(*this, "file:k.txt", "weight", "from-file");
  run_scenario(*this, karate, "weight", "original");
  CsvTable summary = csv("original/summary.csv");
  EXPECT_EQ(summary.num(0, "nodes"), 34);
  EXPECT_EQ(summary.num(0, "arcs"), 156);
  EXPECT_TRUE(same_text(read("from-file/timeseries.csv"), read("original/timeseries.csv")));
}

TEST_F(Gen, RealGraphsLoadWithTheirPublishedCounts) {
  struct Case {
    std::string spec;
    long long nodes, arcs;
  };
  const std::string data = kDataDir.string();
  for (const Case& c :
       {Case{"file:" + data + "/bitcoin-alpha.txt.gz,weight_min=-10,weight_max=10", 3783, 24186},
        Case{"file:" + data + "/email-Eu-core.txt.gz", 1005, 25571 - 642},
        Case{"file:" + data + "/ca-GrQc.txt.gz,directed=0", 5242, 28968}}) {
    SCOPED_TRACE(c.spec);
    const std::string trust = contains(c.spec, "bitcoin") ? "weight" : "wc";
    RunResult r = koubei(
        {"run", "--graph", c.spec, "--trust", trust, "--reps", "2", "--seeds", "20", "--out", "o"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    CsvTable summary = csv("o/summary.csv");
    ASSERT_EQ(summary.rows.size(), 2u);
    EXPECT_EQ(summary.num(0, "nodes"), c.nodes);
    EXPECT_EQ(summary.num(0, "arcs"), c.arcs);
  }
}

TEST_F(Gen, HelpListsItsOptions) {
  RunResult r = koubei({"gen", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (const char* option : {"--graph", "--trust", "--rng-seed", "--out"})
    EXPECT_TRUE(contains(r.out, option)) << option << " missing from\n" << r.out;
  EXPECT_TRUE(list_files(dir.work()).empty());
}

TEST_F(Gen, MissingOutIsBadInput) {
  RunResult r = koubei({"gen", "--graph", "er:n=100,k=3"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  const std::vector<std::string> messages = message_lines(r.err);
  ASSERT_EQ(messages.size(), 1u) << r.err;
  EXPECT_TRUE(contains(messages[0], "out")) << messages[0];
  EXPECT_TRUE(list_files(dir.work()).empty());
}

TEST_F(Gen, BadTrustWritesNothing) {
  RunResult r = koubei({"gen", "--graph", "er:n=100,k=3", "--trust", "const:7", "--out", "g.txt"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(message_lines(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(list_files(dir.work()).empty());
}

}  // namespace
}  // namespace koubei_cli_test
