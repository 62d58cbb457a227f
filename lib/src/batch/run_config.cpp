#include "koubei/batch/run_config.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <thread>

#include "koubei/core/error.hpp"
#include "koubei/core/options.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace po = boost::program_options;
namespace {

// Limits that catch typos before they become hours of work or a huge
// allocation; each is far beyond what one machine runs in a day.
constexpr std::int64_t kMaxSteps = 1'000'000'000;
constexpr std::int64_t kMaxThreads = 1024;
constexpr std::int64_t kMaxReplicates = 100'000'000;

void check_replicates(const std::string& replicates) {
  auto colon = replicates.find(':');
  std::optional<std::int64_t> a = parse_int64(replicates.substr(0, colon)), b;
  if (colon != std::string::npos) b = parse_int64(replicates.substr(colon + 1));
  if (!a || !b || *a < 0 || *b < *a || *b > 0xFFFFFFFELL || *b - *a >= kMaxReplicates)
    throw InputError(
        fmt::format("replicates '{}': expected A:B with 0 <= A <= B < 2^32 - 1 and at most {} "
                    "replicates, e.g. 7:7 or 0:99",
                    replicates, kMaxReplicates));
}

void check_scale(double scale) {
  if (!(scale > 0 && scale <= 1))
    throw InputError(fmt::format("scale = {} is outside (0, 1]", scale));
}

}  // namespace

void RunConfig::add_options(po::options_description& options) {
  // clang-format off
  options.add_options()
    ("graph", with_default(&graph),
     "graph spec: ba:n=,m= | er:n=,k= | ws:n=,k=,beta= | sbm:n=,communities=,k_in=,k_out= | "
     "file:PATH[,directed=0|1][,weight_min=,weight_max=][,duplicates=keep]")
    ("trust", with_default(&trust),
     "trust per arc: const:P | uniform:A:B | wc | trivalency | weight | tie[:LO:HI]")
    ("rule", with_default(&rule), ("diffusion rule: " + rule_usages()).c_str())
    ("seeds", with_default(&seeds),
     ("seed users: N drawn at random in every replicate, or one set for every replicate "
      "chosen by " + std::string(SeedingSpec::usage())).c_str())
    ("seeds-file", po::value(&seeds_file),
     "file of seed users (original node ids, one per line); replaces --seeds")
    ("steps", within(&steps, "steps", 0, kMaxSteps),
     "maximum steps per replicate; 0 runs until nothing changes")
    ("reps", within(&reps, "reps", 1, kMaxReplicates), "number of replicates (0..reps-1)")
    ("replicates", (new CheckedValue<std::string>(&replicates, check_replicates)),
     "replicates A:B (inclusive) instead of 0..reps-1, e.g. 7:7")
    ("rng-seed", whole_number(&rng_seed, "rng-seed"), "master random seed")
    ("threads", within(&threads, "threads", 0, kMaxThreads), "worker threads; 0 uses all cores")
    ("out", checked<std::string>(&out, [](const std::string& dir) {
       if (dir.empty()) throw InputError("out must name a directory");
     }), "output directory")
    ("trace", with_default(&trace)->implicit_value(true),
     "also write referrals.csv: who brought whom in")
    ("scale", checked<double>(&scale, check_scale),
     "run at a reduced size: graph n, seeds, adopter milestones and ad budget times SCALE")
    ("arm", po::value(&arms)->composing(),
     "an arm to compare, 'NAME: key=value; key=value' on top of the rest (repeatable)");
  // clang-format on
  model.add_options(options);
}

std::uint32_t RunConfig::first_replicate() const {
  if (replicates.empty()) return 0;
  return static_cast<std::uint32_t>(*parse_int64(replicates.substr(0, replicates.find(':'))));
}

std::uint32_t RunConfig::last_replicate() const {
  if (replicates.empty()) return static_cast<std::uint32_t>(reps - 1);
  return static_cast<std::uint32_t>(*parse_int64(replicates.substr(replicates.find(':') + 1)));
}

unsigned RunConfig::thread_count() const {
  if (threads > 0) return static_cast<unsigned>(threads);
  return std::max(1u, std::thread::hardware_concurrency());
}

void RunConfig::validate() const {
  // The options check each value as they read it; this checks a struct
  // filled in by a program, and what depends on two values.
  auto require = [](const char* option, std::int64_t value, std::int64_t lo, std::int64_t hi) {
    if (value < lo || value > hi)
      throw InputError(fmt::format("{} = {} is outside [{}, {}]", option, value, lo, hi));
  };
  if (seeds.k() == 0 && seeds_file.empty())
    throw InputError("seeds = 0: a run needs at least one seed user (or a seeds-file)");
  require("steps", steps, 0, kMaxSteps);
  require("threads", threads, 0, kMaxThreads);
  if (replicates.empty())
    require("reps", reps, 1, kMaxReplicates);
  else
    check_replicates(replicates);
  if (out.empty()) throw InputError("out must name a directory");
  model.validate();
  check_scale(scale);
  if (model.enabled && steps == 0)
    throw InputError("model = wom runs day by day: set the number of days with --steps");
}

