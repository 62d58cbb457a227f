#include "koubei/plot/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <vector>

#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/csv_table.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/io/text_file.hpp"
#include "koubei/plot/axis.hpp"
#include "koubei/plot/plot.hpp"
#include "koubei/plot/text.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

/// A count or mean for a table: thousands separated, one decimal at most.
std::string figure(double value) {
  if (!std::isfinite(value)) return "";
  return with_thousands(std::round(value * 10) / 10);
}

std::string interval(double lo, double hi) { return fmt::format("[{}, {}]", figure(lo), figure(hi)); }

std::string percent(double share) { return fmt::format("{:.2f}%", 100 * share); }

/// A table: a header row, then rows of cells (already escaped HTML).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string note;  // below the table

  std::string html() const {
    std::string out = "<table class=\"results\">\n<thead><tr>";
    for (const std::string& h : header) out += "<th>" + html_escape(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
      out += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "<td>" : "<td class=\"n\">") + row[i] + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    if (!note.empty()) out += "<p class=\"note\">" + note + "</p>\n";
    return out;
  }
};

std::optional<std::string> read_if_there(const fs::path& file) {
  if (!fs::exists(file)) return std::nullopt;
  return read_text_file(file);
}

/// `key = value` of an INI text, if there.
std::optional<std::string> ini_value(const std::string& ini, std::string_view key) {
  std::size_t at = 0;
  while (at < ini.size()) {
    std::size_t end = ini.find('\n', at);
    if (end == std::string::npos) end = ini.size();
    const std::string_view line(ini.data() + at, end - at);
    if (line.starts_with(key) && line.substr(key.size()).starts_with(" = ")) {
      return std::string(line.substr(key.size() + 3));
    }
    if (line.starts_with("[")) break;  // top-level keys only
    at = end + 1;
  }
  return std::nullopt;
}


/// Per run (or point) number, the rows of summary.csv.
std::map<std::uint32_t, std::vector<std::size_t>> rows_by_run(const CsvTable& summary) {
  const std::size_t run = summary.column("run");
  std::map<std::uint32_t, std::vector<std::size_t>> out;
  for (std::size_t r = 0; r < summary.rows(); ++r) out[summary.count(r, run)].push_back(r);
  return out;
}

Estimate column_estimate(const CsvTable& table, const std::vector<std::size_t>& rows, std::string_view column) {
  std::vector<double> values;
  const std::optional<std::size_t> c = table.find(column);
  if (!c) return {};
  for (std::size_t r : rows)
    if (!table.text(r, *c).empty()) values.push_back(table.number(r, *c));
  return estimate(values);
}

std::string mean_and_interval(const Estimate& e) {
  if (e.n == 0) return "";
  return fmt::format("{} <span class=\"ci\">{}</span>", figure(e.mean), interval(e.lo, e.hi));
}

/// The arms' names in runs.csv order; none for a run without arms.
std::vector<std::string> arm_names(const fs::path& dir) {
  std::vector<std::string> arms;
  if (!fs::exists(dir / "runs.csv")) return arms;
  const CsvTable runs = CsvTable::read(dir / "runs.csv");
  for (std::size_t r = 0; r < runs.rows(); ++r) arms.push_back(runs.text(r, runs.column("arm")));
  return arms;
}

Table run_table(const fs::path& dir) {
  const CsvTable summary = CsvTable::read(dir / "summary.csv");
  const std::vector<std::string> arms = arm_names(dir);
  Table t;
  // Money only when ads ran.
  bool cost = false;
  if (const std::optional<std::size_t> c = summary.find("total_cost"))
    for (std::size_t r = 0; r < summary.rows(); ++r) cost = cost || summary.number(r, *c) != 0;
  t.header = {arms.empty() ? "run" : "arm", "replicates", "final adopters (95% CI)", "of users", "ever adopted",
              "final churned", "day of 50% (reached)"};
  if (cost) t.header.push_back("total cost");
  for (const auto& [run, rows] : rows_by_run(summary)) {
    const Estimate final_adopters = column_estimate(summary, rows, "final_adopters");
    const double nodes = summary.number(rows.front(), summary.column("nodes"));
    const Estimate half = column_estimate(summary, rows, "t_50pct");
    const std::size_t index = run;
    t.rows.push_back({html_escape(index < arms.size() ? arms[index] : fmt::format("{}", run)),
                      fmt::format("{}", rows.size()), mean_and_interval(final_adopters),
                      nodes > 0 ? percent(final_adopters.mean / nodes) : "",
                      mean_and_interval(column_estimate(summary, rows, "ever_adopted")),
                      mean_and_interval(column_estimate(summary, rows, "final_churned")),
                      half.n ? fmt::format("{} ({})", figure(half.mean), half.n) : "never"});
    if (cost) t.rows.back().push_back(mean_and_interval(column_estimate(summary, rows, "total_cost")));
  }
  t.note = "Means over the replicates, with the 95% interval of the mean (Student t) in brackets.";
  return t;
}

