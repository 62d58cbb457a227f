#include "koubei/batch/seeds_job.hpp"

#include <fmt/format.h>

#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/memory.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/seeding/influence_graph.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace {

std::shared_ptr<Graph> build(const GraphSpec& spec, const TrustModel& trust, std::uint64_t seed,
                             unsigned threads) {
  auto graph = std::make_shared<Graph>(spec.make(seed, threads));
  throw_if_interrupted();
  trust.apply(*graph, seed);
  logger().info("graph {}: {} nodes, {} arcs, {} in memory", spec.to_string(), graph->num_nodes(),
                graph->num_arcs(), format_bytes(graph->memory_bytes()));
  return graph;
}

std::string number(double x) { return fmt::format("{:.6g}", x); }

}  // namespace

SeedsReport choose_seeds(const SeedsJob& job) {
  SeedsReport report;
  auto graph = build(job.graph, job.trust, job.rng_seed, job.threads);
  report.graph = graph;
  report.selection = select_seeds(*graph, job.rule, job.seeding, job.rng_seed, job.threads);
  const SeedSelection& chosen = report.selection;
  if (job.estimate_runs > 0)
    report.estimate = monte_carlo_spread(*graph, chosen.rule, chosen.seeds, job.estimate_runs,
                                         job.rng_seed, job.threads);
  SeedsFileHeader& header = report.header;
  header.set("method", chosen.spec.describe());
  header.set("graph", job.graph.to_string());
  header.set("trust", job.trust.to_string());
  header.set("rule", influence_rule_name(chosen.rule));
  header.set("rng-seed", std::to_string(job.rng_seed));
  if (report.estimate) {
    header.set("estimate", number(report.estimate->mean));
    header.set("half-width-95", number(report.estimate->half_width()));
    header.set("runs", std::to_string(report.estimate->samples));
  }
  if (chosen.ratio > 0) {
    header.set("ratio", number(chosen.ratio));
    header.set("failure-probability", number(chosen.failure_probability));
  }
  if (chosen.own_estimate >= 0) header.set("own-estimate", number(chosen.own_estimate));
  if (chosen.rr_sets > 0) header.set("rr-sets", std::to_string(chosen.rr_sets));
  header.set("koubei", kVersion);
  report.file_text = seeds_file_text(*graph, chosen.seeds, header);
  return report;
}

std::string seeds_summary(const SeedsReport& report) {
  const SeedSelection& chosen = report.selection;
  std::string text = fmt::format("{} seeds by {} in {:.3f} s\n", chosen.seeds.size(),
                                 chosen.spec.describe(), chosen.seconds);
  if (report.estimate)
    text += fmt::format("expected spread (Monte Carlo, {} runs): {:.2f} ± {:.2f} (95%)\n",
                        report.estimate->samples, report.estimate->mean,
                        report.estimate->half_width());
  if (chosen.own_estimate >= 0)
    text += fmt::format("the method's own estimate (on the samples it chose from, biased up): {:.2f}\n",
                        chosen.own_estimate);
  text += fmt::format("guarantee: {}\n", chosen.guarantee());
  if (chosen.rr_sets > 0)
    text += fmt::format("RR sets drawn: {}, peak {} with their index\n", chosen.rr_sets,
                        format_bytes(chosen.peak_bytes));
  return text;
}

EstimateReport estimate_seeds(const EstimateJob& job) {
  const std::optional<SeedsFileHeader> header = read_seeds_header(job.seeds_file);
  EstimateReport report;
  report.rule = job.rule.value_or(InfluenceRule::kIc);
  if (header) {
    report.method = header->get("method").value_or("");
    if (!job.rule) {
      if (auto rule = header->get("rule")) {
        if (*rule == "lt") report.rule = InfluenceRule::kLt;
        else if (*rule != "ic")
          throw InputError(fmt::format("{}:1: rule={}: expected ic or lt", job.seeds_file, *rule));
      }
    }
  }
  auto graph = build(job.graph, job.trust, job.rng_seed, job.threads);
  const std::vector<NodeId> seeds = read_seed_file(job.seeds_file, *graph);
  report.seeds = seeds.size();
  report.monte_carlo =
      monte_carlo_spread(*graph, report.rule, seeds, job.reps, job.rng_seed, job.threads);
  bool rr_method = false;
  if (!report.method.empty()) {
    try {
      const SeedingSpec spec(report.method);
      rr_method = spec.method() == SeedingMethod::kImm || spec.method() == SeedingMethod::kOpimC;
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}:1: {}", job.seeds_file, e.what()));
    }
  }
  const std::uint64_t sets = job.rr_sets.value_or(rr_method ? 100'000 : 0);
  if (sets > 0) {
    const InfluenceGraph influence(*graph, report.rule, job.threads);
    report.rr = rr_spread(influence, seeds, sets, job.rng_seed, job.threads);
    const double se = std::hypot(report.monte_carlo.standard_error, report.rr->standard_error);
    report.agree = std::fabs(report.monte_carlo.mean - report.rr->mean) <= 5 * se;
  }
  return report;
}

std::string estimate_summary(const EstimateReport& report) {
  std::string text = fmt::format("{} seeds{} under {}\n", report.seeds,
                                 report.method.empty() ? "" : " chosen by " + report.method,
                                 influence_rule_name(report.rule));
  text += fmt::format("Monte Carlo ({} runs): {:.2f} ± {:.2f} (95%), standard error {:.3f}\n",
                      report.monte_carlo.samples, report.monte_carlo.mean,
                      report.monte_carlo.half_width(), report.monte_carlo.standard_error);
  if (report.rr)
    text += fmt::format(
        "RR sets ({} fresh): {:.2f} ± {:.2f} (95%), standard error {:.3f}; {} (|MC - RR| {} 5 "
        "combined standard errors)\n",
        report.rr->samples, report.rr->mean, report.rr->half_width(), report.rr->standard_error,
        report.agree ? "they agree" : "THEY DISAGREE", report.agree ? "<=" : ">");
  return text;
}

}  // namespace koubei
