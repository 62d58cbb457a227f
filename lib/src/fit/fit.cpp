#include "koubei/fit/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <nlopt.hpp>
#include <spdlog/spdlog.h>

#include "koubei/batch/run.hpp"
#include "koubei/batch/scenario.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/progress.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/fit/fit_journal.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/directory_lock.hpp"
#include "koubei/version.hpp"

namespace koubei {
namespace {

struct Method {
  std::string name;
  nlopt::algorithm algorithm;
  bool global;
};

std::optional<Method> method_named(std::string_view name) {
  if (name == "crs2") return Method{"crs2", nlopt::GN_CRS2_LM, true};
  if (name == "direct") return Method{"direct", nlopt::GN_DIRECT_L, true};
  if (name == "isres") return Method{"isres", nlopt::GN_ISRES, true};
  if (name == "sbplx") return Method{"sbplx", nlopt::LN_SBPLX, false};
  if (name == "neldermead") return Method{"neldermead", nlopt::LN_NELDERMEAD, false};
  if (name == "bobyqa") return Method{"bobyqa", nlopt::LN_BOBYQA, false};
  return std::nullopt;
}

/// The stages of a method text: "crs2+sbplx", "crs2", "sbplx".
std::vector<Method> stages_of(const std::string& text) {
  std::vector<std::string> parts;
  const auto plus = text.find('+');
  parts.push_back(text.substr(0, plus));
  if (plus != std::string::npos) parts.push_back(text.substr(plus + 1));
  std::vector<Method> stages;
  for (const std::string& part : parts) {
    const auto m = method_named(part);
    if (!m)
      throw InputError(fmt::format("fit method '{}': '{}' is not one of crs2, direct, isres (global), "
                                   "sbplx, neldermead, bobyqa (local)",
                                   text, part));
    stages.push_back(*m);
  }
  if (stages.size() == 2 && (!stages[0].global || stages[1].global))
    throw InputError(fmt::format("fit method '{}': give GLOBAL+LOCAL, a global method then a local one", text));
  return stages;
}

/// Runs evaluations: from the journal when it has them, else by running
/// the scenario's replicates. Keeps the graph between evaluations that do
/// not change it.
class Evaluator {
 public:
  Evaluator(const RunConfig& scenario, const std::vector<Target>& targets,
            const std::vector<FreeParameter>& free, FitJournal& journal, std::uint64_t kill_after)
      : scenario_(scenario), targets_(targets), free_(free), journal_(journal), kill_after_(kill_after) {}

  /// The loss and target means at `values`; `kind` 'f' for the search and
  /// the profile, 'v' for the validation's fresh replicates.
  FitJournal::Entry evaluate(char kind, const std::vector<double>& values, bool* resumed,
                             std::vector<Estimate>* estimates = nullptr) {
    bool before = false;
    if (auto found = journal_.find(kind, values, &before); found && estimates == nullptr) {
      if (resumed) *resumed = before;
      return *found;
    }
    if (resumed) *resumed = false;
    // After the first, an evaluation's own log lines (its graph, its
    // threads) would bury the fit's progress: warnings only.
    const spdlog::level::level_enum level = logger().level();
    if (runs_++ > 0 && level == spdlog::level::info) logger().set_level(spdlog::level::warn);
    struct Restore {
      spdlog::level::level_enum level;
      ~Restore() { logger().set_level(level); }
    } restore{level};
    RunConfig config = with_values(scenario_, free_, values);
    if (kind == 'v') {  // the next R replicates
      const std::uint64_t first = config.first_replicate(), count = config.last_replicate() - first + 1;
      config.replicates = fmt::format("{}:{}", first + count, first + 2 * count - 1);
    }
    RunOptions options;
    options.timeseries = RunTimeseries::kAggregate;  // every step kept
    options.graphs = &graphs_;
    const std::vector<RunReport> reports = run(config, options);
    const std::vector<ReplicateRecord>& records = reports.front().records;
    FitJournal::Entry entry;
    for (const Target& t : targets_) {
      std::vector<double> values_here;
      values_here.reserve(records.size());
      for (const ReplicateRecord& r : records) values_here.push_back(t.measure(r));
      const Estimate e = estimate(values_here);
      entry.means.push_back(e.mean);
      entry.loss += t.loss(e.mean);
      if (estimates) estimates->push_back(e);
    }
    if (!std::isfinite(entry.loss)) entry.loss = std::numeric_limits<double>::max();
    journal_.add(kind, values, entry);
    if (++journaled_ == kill_after_) std::raise(SIGKILL);  // the test of resumption
    return entry;
  }