Table sweep_table(const fs::path& dir) {
  const CsvTable points = CsvTable::read(dir / "points.csv");
  const CsvTable summary = CsvTable::read(dir / "summary.csv");
  const auto by_point = rows_by_run(summary);
  Table t;
  t.header = points.header();
  for (const char* h : {"replicates", "final adopters (95% CI)", "of users", "ever adopted"}) t.header.push_back(h);
  for (std::size_t p = 0; p < points.rows(); ++p) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < points.header().size(); ++c) row.push_back(html_escape(points.text(p, c)));
    const auto found = by_point.find(points.count(p, points.column("point")));
    if (found == by_point.end()) {
      for (const char* cell : {"0", "every replicate failed", "", ""}) row.push_back(cell);
    } else {
      const Estimate e = column_estimate(summary, found->second, "final_adopters");
      const double nodes = summary.number(found->second.front(), summary.column("nodes"));
      row.push_back(fmt::format("{}", found->second.size()));
      row.push_back(mean_and_interval(e));
      row.push_back(nodes > 0 ? percent(e.mean / nodes) : "");
      row.push_back(mean_and_interval(column_estimate(summary, found->second, "ever_adopted")));
    }
    t.rows.push_back(std::move(row));
  }
  t.note = "Per point, means over its replicates with the 95% interval of the mean in brackets.";
  if (fs::exists(dir / "failures.csv") && CsvTable::read(dir / "failures.csv").rows() > 0)
    t.note += " Some replicates failed: see failures.csv.";
  return t;
}

Table comparison_table(const fs::path& dir) {
  const CsvTable c = CsvTable::read(dir / "comparison.csv");
  Table t;
  t.header = {"rule", "seeding", "replicates", "final adopters (95% CI)", "of users", "t 50%", "arcs/s",
              "ms/replicate"};
  for (std::size_t r = 0; r < c.rows(); ++r) {
    auto number = [&](const char* column) { return c.number(r, c.column(column)); };
    const std::string& half = c.text(r, c.column("t_50pct_mean"));
    t.rows.push_back({html_escape(c.text(r, c.column("rule"))), html_escape(c.text(r, c.column("seeding"))),
                      html_escape(c.text(r, c.column("replicates"))),
                      fmt::format("{} <span class=\"ci\">{}</span>", figure(number("final_adopters_mean")),
                                  interval(number("final_adopters_lo"), number("final_adopters_hi"))),
                      percent(number("final_fraction_mean")), half.empty() ? "" : figure(number("t_50pct_mean")),
                      fmt::format("{:.3g}", number("arcs_per_second")),
                      fmt::format("{:.3f}", number("wall_ms_per_replicate"))});
  }
  t.note = "Same graph, seed users and random streams for every row; arcs/s and ms/replicate are timings.";
  return t;
}

Table fit_table(const fs::path& dir) {
  const CsvTable v = CsvTable::read(dir / "validation.csv");
  Table t;
  t.header = {"target", "observed", "fitted model (95% CI)", "inside"};
  for (std::size_t r = 0; r < v.rows(); ++r) {
    auto number = [&](const char* column) { return v.number(r, v.column(column)); };
    t.rows.push_back({html_escape(v.text(r, v.column("target"))), figure(number("observed")),
                      fmt::format("{} <span class=\"ci\">{}</span>", figure(number("mean")),
                                  interval(number("lo"), number("hi"))),
                      html_escape(v.text(r, v.column("inside")))});
  }
  t.note = "The model: fresh replicates of the best point (validation.csv).";
  if (fs::exists(dir / "evaluations.csv")) {
    // The best evaluation's free parameters: the columns between stage and loss.
    const CsvTable e = CsvTable::read(dir / "evaluations.csv");
    const std::size_t stage = e.column("stage"), loss = e.column("loss");
    std::optional<std::size_t> best;
    for (std::size_t r = 0; r < e.rows(); ++r)
      if (!best || e.number(r, loss) < e.number(*best, loss)) best = r;
    if (best) {
      std::string parameters;
      for (std::size_t c = stage + 1; c < loss; ++c)
        parameters += fmt::format("{}<code>{} = {}</code>", parameters.empty() ? "" : ", ", html_escape(e.header()[c]),
                                  html_escape(e.text(*best, c)));
      t.note += fmt::format(" Best of {} evaluations (loss {}): {}.", e.rows(), html_escape(e.text(*best, loss)),
                            parameters);
    }
  }
  return t;
}

