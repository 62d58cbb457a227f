// Golden outputs: a fixed set of commands (every rule, the three examples at
// a reduced scale, a sweep, compare, arms, --trace, a graph with communities
// under the model, gen) whose files and stdout must not change unless a
// commit says why. Timings are taken out first (the columns wall_ms,
// arcs_per_second and wall_ms_per_replicate, and stdout's wall times and
// the compare table's two timing columns; command.txt, which names the
// binary's path); each remaining output is then
// fingerprinted (64-bit FNV-1a of its bytes) and compared with
// tests/golden/fingerprints.txt.
//
// When a result changes on purpose, rewrite the list and the normalized
// outputs with
//   KOUBEI_GOLDEN_RECORD=DIR build/release/tests/koubei_cli_tests --gtest_filter='Golden*'
// which writes DIR/fingerprints.txt (copy it to tests/golden/) and every
// normalized output under DIR, so that a build of the commit before can
// record its own DIR for `diff -r`.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

struct Command {
  std::string name;               // also the output directory
  std::vector<std::string> args;  // without --out
};

std::vector<Command> commands() {
  const std::string examples = (kSourceDir / "examples").string();
  const std::string ba = "ba:n=3000,m=3";
  std::vector<Command> list;
  auto rule = [&](const std::string& name, const std::string& spec, const std::string& trust,
                  std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", "--graph", ba, "--trust", trust, "--rule", spec,
                                     "--seeds", "10", "--reps", "3", "--trace"};
    args.insert(args.end(), extra.begin(), extra.end());
    list.push_back({name, args});
  };
  rule("ic", "ic", "const:0.15");
  rule("ic-runs", "ic:sampler=runs", "const:0.15");
  rule("ic-wc", "ic", "wc");
  rule("ic-trust1", "ic", "const:1");
  rule("lt", "lt", "wc");
  rule("complex", "complex:k=2", "const:0.5");
  rule("invite", "invite:k=2", "uniform:0:0.5");
  rule("sir", "sir:churn=0.3", "const:0.3");
  rule("sis", "sis:churn=0.3", "const:0.3", {"--steps", "30"});
  rule("bass", "bass:p=0.01,q=0.3", "const:0.5", {"--steps", "40"});
  rule("bass-global", "bass:p=0.01,q=0.3,scope=global", "const:0.5", {"--steps", "40"});
  for (const char* example : {"miui.ini", "ads_vs_wom.ini", "gmail_invites.ini"})
    list.push_back({example, {"run", "--config", examples + "/" + example, "--scale", "0.01",
                              "--reps", "2"}});
  list.push_back({"sbm-wom",
                  {"run", "--graph", "sbm:n=4000,communities=3,k_in=6,k_out=1", "--rule", "ic",
                   "--trust", "const:0.2", "--model", "wom", "--steps", "60", "--seeds", "5",
                   "--reps", "2", "--trace", "--open.start", "day:20"}});
  list.push_back({"arms",
                  {"run", "--graph", ba, "--trust", "const:0.1", "--seeds", "10", "--reps", "3",
                   "--arm", "higher: trust=const:0.2", "--arm", "lt: rule=lt; trust=wc"}});
  list.push_back({"sweep",
                  {"sweep", "--graph", "er:n=2000,k=4", "--rule", "ic", "--seeds", "5", "--reps",
                   "4", "--vary", "trust=const:0.2;const:0.3;const:0.5", "--timeseries", "all"}});
  list.push_back({"compare",
                  {"compare", "--graph", ba, "--trust", "wc", "--seeds", "10", "--reps", "4",
                   "--rules", "ic;lt;invite:k=2;bass:p=0,q=0.5"}});
  list.push_back({"gen", {"gen", "--graph", "ws:n=500,k=4,beta=0.1", "--trust", "trivalency"}});
  return list;
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Stdout without timings: "wall time 0.003 s on 2 threads" loses its
// seconds; the compare table loses its last two columns (arcs/s and
// ms/replicate).
std::string normalized_stdout(const std::string& name, const std::string& out) {
  std::string text = std::regex_replace(out, std::regex("wall time [0-9.e+-]+ s"), "wall time");
  const std::string source = kSourceDir.string();
  for (std::size_t at; (at = text.find(source)) != std::string::npos;)
    text.replace(at, source.size(), "SOURCE");
  if (name != "compare") return text;
  const std::regex last_two(R"(\s+\S+\s+\S+\s*$)");
  std::ostringstream kept;
  for (const std::string& line : split_lines(text)) {
    const bool row = line.find("±") != std::string::npos || line.rfind("rule ", 0) == 0;
    kept << (row ? std::regex_replace(line, last_two, "") : line) << '\n';
  }
  return kept.str();
}

// A file without timings, and with the source tree's path (the examples'
// config files name it) replaced by SOURCE, so that any clone compares.
std::string normalized_file(const fs::path& file) {
  std::string text = read_file(file);
  const std::string source = kSourceDir.string();
  for (std::size_t at; (at = text.find(source)) != std::string::npos;)
    text.replace(at, source.size(), "SOURCE");
  if (file.extension() != ".csv") return text;
  for (const char* column : {"wall_ms", "arcs_per_second", "wall_ms_per_replicate"})
    text = csv_without_column(text, column);
  return text;
}

class Golden : public CliTest {};

TEST_F(Golden, OutputsMatchTheRecordedFingerprints) {
  std::map<std::string, std::string> actual;  // output -> its normalized text
  for (const Command& c : commands()) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--out", c.name + (c.name == "gen" ? ".txt" : "")});
    const RunResult r = koubei(args);
    ASSERT_EQ(r.exit_code, 0) << c.name << "\n" << r.describe();
    actual[c.name + "/stdout"] = normalized_stdout(c.name, r.out);
    if (c.name == "gen") {
      actual["gen/graph.txt"] = normalized_file(path("gen.txt"));
      continue;
    }
    for (const auto& entry : fs::directory_iterator(path(c.name)))
      // command.txt names the binary's path, which differs between builds.
      if (entry.is_regular_file() && entry.path().filename() != "command.txt")
        actual[c.name + "/" + entry.path().filename().string()] = normalized_file(entry.path());
  }

  std::string fingerprints;
  for (const auto& [output, text] : actual) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(text)));
    fingerprints += std::string(hex) + "  " + output + "\n";
  }
  if (const char* record = std::getenv("KOUBEI_GOLDEN_RECORD")) {
    const fs::path dir = record;
    for (const auto& [output, text] : actual) {
      fs::create_directories((dir / output).parent_path());
      write_file(dir / output, text);
    }
    write_file(dir / "fingerprints.txt", fingerprints);
  }
  EXPECT_TRUE(same_text(read_file(kSourceDir / "tests/golden/fingerprints.txt"), fingerprints))
      << "an output changed; if on purpose, record again (see the file's comment) and say why "
         "in the commit";
}

}  // namespace
}  // namespace koubei_cli_test