 private:
  const RunConfig& scenario_;
  const std::vector<Target>& targets_;
  const std::vector<FreeParameter>& free_;
  FitJournal& journal_;
  GraphCache graphs_;
  std::uint64_t runs_ = 0;
  std::uint64_t kill_after_ = 0;
  std::uint64_t journaled_ = 0;
};

}  // namespace

void check_fit_method(const std::string& method) { (void)stages_of(method); }

std::string fit_definition(const RunConfig& scenario, const std::vector<Target>& targets,
                           const std::vector<FreeParameter>& free, const FitOptions& options) {
  std::string text = fmt::format("# koubei {} fit\nmethod = {}\nbudget = {}\nprofile-points = {}\n",
                                 kVersion, options.method, options.budget, options.profile_points);
  for (const FreeParameter& p : free)
    text += fmt::format("free = {}={}{}:{}\n", p.key, p.log ? "log:" : "", FreeParameter::text(p.lo),
                        FreeParameter::text(p.hi));
  for (const Target& t : targets)
    text += fmt::format("# target {}: observed {} weight {} tolerance {}\n", t.name(),
                        FreeParameter::text(t.observed), FreeParameter::text(t.weight),
                        t.tolerance ? FreeParameter::text(*t.tolerance) : "none");
  RunConfig without_threads = scenario;
  without_threads.threads = 0;
  without_threads.out = "";
  std::string ini = without_threads.to_ini();
  // The scenario's own header line names the version already.
  text += ini.substr(ini.find('\n') + 1);
  return text;
}

FitResult fit(const RunConfig& scenario, const std::vector<Target>& targets,
              const std::vector<FreeParameter>& free, const FitOptions& options,
              const std::filesystem::path& dir) {
  const std::vector<Method> stages = stages_of(options.method);
  check_free_parameters(scenario, free);
  if (options.budget < 2) throw InputError("fit: budget must be at least 2 evaluations");
  create_output_directory(dir);
  // A directory of its own: the files of a run or sweep beside a fit's would
  // read as one output.
  for (const char* other : {"config.ini", "summary.csv", "points.csv", "timeseries.csv", "aggregate.csv"})
    if (std::filesystem::exists(dir / other))
      throw InputError(fmt::format("'{}' holds another command's output ({}); give the fit a directory of its own",
                                   dir.string(), other));
  FitJournal journal(dir, fit_definition(scenario, targets, free, options), options.force);
  if (journal.resumed() > 0)
    logger().info("fit: resuming, {} evaluations journaled in {}", journal.resumed(), dir.string());
  Evaluator evaluator(scenario, targets, free, journal, options.kill_after);
  FitResult result;
  const std::size_t d = free.size();

  // The start: the scenario's own values where they lie in range.
  std::vector<double> start(d);
  for (std::size_t i = 0; i < d; ++i) {
    const double now = *parse_double(*scenario.value_of(free[i].key));
    start[i] = free[i].place(now);
  }
  auto values_at = [&](const std::vector<double>& u) {
    std::vector<double> values(d);
    for (std::size_t i = 0; i < d; ++i) values[i] = free[i].at(u[i]);
    return values;
  };

  std::optional<Progress> progress;
  if (options.progress) progress.emplace("evaluations", options.budget);
  double best_loss = std::numeric_limits<double>::infinity();
  std::size_t best_index = 0;
  std::exception_ptr error;
  std::string stage_name;
  auto record = [&](const std::vector<double>& values, const FitJournal::Entry& entry, bool resumed) {
    result.evaluations.push_back({stage_name, 0, values, entry.loss, entry.means, resumed});
    result.resumed += resumed;
    if (stage_name != "profile" && entry.loss < best_loss) {
      best_loss = entry.loss;
      best_index = result.evaluations.size() - 1;
    }
  };

  std::vector<double> u = start;
  std::uint64_t spent = 0;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const Method& m = stages[s];
    const std::uint64_t share =
        s + 1 == stages.size()
            ? options.budget - spent
            : std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(
                                             options.global_share * static_cast<double>(options.budget))));
    stage_name = m.global ? "global" : "local";
    nlopt::srand(scenario.rng_seed + s);
    nlopt::opt opt(m.algorithm, static_cast<unsigned>(d));
    opt.set_lower_bounds(std::vector<double>(d, 0.0));
    opt.set_upper_bounds(std::vector<double>(d, 1.0));
    opt.set_maxeval(static_cast<int>(std::min<std::uint64_t>(share, std::numeric_limits<int>::max())));
    if (!m.global) {
      opt.set_ftol_rel(1e-3);
      opt.set_xtol_abs(1e-3);
      opt.set_initial_step(0.1);
    }
    std::uint64_t used = 0;
    auto objective = [&](const std::vector<double>& x) -> double {
      if (error) return 0;
      try {
        throw_if_interrupted();
        const std::vector<double> values = values_at(x);
        bool resumed = false;
        const FitJournal::Entry entry = evaluator.evaluate('f', values, &resumed);
        record(values, entry, resumed);
        ++used;
        if (progress)
          progress->update(spent + used, fmt::format("{} search, best loss {:.4g}", stage_name, best_loss));
        return entry.loss;
      } catch (...) {
        error = std::current_exception();
        throw nlopt::forced_stop();
      }
    };
    using Objective = decltype(objective);
    opt.set_min_objective(
        [](unsigned n, const double* x, double*, void* data) {
          return (*static_cast<Objective*>(data))(std::vector<double>(x, x + n));
        },
        &objective);
    double minimum = 0;
    try {
      opt.optimize(u, minimum);
    } catch (const nlopt::forced_stop&) {
    } catch (const nlopt::roundoff_limited&) {
    } catch (const std::exception& e) {
      if (!error) throw InputError(fmt::format("fit: the {} search failed: {}", m.name, e.what()));
    }
    if (error) std::rethrow_exception(error);
    spent += used;
    if (!result.evaluations.empty()) {
      u.clear();
      for (std::size_t i = 0; i < d; ++i) u.push_back(free[i].place(result.evaluations[best_index].values[i]));
    }
  }
  if (progress) progress->finish();
  const FitEvaluation searched = result.evaluations.at(best_index);

  // About as good: what a miss of two standard errors of every target's
  // mean (on fresh replicates) adds to the best loss; closer than that,
  // the replicates cannot tell two fits apart.
  auto validate = [&](const FitEvaluation& at) {
    logger().info("fit: best loss {:.6g}; validating on fresh replicates", at.loss);
    result.validation.clear();
    (void)evaluator.evaluate('v', at.values, nullptr, &result.validation);
    result.near_best = at.loss;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      const Estimate& e = result.validation[t];
      const double se = e.n > 1 ? e.sd / std::sqrt(static_cast<double>(e.n)) : 0.0;
      result.near_best += targets[t].loss(targets[t].observed + 2 * se);
    }
  };
  validate(searched);

  // Profile: each parameter across its range, the others at their best,
  // then where the loss crosses near_best on either side of the best (by
  // bisection in the search range's units, to 1/512 of its width).
  stage_name = "profile";
  std::map<double, double> profiled;  // value -> loss, of the parameter being profiled
  std::optional<Progress> profile_progress;
  // The grid, the best, two ends and about nine bisection steps a side.
  const std::uint64_t profile_total = d * (options.profile_points + 19);
  if (options.progress && options.profile_points >= 2) profile_progress.emplace("profile evaluations", profile_total);
  std::uint64_t profile_done = 0;
  auto profile_at = [&](std::size_t i, double value) {
    if (const auto it = profiled.find(value); it != profiled.end()) return it->second;
    throw_if_interrupted();
    if (profile_progress)
      profile_progress->update(std::min(++profile_done, profile_total), free[i].key);
    std::vector<double> values = searched.values;
    values[i] = value;
    bool resumed = false;
    const FitJournal::Entry entry = evaluator.evaluate('f', values, &resumed);
    record(values, entry, resumed);
    result.evaluations.back().stepped = i;
    profiled[value] = entry.loss;
    return entry.loss;
  };
  for (std::size_t i = 0; i < d && options.profile_points >= 2; ++i) {
    profiled.clear();
    profile_at(i, searched.values[i]);
    for (std::uint32_t j = 0; j < options.profile_points; ++j)
      profile_at(i, free[i].at(static_cast<double>(j) / (options.profile_points - 1)));
    const double at_best = free[i].place(searched.values[i]);
    for (const double end : {0.0, 1.0}) {
      double inside = at_best, outside = end;
      if (profile_at(i, free[i].at(end)) <= result.near_best) continue;  // about as good to the end
      while (std::abs(outside - inside) > 1.0 / 512) {
        const double middle = (inside + outside) / 2;
        (profile_at(i, free[i].at(middle)) <= result.near_best ? inside : outside) = middle;
      }
    }
  }

  if (profile_progress) profile_progress->finish();
  // The best of all evaluations (the first of equals): the profile may
  // have stepped onto a better point than the search ended at.
  result.best = 0;
  for (std::size_t e = 1; e < result.evaluations.size(); ++e)
    if (result.evaluations[e].loss < result.evaluations[result.best].loss) result.best = e;
  if (result.best != best_index) {
    logger().warn("fit: the profile found a better point than the search (loss {:.6g} < {:.6g}); "
                  "a larger budget may find better still",
                  result.evaluations[result.best].loss, searched.loss);
    validate(result.evaluations[result.best]);
  }
  result.best_config = with_values(scenario, free, result.evaluations[result.best].values);
  logger().info("fit: {} evaluations ({} from the journal)", result.evaluations.size(), result.resumed);
  return result;
}

