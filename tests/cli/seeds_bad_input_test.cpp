// End-to-end tests of bad input to seed selection: `koubei seeds`,
// `koubei estimate`, seeding specs in `koubei run` (--seeds, INI files) and
// `koubei compare --seedings`. As everywhere (bad_input_test.cpp): exit code
// 2, one error line naming the culprit, nothing on stdout, no file left.

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

class SeedsBadInput : public BadInputTest {
 protected:
  RunResult expect_rejected(const std::vector<std::string>& args,
                            std::initializer_list<std::string_view> needles) {
    return BadInputTest::expect_rejected(args, needles, {"out", "seeds.out"});
  }

  // koubei seeds on a small graph, the seeds file to seeds.out.
  static std::vector<std::string> seeds(std::initializer_list<std::string> options) {
    std::vector<std::string> args = {"seeds", "--graph", "er:n=100,k=3", "--trust", "const:0.1"};
    args.insert(args.end(), options);
    return args;
  }
  static std::vector<std::string> seeds_to_file(std::initializer_list<std::string> options) {
    std::vector<std::string> args = seeds(options);
    args.insert(args.end(), {"--out", "seeds.out"});
    return args;
  }

  // koubei estimate on the same graph.
  static std::vector<std::string> estimate(std::initializer_list<std::string> options) {
    std::vector<std::string> args = {"estimate", "--graph", "er:n=100,k=3", "--trust", "const:0.1"};
    args.insert(args.end(), options);
    return args;
  }

  // koubei run or compare on the same graph, into out/.
  static std::vector<std::string> command(const std::string& name,
                                          std::initializer_list<std::string> options) {
    std::vector<std::string> args = {name,     "--graph", "er:n=100,k=3", "--trust", "const:0.1",
                                     "--reps", "2"};
    args.insert(args.end(), options);
    args.insert(args.end(), {"--out", "out"});
    return args;
  }
};

// ------------------------------------------------------------ koubei seeds

TEST_F(SeedsBadInput, SeedsUnknownMethodIsNamed) {
  expect_rejected(seeds_to_file({"--method", "nosuch", "--k", "5"}), {"nosuch", "unknown method"});
}

TEST_F(SeedsBadInput, SeedsWithoutKAsksForIt) {
  expect_rejected(seeds_to_file({"--method", "imm"}), {"--k"});
  expect_rejected(seeds_to_file({"--method", "degree"}), {"--k"});
}

TEST_F(SeedsBadInput, SeedsZeroKIsRefused) {
  expect_rejected(seeds_to_file({"--method", "imm", "--k", "0"}), {"imm:k=0", "k = 0"});
  expect_rejected(seeds_to_file({"--method", "random", "--k", "0"}), {"k = 0"});
}

TEST_F(SeedsBadInput, SeedsMoreThanTheGraphsNodesNamesBoth) {
  for (const char* method : {"imm", "degree", "random"}) {
    SCOPED_TRACE(method);
    expect_rejected(seeds_to_file({"--method", method, "--k", "200"}), {"k = 200", "100 nodes"});
  }
  expect_rejected(seeds({"--method", "imm", "--k", "200", "--out", "-"}), {"k = 200"});
  expect_rejected({"seeds", "--graph", "file:" + (kDataDir / "karate.txt").string(), "--trust",
                   "const:0.1", "--method", "degree", "--k", "35", "--out", "seeds.out"},
                  {"k = 35", "34 nodes"});
}

TEST_F(SeedsBadInput, SeedsEpsilonOutsideItsRangeIsNamed) {
  expect_rejected(seeds_to_file({"--method", "imm", "--k", "5", "--epsilon", "0"}),
                  {"epsilon = 0 is outside"});
  expect_rejected(seeds_to_file({"--method", "opim-c", "--k", "5", "--epsilon", "2"}),
                  {"epsilon = 2 is outside"});
}

TEST_F(SeedsBadInput, SeedsNegativeEllIsNamed) {
  expect_rejected(seeds_to_file({"--method", "imm", "--k", "5", "--ell", "-1"}),
                  {"ell = -1 is outside"});
}

TEST_F(SeedsBadInput, SeedsRuleOtherThanIcOrLtIsNamed) {
  expect_rejected(seeds_to_file({"--method", "imm", "--k", "5", "--rule", "sir"}),
                  {"--rule sir", "ic or lt"});
}

TEST_F(SeedsBadInput, SeedsWholeSpecInMethodTakesNoK) {
  expect_rejected(seeds_to_file({"--method", "imm:k=5", "--k", "5"}),
                  {"--method imm:k=5", "whole spec"});
  expect_rejected(seeds_to_file({"--method", "celf:k=5", "--runs", "10"}),
                  {"--method celf:k=5", "whole spec"});
}

TEST_F(SeedsBadInput, SeedsOutNamingADirectoryIsRefusedAndKept) {
  fs::create_directory(path("d"));
  expect_rejected(seeds({"--method", "degree", "--k", "5", "--out", "d"}), {"'d'", "a directory"});
  EXPECT_TRUE(fs::is_directory(path("d")));
  EXPECT_TRUE(fs::is_empty(path("d")));
}

