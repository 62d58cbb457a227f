// koubei report and --plot: one self-contained page per output directory.
// xmllint accepts it (XHTML-compatible), every inline <svg> parses on its
// own, it names the command line, version and seed, its summary numbers are
// the test's own statistics of summary.csv, it fetches nothing, and headless
// Chromium renders it as more than a blank page. Without Chromium the
// screenshot test is skipped with a message (.ci/run installs it).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_test_util.hpp"
#include "plot_test_util.hpp"
#include "png_image.hpp"

namespace koubei_cli_test {
namespace {

const std::vector<std::string> kRun = {
    "run",     "--graph",       "er:n=3000,k=5", "--trust", "const:0.15", "--model",
    "wom",     "--seeds",       "5",             "--steps", "60",         "--reps",
    "3",       "--fast.start",  "day:0",         "--open.start", "day:35", "-q"};

/// Where `program` is on PATH, or "".
std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  std::size_t at = 0;
  while (at <= dirs.size()) {
    std::size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    const fs::path candidate = fs::path(dirs.substr(at, end - at)) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    at = end + 1;
  }
  return "";
}

int shell(const std::string& command) { return std::system(command.c_str()); }

/// A number as the report prints it: rounded to a tenth, thousands
/// separated, no trailing ".0".
std::string as_printed(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", std::round(value * 10) / 10);
  std::string s = text;
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  const std::size_t point = s.find('.') == std::string::npos ? s.size() : s.find('.');
  for (std::size_t i = point; i > 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

class Report : public BadInputTest {
 protected:
  /// xmllint accepts the page and each of its <svg> elements alone;
  /// returns how many <svg> it holds.
  std::size_t expect_well_formed(const std::string& page) {
    EXPECT_EQ(shell("xmllint --noout '" + path(page).string() + "'"), 0) << page << " is not well-formed XML";
    const std::string html = read(page);
    std::size_t count = 0, at = 0;
    while ((at = html.find("<svg", at)) != std::string::npos) {
      const std::size_t end = html.find("</svg>", at);
      EXPECT_NE(end, std::string::npos) << "an <svg> without its end";
      if (end == std::string::npos) break;
      const std::string file = "svg" + std::to_string(count) + ".svg";
      write(file, html.substr(at, end + 6 - at));
      EXPECT_EQ(shell("xmllint --noout '" + path(file).string() + "'"), 0) << "<svg> " << count << " does not parse";
      ++count;
      at = end;
    }
    // Nothing fetched: no script, no stylesheet or image from elsewhere.
    EXPECT_FALSE(contains(html, "<script")) << page;
    EXPECT_FALSE(contains(html, "<link")) << page;
    EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)=["'](https?:|//))"))) << page;
    return count;
  }
};