std::string fit_summary(const std::vector<Target>& targets, const std::vector<FreeParameter>& free,
                        const FitResult& result) {
  const FitEvaluation& best = result.evaluations.at(result.best);
  std::string out = fmt::format("fit: {} evaluations ({} from the journal), best loss {:.6g}\n",
                                result.evaluations.size(), result.resumed, best.loss);
  for (std::size_t i = 0; i < free.size(); ++i) {
    // The profile's range where the loss stays near the best.
    double lo = best.values[i], hi = best.values[i];
    for (const FitEvaluation& ev : result.evaluations)
      if (ev.stage == "profile" && ev.stepped == i && ev.loss <= result.near_best) {
        lo = std::min(lo, ev.values[i]);
        hi = std::max(hi, ev.values[i]);
      }
    out += fmt::format("  {} = {:.6g}   (about as good from {:.4g} to {:.4g}; range searched {:.4g} .. {:.4g})\n",
                       free[i].key, best.values[i], lo, hi, free[i].lo, free[i].hi);
  }
  out += fmt::format("{:<44} {:>14} {:>14} {:>31}\n", "target", "observed", "best fit",
                     "fresh replicates (95%)");
  for (std::size_t t = 0; t < targets.size(); ++t) {
    std::string fresh;
    if (t < result.validation.size()) {
      const Estimate& e = result.validation[t];
      const bool inside = targets[t].observed >= e.lo && targets[t].observed <= e.hi;
      fresh = fmt::format("{:.4g} [{:.4g}, {:.4g}] {}", e.mean, e.lo, e.hi, inside ? "in" : "out");
    }
    out += fmt::format("{:<44} {:>14.6g} {:>14.6g} {:>31}\n", targets[t].name(), targets[t].observed,
                       best.means[t], fresh);
  }
  return out;
}