/// A plot on the page: what to draw, of which run, and its caption.
struct Figure {
  std::string what;
  std::size_t run = 0;
  std::string caption;
  std::string command;  // the `koubei plot` arguments that draw it alone
};

/// The plots of each kind of output: a run's channels once per arm.
std::vector<Figure> figures_of(const std::string& kind, const fs::path& dir) {
  if (kind == "sweep") return {{"sweep", 0, "Final adopters against the varied key", "--what sweep"}};
  if (kind == "comparison") return {{"compare", 0, "Adopters over the steps, per rule or seeding", "--what compare"}};
  if (kind == "fit") return {{"fit", 0, "Observed targets and the fitted model", "--what fit"}};
  std::vector<Figure> out = {{"curves", 0, "Users by state", "--what curves"}};
  const std::vector<std::string> arms = arm_names(dir);
  if (arms.size() <= 1) {
    out.push_back({"channels", 0, "Channels: reach and adoptions", "--what channels"});
  } else {
    for (std::size_t r = 0; r < arms.size(); ++r)
      out.push_back({"channels", r, "Channels of arm " + arms[r] + ": reach and adoptions",
                     fmt::format("--what channels --run {}", r)});
  }
  if (fs::exists(dir / "communities.csv")) out.push_back({"communities", 0, "Adopters per community", "--what communities"});
  return out;
}

