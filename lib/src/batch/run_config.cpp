#include "koubei/batch/run_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <map>
#include <optional>
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

// The typed specs whose numeric fields are keys of their own (`rule.p`).
constexpr std::string_view kSpecKeys[] = {"graph", "trust", "rule", "seeds"};

/// (spec key, field) of "rule.p", or nothing for another key.
std::optional<std::pair<std::string, std::string>> spec_field(std::string_view key) {
  for (std::string_view spec : kSpecKeys)
    if (key.size() > spec.size() + 1 && key.starts_with(spec) && key[spec.size()] == '.')
      return std::pair{std::string(spec), std::string(key.substr(spec.size() + 1))};
  return std::nullopt;
}

/// The names of a trust spec's positional numbers, as trust_model.hpp
/// writes them (`const:P`, `uniform:A:B`, `tie:LO:HI`).
std::vector<std::string_view> positional_names(std::string_view spec, std::string_view name) {
  if (spec != "trust") return {};
  if (name == "const") return {"p"};
  if (name == "uniform") return {"a", "b"};
  if (name == "tie") return {"lo", "hi"};
  return {};
}

/// The value of a spec's field: a key=value parameter, or a named
/// positional number.
std::optional<std::string> field_value(std::string_view spec, std::string_view text,
                                       std::string_view field) {
  const Spec parsed(spec, text);
  const auto names = positional_names(spec, parsed.name());
  for (std::size_t i = 0; i < names.size() && i < parsed.args().size(); ++i)
    if (names[i] == field) return parsed.args()[i];
  return parsed.get(field);
}

/// `text` with its field set to `value`: a named positional number
/// replaced, or the key=value parameter replaced or added.
std::string with_field(std::string_view spec, std::string_view text, std::string_view field,
                       std::string_view value) {
  const Spec parsed(spec, text);
  const auto names = positional_names(spec, parsed.name());
  if (!names.empty()) {
    std::vector<std::string> args = parsed.args();
    args.resize(std::max(args.size(), names.size()));
    bool found = false;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == field) {
        args[i] = std::string(value);
        found = true;
      }
    if (!found)
      throw InputError(fmt::format("{}.{}: the {} spec '{}' has no field '{}'", spec, field, spec,
                                   text, field));
    std::string out = parsed.name();
    for (const std::string& a : args) out += ":" + a;
    return out;
  }
  const auto colon = text.find(':');
  std::string out(text.substr(0, colon));
  std::vector<std::string> items;
  bool found = false;
  if (colon != std::string_view::npos) {
    const std::string_view rest = text.substr(colon + 1);
    for (std::size_t start = 0; start <= rest.size();) {
      const std::size_t end = std::min(rest.find(',', start), rest.size());
      std::string item(rest.substr(start, end - start));
      start = end + 1;
      const auto equals = item.find('=');
      if (equals != std::string::npos && trim(std::string_view(item).substr(0, equals)) == field) {
        item = fmt::format("{}={}", field, value);
        found = true;
      }
      items.push_back(std::move(item));
    }
  }
  if (!found) items.push_back(fmt::format("{}={}", field, value));
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? ":" : ",") + items[i];
  return out;
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
  // Fields of a spec (`rule.p=0.02`) edit the spec as it stands after the
  // settings before them.
  std::map<std::string, std::string> specs = {{"graph", graph.to_string()},
                                              {"trust", trust.to_string()},
                                              {"rule", rule.to_string()},
                                              {"seeds", seeds.to_string()}};
  std::vector<std::string> edited;  // the specs set, each given once
  auto set_spec = [&](const std::string& spec, std::string value) {
    specs[spec] = std::move(value);
    if (std::find(edited.begin(), edited.end(), spec) == edited.end()) edited.push_back(spec);
  };
  for (const auto& [key, value] : settings) {
    if (specs.contains(key)) {
      set_spec(key, value);
      continue;
    }
    if (const auto field = spec_field(key)) {
      try {
        set_spec(field->first, with_field(field->first, specs[field->first], field->second, value));
      } catch (const InputError& e) {
        throw InputError(fmt::format("{}: {}", where, e.what()));
      }
      continue;
    }
    // Options of the command, not of the scenario: a point or an arm that set
    // them would change nothing.
    if (key == "out" || key == "threads" || key == "arm" || key == "config")
      throw InputError(fmt::format(
          "{}: '{}' is not part of a scenario and cannot change per point or arm", where, key));
    arguments.push_back(fmt::format("--{}={}", key, value));
  }
  for (const std::string& spec : edited) arguments.push_back(fmt::format("--{}={}", spec, specs[spec]));
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

std::optional<std::string> RunConfig::value_of(std::string_view key) const {
  if (const auto field = spec_field(key)) {
    const std::string text = field->first == "graph"   ? graph.to_string()
                             : field->first == "trust" ? trust.to_string()
                             : field->first == "rule"  ? rule.to_string()
                                                       : seeds.to_string();
    return field_value(field->first, text, field->second);
  }
  // Every other key as config.ini writes it: `key = value` under
  // `[section]` headers that prefix the keys.
  const std::string ini = to_ini();
  std::string section;
  for (std::size_t start = 0; start < ini.size();) {
    std::size_t end = ini.find('\n', start);
    if (end == std::string::npos) end = ini.size();
    const std::string_view line = trim(std::string_view(ini).substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.starts_with('#')) continue;
    if (line.starts_with('[') && line.ends_with(']')) {
      section = std::string(line.substr(1, line.size() - 2)) + ".";
      continue;
    }
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    if (section + std::string(trim(line.substr(0, equals))) == key)
      return std::string(trim(line.substr(equals + 1)));
  }
  return std::nullopt;
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