void write_fit_outputs(const std::filesystem::path& dir, const std::vector<Target>& targets,
                       const std::vector<FreeParameter>& free, const FitResult& result) {
  const DirectoryLock lock(dir);
  OutputSet files(dir);
  {
    std::string out = "evaluation,stage";
    for (const FreeParameter& p : free) out.append(",").append(csv_quote(p.key));
    out += ",loss";
    for (const Target& t : targets) out.append(",").append(csv_quote(t.name()));
    out += "\n";
    for (std::size_t e = 0; e < result.evaluations.size(); ++e) {
      const FitEvaluation& ev = result.evaluations[e];
      CsvRow row(out);
      row.number(e).text(ev.stage);
      for (double v : ev.values) row.number(v);
      row.number(ev.loss);
      for (double m : ev.means) row.number(m);
      row.end();
    }
    files.add("evaluations.csv").write(out);
  }
  {
    std::string out = "target,observed,mean,lo,hi,inside\n";
    for (std::size_t t = 0; t < targets.size() && t < result.validation.size(); ++t) {
      const Estimate& e = result.validation[t];
      CsvRow row(out);
      row.text(targets[t].name()).number(targets[t].observed).number(e.mean).number(e.lo).number(e.hi);
      row.text(targets[t].observed >= e.lo && targets[t].observed <= e.hi ? "yes" : "no");
      row.end();
    }
    files.add("validation.csv").write(out);
  }
  {
    std::string out = "parameter,value,loss,near_best\n";
    for (const FitEvaluation& ev : result.evaluations) {
      if (ev.stage != "profile") continue;
      CsvRow row(out);
      row.text(free[ev.stepped].key).number(ev.values[ev.stepped]).number(ev.loss);
      row.text(ev.loss <= result.near_best ? "yes" : "no");
      row.end();
    }
    files.add("profile.csv").write(out);
  }
  RunConfig best = result.best_config;
  best.out = (dir / "best").string();
  files.add("best.ini").write(best.to_ini());
  files.commit();
  // The journal's work is in the files now.
  std::error_code ec;
  std::filesystem::remove_all(dir / ".partial", ec);
  sync_directory(dir);
}

}  // namespace koubei