RunConfig RunConfig::with(const std::vector<std::pair<std::string, std::string>>& settings,
                          std::string_view where) const {
  RunConfig copy = *this;
  copy.arms.clear();
  std::vector<std::string> arguments;
  for (const auto& [key, value] : settings) {
    // Options of the command, not of the scenario: a point or an arm that set
    // them would change nothing.
    if (key == "out" || key == "threads" || key == "arm" || key == "config")
      throw InputError(fmt::format(
          "{}: '{}' is not part of a scenario and cannot change per point or arm", where, key));
    arguments.push_back(fmt::format("--{}={}", key, value));
  }
  po::options_description options;
  copy.add_options(options);
  try {
    po::variables_map values;
    po::store(po::command_line_parser(arguments).options(options).run(), values);
    po::notify(values);
  } catch (const po::error& e) {
    throw InputError(fmt::format("{}: {}", where, option_error_message(e)));
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  }
  copy.validate();
  return copy;
}

std::vector<std::pair<std::string, RunConfig>> RunConfig::expand_arms() const {
  std::vector<std::pair<std::string, RunConfig>> result;
  if (arms.empty()) {
    result.emplace_back("", *this);
    return result;
  }
  for (const std::string& arm : arms) {
    const auto colon = arm.find(':');
    const std::string name(trim(std::string_view(arm).substr(0, colon)));
    if (colon == std::string::npos || name.empty())
      throw InputError(fmt::format("arm '{}': expected 'NAME: key=value; key=value'", arm));
    std::vector<std::pair<std::string, std::string>> settings;
    const std::string body = arm.substr(colon + 1);
    for (std::size_t start = 0; start <= body.size();) {
      const std::size_t end = std::min(body.find(';', start), body.size());
      const std::string item(trim(std::string_view(body).substr(start, end - start)));
      start = end + 1;
      if (item.empty()) continue;
      const auto eq = item.find('=');
      if (eq == std::string::npos)
        throw InputError(fmt::format("arm '{}': '{}' is not key=value", name, item));
      settings.emplace_back(std::string(trim(std::string_view(item).substr(0, eq))),
                            std::string(trim(std::string_view(item).substr(eq + 1))));
    }
    result.emplace_back(name, with(settings, fmt::format("arm '{}'", name)));
  }
  return result;
}

RunConfig RunConfig::scaled() const {
  RunConfig copy = *this;
  copy.scale = 1.0;
  if (scale == 1.0) return copy;
  auto times = [this](std::uint64_t value) {
    return std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::llround(static_cast<double>(value) * scale)));
  };
  try {
    copy.graph = graph.scaled(scale);  // n of a generated graph; a file's keeps its size
  } catch (const InputError& e) {
    throw InputError(fmt::format("--scale {} shrinks the graph {} too far: {}", scale,
                                 graph.to_string(), e.what()));
  }
  copy.seeds = seeds.with_k(times(seeds.k()));
  for (Trigger* t : {&copy.model.product.phases[0].start, &copy.model.product.phases[1].start,
                     &copy.model.product.phases[2].start, &copy.model.forum.start,
                     &copy.model.microblog.start, &copy.model.ads.start})
    if (t->kind == Trigger::Kind::kAdopters) t->at = times(t->at);
  copy.model.ads.daily_budget = model.ads.daily_budget * scale;
  return copy;
}

InfluenceRule RunConfig::influence_rule() const {
  return Spec("rule", rule.to_string()).name() == "lt" ? InfluenceRule::kLt : InfluenceRule::kIc;
}

std::string RunConfig::to_ini() const {
  std::string text = fmt::format("# koubei {} run, resolved configuration\n", kVersion);
  text += fmt::format("graph = {}\ntrust = {}\nrule = {}\n", graph.to_string(), trust.to_string(),
                      rule.to_string());
  if (seeds_file.empty())
    text += fmt::format("seeds = {}\n", seeds.to_string());
  else
    text += fmt::format("seeds-file = {}\n", seeds_file);
  text += fmt::format("steps = {}\n", steps);
  text += fmt::format("replicates = {}:{}\n", first_replicate(), last_replicate());
  text += fmt::format("scale = {}\n", scale);
  text += fmt::format("rng-seed = {}\nthreads = {}\nout = {}\ntrace = {}\n", rng_seed, threads, out,
                      trace);
  for (const std::string& arm : arms) text += fmt::format("arm = {}\n", arm);
  text += model.to_ini();
  return text;
}

}  // namespace koubei