TEST_F(SeedsBadInput, SeedsOutIntoAMissingDirectoryIsNamed) {
  expect_rejected(seeds({"--method", "degree", "--k", "5", "--out", "missing/seeds.txt"}),
                  {"missing/seeds.txt"});
  EXPECT_FALSE(fs::exists(path("missing")));
}

// ------------------------------------------------------------ koubei estimate

TEST_F(SeedsBadInput, EstimateMissingSeedsFileIsNamed) {
  expect_rejected(estimate({"--seeds-file", "nosuch-seeds.txt"}), {"nosuch-seeds.txt"});
}

TEST_F(SeedsBadInput, EstimateMalformedHeaderNamesFileLineAndField) {
  write("seeds.txt", "# koubei seeds: =x\n1\n2\n");
  expect_rejected(estimate({"--seeds-file", "seeds.txt"}), {"seeds.txt:1:", "'=x'"});
}

// What the header says is checked as if it were typed: a method and a rule.
TEST_F(SeedsBadInput, EstimateHeaderWithABadMethodOrRuleNamesIt) {
  write("method.txt", "# koubei seeds: method=nosuch:k=2\n1\n2\n");
  expect_rejected(estimate({"--seeds-file", "method.txt"}), {"method.txt:1:", "nosuch"});
  write("rule.txt", "# koubei seeds: method=degree:k=2; rule=sir\n1\n2\n");
  expect_rejected(estimate({"--seeds-file", "rule.txt"}), {"rule.txt:1:", "rule=sir"});
}

TEST_F(SeedsBadInput, EstimateSeedsFileIdThatIsNotANode) {
  write("seeds.txt", "# koubei seeds: method=degree:k=2\n1\n500\n");
  expect_rejected(estimate({"--seeds-file", "seeds.txt"}), {"seeds.txt:3:", "500"});
}

TEST_F(SeedsBadInput, EstimateZeroRepsIsRefused) {
  write("seeds.txt", "1\n2\n");
  expect_rejected(estimate({"--seeds-file", "seeds.txt", "--reps", "0"}), {"reps = 0"});
}

TEST_F(SeedsBadInput, EstimateRuleOtherThanIcOrLtIsNamed) {
  write("seeds.txt", "1\n2\n");
  expect_rejected(estimate({"--seeds-file", "seeds.txt", "--rule", "sir"}),
                  {"--rule sir", "ic or lt"});
}

// ------------------------------------------------------------ koubei run --seeds

TEST_F(SeedsBadInput, RunUnknownSeedingMethodIsNamed) {
  expect_rejected(command("run", {"--seeds", "nosuch:k=5"}), {"nosuch", "unknown method"});
}

TEST_F(SeedsBadInput, RunSeedingWithZeroKIsNamed) {
  expect_rejected(command("run", {"--seeds", "imm:k=0"}), {"imm:k=0", "k = 0"});
}

TEST_F(SeedsBadInput, RunSeedingWithANonNumericEpsilonIsNamed) {
  expect_rejected(command("run", {"--seeds", "imm:k=5,epsilon=x"}), {"imm:k=5,epsilon=x", "'x'"});
}

TEST_F(SeedsBadInput, RunSeedingWithMoreSeedsThanNodesNamesBoth) {
  expect_rejected(command("run", {"--seeds", "degree:k=200"}), {"degree:k=200", "100 nodes"});
}

TEST_F(SeedsBadInput, RunSeedingInAnIniFileNamesFileAndLine) {
  write("s.ini", "graph = er:n=100,k=3\n\nseeds = imm:k=5,epsilon=2\n");
  expect_rejected({"run", "--config", "s.ini", "--out", "out"},
                  {"s.ini:3:", "imm:k=5,epsilon=2", "epsilon = 2"});
}

// ------------------------------------------------------------ koubei compare --seedings

TEST_F(SeedsBadInput, CompareBadSeedingIsNamed) {
  expect_rejected(command("compare", {"--rules", "ic", "--seedings", "random:k=5;nosuch:k=5"}),
                  {"nosuch:k=5", "unknown method"});
  expect_rejected(
      command("compare", {"--rules", "ic", "--seedings", "random:k=5;imm:k=5,epsilon=2"}),
      {"imm:k=5,epsilon=2"});
}

// compare makes its output directory before the seedings are checked against
// the rest: a directory it made is taken away again (at commit 35d745c an
// empty out/ was left behind).
TEST_F(SeedsBadInput, CompareSeedingsTogetherWithASeedsFileIsRefused) {
  write("seeds.txt", "1\n2\n");
  expect_rejected(command("compare", {"--rules", "ic", "--seedings", "random:k=5;degree:k=5",
                                      "--seeds-file", "seeds.txt"}),
                  {"--seedings", "seeds-file"});
}

// Refused once the graph is built, after out/ was made (and after the other
// seeding's replicates ran): out/ is taken away again, as above.
TEST_F(SeedsBadInput, CompareSeedingWithMoreSeedsThanNodesIsNamed) {
  expect_rejected(command("compare", {"--rules", "ic", "--seedings", "random:k=5;degree:k=200"}),
                  {"degree:k=200", "100 nodes"});
}

}  // namespace
}  // namespace koubei_cli_test