TEST_F(Report, RunPlotWritesTheCurvesAndAPageThatSaysWhatRanAndWhatCameOut) {
  RunResult r = koubei(with(kRun, {"--out", "m", "--plot"}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(fs::exists(path("m/curves.svg")));
  ASSERT_TRUE(fs::exists(path("m/report.html")));
  EXPECT_TRUE(contains(r.out, "m/report.html")) << r.out;
  EXPECT_EQ(expect_well_formed("m/report.html"), 2u) << "curves and channels (no communities on er)";

  const std::string html = read("m/report.html");
  const std::string command = read("m/command.txt");
  ASSERT_TRUE(command.ends_with(" --out m --plot\n")) << command;
  EXPECT_TRUE(contains(html, command.substr(0, command.size() - 1))) << "the command line";
  const std::string config = read("m/config.ini");
  const std::string version = config.substr(9, config.find(' ', 9) - 9);  // "# koubei X.Y.Z run"
  EXPECT_TRUE(contains(html, "<th>koubei</th><td>" + version + "</td>")) << version;
  const std::size_t seed = config.find("\nrng-seed = ") + 12;
  EXPECT_TRUE(contains(html, "<th>master seed</th><td>" + config.substr(seed, config.find('\n', seed) - seed)))
      << "the seed";
  EXPECT_TRUE(contains(html, "rule = ic")) << "the configuration";

  // The summary: the mean final adopters over the replicates, computed here.
  const CsvTable summary = csv("m/summary.csv");
  double sum = 0;
  for (std::size_t i = 0; i < summary.rows.size(); ++i) sum += summary.real(i, "final_adopters");
  const std::string mean = as_printed(sum / static_cast<double>(summary.rows.size()));
  EXPECT_TRUE(contains(html, "<td class=\"n\">" + mean + " <span class=\"ci\">[")) << mean << "\n" << html;
}

TEST_F(Report, ChromiumRendersItAsMoreThanABlankPage) {
  const std::string chromium = find_program("chromium");
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (Debian: apt-get install chromium); .ci/run installs it";
  ASSERT_EQ(koubei(with(kRun, {"--out", "m", "--plot"})).exit_code, 0);
  const std::string shot = path("shot.png").string();
  const int status = shell("cd '" + path("").string() + "' && timeout 120 '" + chromium +
                           "' --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1600 "
                           "--screenshot='" + shot + "' 'file://" + path("m/report.html").string() +
                           "' > chromium.log 2>&1");
  ASSERT_EQ(status, 0) << read("chromium.log");
  const PngImage image = decode_png(read("shot.png"));
  ASSERT_EQ(image.width, 1000u);
  std::size_t ink = 0;
  for (const auto& p : image.pixels) ink += p[0] < 200 || p[1] < 200 || p[2] < 200;
  EXPECT_GT(ink, image.pixels.size() / 50) << "the page is (nearly) blank";
  EXPECT_GT(image.count("#08306b"), 50u) << "no adopters curve (#08306b) on the page";
}

TEST_F(Report, SweepAndComparePlotAndReportTheirTables) {
  RunResult s = koubei({"sweep", "--graph", "er:n=2000,k=4", "--vary", "trust=const:0.1;const:0.3;const:0.5",
                        "--reps", "3", "--out", "s", "--plot", "-q"});
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  EXPECT_TRUE(fs::exists(path("s/sweep.svg")));
  EXPECT_EQ(expect_well_formed("s/report.html"), 1u);
  const std::string sweep = read("s/report.html");
  for (const char* value : {"const:0.1", "const:0.3", "const:0.5"})
    EXPECT_TRUE(contains(sweep, std::string(">") + value + "</td>")) << value;
  EXPECT_TRUE(contains(sweep, "koubei sweep")) << "a sweep's page";

  RunResult c = koubei({"compare", "--graph", "er:n=2000,k=4", "--trust", "const:0.3", "--rules", "ic;lt",
                        "--reps", "3", "--out", "c", "--plot", "-q"});
  ASSERT_EQ(c.exit_code, 0) << c.describe();
  EXPECT_TRUE(fs::exists(path("c/compare.svg")));
  EXPECT_EQ(expect_well_formed("c/report.html"), 1u);
  const CsvTable comparison = csv("c/comparison.csv");
  const std::string compare = read("c/report.html");
  for (std::size_t i = 0; i < comparison.rows.size(); ++i)
    EXPECT_TRUE(contains(compare, as_printed(comparison.real(i, "final_adopters_mean")) + " <span class=\"ci\">["))
        << i;
}

TEST_F(Report, AFitsPageHasItsTargetsAndBestParameters) {
  fs::create_directory(path("f"));
  write("f/validation.csv",
        "target,observed,mean,lo,hi,inside\nadopters@365,10000,10011.5,9500,10500,yes\n"
        "share_forum@adopters=0:10000,0.6,0.59,0.55,0.63,yes\n");
  write("f/evaluations.csv",
        "evaluation,stage,forum.members,loss,adopters@365,share_forum@adopters=0:10000\n"
        "0,global,0.3,0.5,9000,0.4\n1,local,0.281,0.0132,10011.5,0.59\n");
  write("f/best.ini", "# koubei 0.1.0 run, resolved configuration\ngraph = er:n=100,k=3\nrng-seed = 7\n");
  RunResult r = koubei({"report", "f"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(expect_well_formed("f/report.html"), 1u);
  const std::string html = read("f/report.html");
  EXPECT_TRUE(contains(html, "<td>share_forum@adopters=0:10000</td>"));
  EXPECT_TRUE(contains(html, "10,011.5 <span class=\"ci\">[9,500, 10,500]</span>")) << html;
  EXPECT_TRUE(contains(html, "<code>forum.members = 0.281</code>")) << "the best evaluation's parameters";
  EXPECT_TRUE(contains(html, "<th>master seed</th><td>7</td>"));
  EXPECT_TRUE(contains(html, "not recorded (no command.txt)"));
}

TEST_F(Report, WithoutGnuplotThePageSaysWhyItHasNoPlots) {
  ASSERT_EQ(koubei(with(kRun, {"--out", "m"})).exit_code, 0);
  const std::string path_before = getenv("PATH") ? getenv("PATH") : "";
  ::setenv("PATH", path("no-programs-here").c_str(), 1);
  RunResult r = koubei({"report", "m"});
  ::setenv("PATH", path_before.c_str(), 1);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string html = read("m/report.html");
  EXPECT_TRUE(contains(html, "is not drawn: gnuplot is not installed")) << html;
  EXPECT_FALSE(contains(html, "<svg"));
}

TEST_F(Report, CommandTxtHoldsTheCommandLineAsAShellReadsItBack) {
  RunResult r = koubei(with(kRun, {"--arm", "low: trust=const:0.1", "--arm", "it's: trust=const:0.3", "--out", "a"}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string command = read("a/command.txt");
  EXPECT_TRUE(command.ends_with(" --arm 'low: trust=const:0.1' --arm 'it'\\''s: trust=const:0.3' --out a\n"))
      << command;
  EXPECT_TRUE(contains(command, " run --graph er:n=3000,k=5 ")) << command;
}

TEST_F(Report, NewResultsTakeThePicturesOfTheOldOnesAway) {
  ASSERT_EQ(koubei(with(kRun, {"--out", "m", "--plot"})).exit_code, 0);
  ASSERT_EQ(koubei({"plot", "m", "--what", "channels", "--out", "m/channels.png"}).exit_code, 0);
  write("m/mine.txt", "a user's own file");
  ASSERT_EQ(koubei(with(kRun, {"--out", "m", "--rng-seed", "5"})).exit_code, 0);
  EXPECT_EQ(list_files(path("m")),
            (std::vector<std::string>{"command.txt", "config.ini", "mine.txt", "summary.csv", "timeseries.csv"}));
}

// Whatever the files hold (markup, quotes, "]]>", control characters,
// bytes that are not UTF-8, a line break in a name), the page and each of
// its SVGs stay well-formed, nothing leaks into gnuplot as a command, and
// no id is used twice on the page.
TEST_F(Report, HostileTextInTheFilesKeepsThePageWellFormed) {
  fs::create_directory(path("s"));
  const std::string hostile[] = {"<b>&amp;\"x\"</b>", "a]]>b", std::string("bell\x07nul"), "bad\xff\xfeutf8",
                                 "tab\tsystem('touch PWNED')"};
  std::string points = "point,\"trust <&>\"\n";
  std::string summary = "run,replicate,nodes,final_adopters\n";
  for (std::size_t i = 0; i < std::size(hostile); ++i) {
    std::string quoted = "\"";
    for (char c : hostile[i]) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    points += std::to_string(i) + "," + quoted + "\"\n";
    summary += std::to_string(i) + ",0,100," + std::to_string(10 * i + 1) + "\n";
  }
  write("s/points.csv", points);
  write("s/summary.csv", summary);
  write("s/command.txt", "koubei sweep --vary 'trust=<&>' \xff\n");
  RunResult plot = koubei({"plot", "s", "--what", "sweep"});
  ASSERT_EQ(plot.exit_code, 0) << plot.describe();
  EXPECT_EQ(shell("xmllint --noout '" + path("s/sweep.svg").string() + "'"), 0) << "the SVG alone";
  RunResult r = koubei({"report", "s"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(expect_well_formed("s/report.html"), 1u);
  EXPECT_FALSE(fs::exists(path("PWNED")));
  EXPECT_FALSE(fs::exists(path("s/PWNED")));
  // A directory whose name holds line breaks: its name is in the script's
  // comments and titles, never a command of its own.
  // (gnuplot would run the shell in a scratch directory: the file it would
  // touch is named by an environment variable, as a name holds no '/').
  const std::string evil = "evil\nsystem(\"touch $KOUBEI_TEST_PWNED\")\n#";
  fs::create_directory(path(evil));
  fs::copy_file(path("s/points.csv"), path(evil + "/points.csv"));
  fs::copy_file(path("s/summary.csv"), path(evil + "/summary.csv"));
  ::setenv("KOUBEI_TEST_PWNED", path("PWNED").c_str(), 1);
  RunResult evil_plot = koubei({"plot", evil, "--what", "sweep"});
  ::unsetenv("KOUBEI_TEST_PWNED");
  EXPECT_EQ(evil_plot.exit_code, 0) << evil_plot.describe();
  EXPECT_TRUE(fs::exists(path(evil + "/sweep.svg")));
  EXPECT_FALSE(fs::exists(path("PWNED")));
  EXPECT_FALSE(fs::exists(path(evil + "/PWNED")));
  const std::string html = read("s/report.html");
  EXPECT_TRUE(contains(html, "&lt;b&gt;&amp;amp;&quot;x&quot;&lt;/b&gt;")) << "escaped, not markup";
}

TEST_F(Report, ARunWithArmsShowsEachArmsChannels) {
  RunResult r = koubei(with(kRun, {"--arm", "low: trust=const:0.1", "--arm", "high: trust=const:0.3", "--out", "a",
                                   "--plot"}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(expect_well_formed("a/report.html"), 3u) << "curves, and channels of each arm";
  const std::string html = read("a/report.html");
  EXPECT_TRUE(contains(html, "Channels of arm low")) << html;
  EXPECT_TRUE(contains(html, "Channels of arm high")) << html;
  EXPECT_TRUE(contains(html, "<code>koubei plot DIR --what channels --run 1</code>")) << html;
  EXPECT_TRUE(contains(html, "<td>low</td>")) << "the summary's rows are the arms";
}

TEST_F(Report, NoIdIsUsedTwiceOnAPageOfSeveralPlots) {
  std::vector<std::string> args = with(kRun, {"--out", "m", "--plot"});
  args.at(2) = "sbm:n=3000,communities=3,k_in=5,k_out=0.3";
  ASSERT_EQ(koubei(args).exit_code, 0);
  EXPECT_EQ(expect_well_formed("m/report.html"), 3u) << "curves, channels, communities";
  const std::string html = read("m/report.html");
  std::map<std::string, int> ids;
  const std::regex id(R"re(\sid=(["'])([^"']*)\1)re");
  for (std::sregex_iterator m(html.begin(), html.end(), id), end; m != end; ++m) ++ids[(*m)[2]];
  EXPECT_GT(ids.size(), 10u);
  for (const auto& [name, count] : ids) EXPECT_EQ(count, 1) << "id '" << name << "'";
}

TEST_F(Report, BadInputIsExit2AndWritesNothing) {
  fs::create_directory(path("empty"));
  expect_rejected({"report", "empty"}, {"'empty' holds no output of koubei run, sweep, compare or fit"});
  expect_rejected({"report", "missing"}, {"'missing' is not a directory"});
  ASSERT_EQ(koubei(with(kRun, {"--out", "m"})).exit_code, 0);
  expect_rejected({"report", "m", "--out", "nowhere/r.html"}, {"no directory 'nowhere'"});
  EXPECT_FALSE(fs::exists(path("m/report.html")));
  // --plot with no time series to draw is refused before anything runs.
  expect_rejected(with(kRun, {"--out", "n", "--plot", "--timeseries", "none"}), {"--plot", "--timeseries none"});
  EXPECT_FALSE(fs::exists(path("n/summary.csv")));
}

}  // namespace
}  // namespace koubei_cli_test