constexpr std::string_view kStyle = R"(
body { font-family: 'DejaVu Sans', Verdana, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em;
       color: #202020; background: #ffffff; line-height: 1.4; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d0d0d0; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ci { color: #606060; font-size: 0.9em; }
.note, figcaption, footer { color: #505050; font-size: 0.9em; }
pre, code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.85em; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
figure { margin: 1em 0; } figure svg { width: 100%; height: auto; }
)";

std::string kind_sentence(const std::string& kind) {
  if (kind == "sweep") return "a sweep: a grid of scenarios, each run with the same replicates";
  if (kind == "comparison") return "a comparison: rules or seedings on the same graph and seeds";
  if (kind == "fit") return "a fit: a scenario calibrated to observed targets";
  return "a run: replicates of one scenario";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : clean_text(text, true)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string inline_svg(std::string_view svg, std::string_view prefix) {
  std::string text(svg);
  if (text.starts_with("<?xml")) text.erase(0, text.find("?>") + 2);
  if (const std::size_t doctype = text.find("<!DOCTYPE"); doctype != std::string::npos && doctype < text.find("<svg"))
    text.erase(doctype, text.find('>', doctype) + 1 - doctype);
  // Inside tags only: a text that reads "id='x'" is shown as it is.
  const std::string p(prefix);
  static const std::regex id(R"re(\sid=(['"]))re"), href(R"re(href=(['"])#)re"), url(R"re(url\(#)re");
  std::string out;
  out.reserve(text.size() + 1024);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('<', at);
    if (open == std::string::npos) {
      out.append(text, at);
      break;
    }
    out.append(text, at, open - at);
    const std::size_t close = text.find('>', open);
    std::string tag = text.substr(open, close == std::string::npos ? std::string::npos : close + 1 - open);
    tag = std::regex_replace(tag, id, " id=$1" + p);
    tag = std::regex_replace(tag, href, "href=$1#" + p);
    tag = std::regex_replace(tag, url, "url(#" + p);
    out += tag;
    at = close == std::string::npos ? text.size() : close + 1;
  }
  const std::size_t start = out.find("<svg");
  return start == std::string::npos ? out : out.substr(start);
}

std::string output_kind(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("'{}' is not a directory", dir.string()));
  if (fs::exists(dir / "validation.csv")) return "fit";
  if (fs::exists(dir / "comparison.csv")) return "comparison";
  if (fs::exists(dir / "points.csv")) return "sweep";
  if (fs::exists(dir / "summary.csv")) return "run";
  throw InputError(fmt::format("'{}' holds no output of koubei run, sweep, compare or fit (summary.csv, "
                               "points.csv, comparison.csv or validation.csv)",
                               dir.string()));
}

std::string report_html(const fs::path& dir) {
  const std::string kind = output_kind(dir);
  const std::string name = dir.lexically_normal().filename().empty()
                               ? dir.lexically_normal().parent_path().filename().string()
                               : dir.lexically_normal().filename().string();
  const std::optional<std::string> command = read_if_there(dir / "command.txt");
  const std::optional<std::string> config =
      read_if_there(dir / (kind == "fit" ? "best.ini" : "config.ini"));
  std::string version = "not recorded", seed = "not recorded";
  if (config) {
    if (config->starts_with("# koubei ")) {
      const std::size_t end = config->find_first_of(" \n", 9);
      version = config->substr(9, end - 9);
    }
    if (auto s = ini_value(*config, "rng-seed")) seed = *s;
  }

  std::string h;
  h += "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n";
  h += "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  h += fmt::format("<title>koubei report: {}</title>\n", html_escape(name));
  h += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  h += fmt::format("<h1>{}: koubei {}</h1>\n<p>{}.</p>\n", html_escape(name), html_escape(kind), kind_sentence(kind));

  h += "<h2>What was run</h2>\n<table class=\"facts\">\n";
  h += fmt::format("<tr><th>command</th><td><code>{}</code></td></tr>\n",
                   command ? html_escape(command->substr(0, command->find_last_not_of('\n') + 1))
                           : "not recorded (no command.txt)");
  h += fmt::format("<tr><th>koubei</th><td>{}</td></tr>\n", html_escape(version));
  h += fmt::format("<tr><th>master seed</th><td>{}</td></tr>\n", html_escape(seed));
  h += fmt::format("<tr><th>directory</th><td><code>{}</code></td></tr>\n</table>\n", html_escape(dir.string()));

  h += "<h2>Results</h2>\n";
  const Table table = kind == "sweep" ? sweep_table(dir)
                      : kind == "comparison" ? comparison_table(dir)
                      : kind == "fit" ? fit_table(dir)
                                      : run_table(dir);
  h += table.html();

  h += "<h2>Plots</h2>\n";
  int figure_number = 0;
  for (const Figure& f : figures_of(kind, dir)) {
    ++figure_number;
    try {
      const std::string svg = plot_svg(dir, f.what, f.run);
      h += fmt::format("<figure id=\"figure-{}\">\n{}\n<figcaption>Figure {}. {} (<code>koubei plot DIR {}</code>)."
                       "</figcaption>\n</figure>\n",
                       figure_number, inline_svg(svg, fmt::format("f{}-", figure_number)), figure_number,
                       html_escape(f.caption), f.command);
    } catch (const std::exception& e) {  // gnuplot missing or failing, a file it cannot draw
      h += fmt::format("<p class=\"note\">Figure {} ({}) is not drawn: {}</p>\n", figure_number,
                       html_escape(f.what), html_escape(e.what()));
    }
  }

  if (config) {
    const std::string command_name = kind == "comparison" ? "compare" : kind == "fit" ? "run" : kind;
    h += fmt::format("<h2>Configuration</h2>\n<p class=\"note\">{}: every key, defaults included; "
                     "<code>koubei {} --config</code> on it repeats {}.</p>\n<pre>{}</pre>\n",
                     kind == "fit" ? "best.ini, the best point" : "config.ini", command_name,
                     kind == "fit" ? "the best point" : "the " + kind, html_escape(*config));
  }

  h += "<h2>Files</h2>\n<ul>\n";
  std::vector<std::pair<std::string, std::uintmax_t>> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file()) files.push_back({entry.path().filename().string(), entry.file_size()});
  std::sort(files.begin(), files.end());
  for (const auto& [file, size] : files)
    h += fmt::format("<li><code>{}</code> ({} bytes)</li>\n", html_escape(file), with_thousands(static_cast<double>(size)));
  h += "</ul>\n";
  h += fmt::format("<footer><p>Written by koubei {} from the files above; it needs no network.</p></footer>\n",
                   kVersion);
  h += "</body>\n</html>\n";
  return h;
}

fs::path write_report(const fs::path& dir, const fs::path& out) {
  const fs::path page = out.empty() ? dir / "report.html" : out;
  std::string html = report_html(dir);
  const fs::path where = page.has_parent_path() ? page.parent_path() : fs::path(".");
  if (!fs::is_directory(where))
    throw InputError(fmt::format("'{}': no directory '{}' to write it into", page.string(), where.string()));
  const DirectoryLock lock(where);
  write_file_atomically(page, html);
  return page;
}

}  // namespace koubei
