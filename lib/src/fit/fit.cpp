#include "koubei/fit/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <csignal>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <nlopt.hpp>
#include <spdlog/spdlog.h>

#include "koubei/batch/cluster.hpp"
#include "koubei/batch/run.hpp"
#include "koubei/batch/scenario.hpp"
#include "koubei/core/error.hpp"
#include "koubei/core/interrupt.hpp"
#include "koubei/core/log.hpp"
#include "koubei/core/progress.hpp"
#include "koubei/core/spec.hpp"
#include "koubei/fit/fit_journal.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/command_file.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/io/derived_files.hpp"
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

/// Doubles as exact bits, for the root's answers to the other ranks.
void put_bits(std::string& out, double value) {
  fmt::format_to(std::back_inserter(out), "{:016x} ", std::bit_cast<std::uint64_t>(value));
}

double take_bits(std::string_view& in) {
  std::uint64_t bits = 0;
  const auto [end, ec] = std::from_chars(in.data(), in.data() + in.size(), bits, 16);
  if (ec != std::errc() || end == in.data() + in.size() || *end != ' ')
    throw std::runtime_error("a fit evaluation was damaged on its way from the root");
  in.remove_prefix(static_cast<std::size_t>(end - in.data()) + 1);
  return std::bit_cast<double>(bits);
}

/// Runs evaluations: from the journal when it has them, else by running
/// the scenario's replicates. Keeps the graph between evaluations that do
/// not change it.
///
/// With several MPI ranks every rank runs the same fit, so their
/// optimisers ask for the same points in the same order: for each, the
/// root says whether its journal has the answer; if not, all ranks run the
/// replicates together (the pipeline shares them out) and the root, which
/// collects the records, sends everyone the loss and means. Only the root
/// has a journal.
class Evaluator {
 public:
  Evaluator(const RunConfig& scenario, const std::vector<Target>& targets,
            const std::vector<FreeParameter>& free, FitJournal* journal, Cluster* cluster,
            std::uint64_t kill_after)
      : scenario_(scenario),
        targets_(targets),
        free_(free),
        journal_(journal),
        cluster_(cluster != nullptr && cluster->size() > 1 ? cluster : nullptr),
        kill_after_(kill_after) {}

  /// The loss and target means at `values`; `kind` 'f' for the search and
  /// the profile, 'v' for the validation's fresh replicates.
  FitJournal::Entry evaluate(char kind, const std::vector<double>& values, bool* resumed,
                             std::vector<Estimate>* estimates = nullptr) {
    bool before = false;
    std::optional<FitJournal::Entry> found;
    if (journal_ && estimates == nullptr) found = journal_->find(kind, values, &before);
    if (cluster_) {
      std::string answer;
      if (found) {
        answer = before ? "J1 " : "J0 ";
        append_entry(answer, *found, nullptr);
      }
      answer = cluster_->broadcast(found ? answer : "R");
      if (answer.starts_with('J')) {
        std::string_view in(answer);
        before = in[1] == '1';
        in.remove_prefix(3);
        found = read_entry(in, nullptr);
      }
    }
    if (found) {
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
    options.cluster = cluster_;
    const std::vector<RunReport> reports = run(config, options);
    FitJournal::Entry entry;
    std::vector<Estimate> found_estimates;
    if (cluster_ == nullptr || cluster_->is_root()) {
      const std::vector<ReplicateRecord>& records = reports.front().records;
      for (const Target& t : targets_) {
        std::vector<double> values_here;
        values_here.reserve(records.size());
        for (const ReplicateRecord& r : records) values_here.push_back(t.measure(r));
        const Estimate e = estimate(values_here);
        entry.means.push_back(e.mean);
        entry.loss += t.loss(e.mean);
        found_estimates.push_back(e);
      }
      if (!std::isfinite(entry.loss)) entry.loss = std::numeric_limits<double>::max();
    }
    if (cluster_) {
      std::string answer;
      if (cluster_->is_root()) append_entry(answer, entry, &found_estimates);
      answer = cluster_->broadcast(answer);
      std::string_view in(answer);
      entry = read_entry(in, &found_estimates);
    }
    if (estimates) *estimates = found_estimates;
    if (journal_) journal_->add(kind, values, entry);
    if (journal_ && ++journaled_ == kill_after_) std::raise(SIGKILL);  // the test of resumption
    return entry;
  }

 private:
  void append_entry(std::string& out, const FitJournal::Entry& entry,
                    const std::vector<Estimate>* estimates) const {
    put_bits(out, entry.loss);
    for (double m : entry.means) put_bits(out, m);
    if (estimates)
      for (const Estimate& e : *estimates) {
        put_bits(out, static_cast<double>(e.n));
        for (double x : {e.mean, e.sd, e.lo, e.hi}) put_bits(out, x);
      }
  }

  FitJournal::Entry read_entry(std::string_view& in, std::vector<Estimate>* estimates) const {
    FitJournal::Entry entry;
    entry.loss = take_bits(in);
    for (std::size_t t = 0; t < targets_.size(); ++t) entry.means.push_back(take_bits(in));
    if (estimates) {
      estimates->clear();
      for (std::size_t t = 0; t < targets_.size(); ++t) {
        Estimate& e = estimates->emplace_back();
        e.n = static_cast<std::size_t>(take_bits(in));
        for (double* x : {&e.mean, &e.sd, &e.lo, &e.hi}) *x = take_bits(in);
      }
    }
    return entry;
  }

  const RunConfig& scenario_;
  const std::vector<Target>& targets_;
  const std::vector<FreeParameter>& free_;
  FitJournal* journal_;
  Cluster* cluster_;
  GraphCache graphs_;
  std::uint64_t runs_ = 0;
  std::uint64_t kill_after_ = 0;
  std::uint64_t journaled_ = 0;
};

}  // namespace

void check_fit_method(const std::string& method) { (void)stages_of(method); }

std::string fit_definition(const RunConfig& scenario, const std::vector<Target>& targets,
                           const std::vector<FreeParameter>& free, const FitOptions& options) {
  std::string text = fmt::format(
      "# koubei {} fit\nmethod = {}\nbudget = {}\nprofile-points = {}\nprofile-bisections = {}\n", kVersion,
      options.method, options.budget, options.profile_points, options.profile_bisections);
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
  const bool root = options.cluster == nullptr || options.cluster->is_root();
  std::optional<FitJournal> journal;
  if (root) {
    create_output_directory(dir);
    // A directory of its own: the files of a run or sweep beside a fit's
    // would read as one output.
    for (const char* other : {"config.ini", "summary.csv", "points.csv", "timeseries.csv", "aggregate.csv"})
      if (std::filesystem::exists(dir / other))
        throw InputError(fmt::format("'{}' holds another command's output ({}); give the fit a directory of its own",
                                     dir.string(), other));
    journal.emplace(dir, fit_definition(scenario, targets, free, options), options.force);
    if (journal->resumed() > 0)
      logger().info("fit: resuming, {} evaluations journaled in {}", journal->resumed(), dir.string());
  }
  Evaluator evaluator(scenario, targets, free, journal ? &*journal : nullptr, options.cluster,
                      options.kill_after);
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
  if (options.progress && root) progress.emplace("evaluations", options.budget);
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

  // One NLopt search from `u` (left at the best point found so far) with
  // at most `share` evaluations; `number` seeds its random numbers.
  std::uint64_t spent = 0;
  auto search = [&](const Method& m, std::vector<double>& u, std::uint64_t share, unsigned number) {
    stage_name = m.global ? "global" : "local";
    nlopt::srand(scenario.rng_seed + number);
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
    return used;
  };

  std::vector<double> u = start;
  std::uint64_t local_share = 0;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const std::uint64_t share =
        s + 1 == stages.size()
            ? options.budget - spent
            : std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(
                                             options.global_share * static_cast<double>(options.budget))));
    if (!stages[s].global) local_share = share;
    search(stages[s], u, share, static_cast<unsigned>(s));
  }
  if (progress) progress->finish();
  progress.reset();
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
  // bisection in the search range's units, to 2^-bisections of its width).
  // A profile that steps onto a better point than its centre shows the
  // search stopped short: the local method polishes again from that point
  // (with the local stage's budget) and the profile is redone around the
  // new best (the old pass's evaluations stay, as stage "scan"), at most
  // kProfilePasses times. Ranges bisected around a point that is not the
  // best would say nothing about the best.
  constexpr int kProfilePasses = 3;
  const double resolution = std::ldexp(1.0, -static_cast<int>(options.profile_bisections));
  std::map<double, double> profiled;  // value -> loss, of the parameter being profiled
  std::optional<Progress> profile_progress;
  // The grid, the best, two ends and the bisection steps of each side.
  const std::uint64_t per_pass = d * (options.profile_points + 3 + 2 * options.profile_bisections);
  std::uint64_t profile_total = per_pass;
  if (options.progress && root && options.profile_points >= 2)
    profile_progress.emplace("profile evaluations", profile_total);
  std::uint64_t profile_done = 0;
  FitEvaluation centre = searched;
  auto profile_at = [&](std::size_t i, double value) {
    if (const auto it = profiled.find(value); it != profiled.end()) return it->second;
    throw_if_interrupted();
    if (profile_progress)
      profile_progress->update(std::min(++profile_done, profile_total), free[i].key);
    std::vector<double> values = centre.values;
    values[i] = value;
    bool resumed = false;
    const FitJournal::Entry entry = evaluator.evaluate('f', values, &resumed);
    record(values, entry, resumed);
    result.evaluations.back().stepped = i;
    profiled[value] = entry.loss;
    return entry.loss;
  };
  auto best_of_all = [&] {
    std::size_t best = 0;  // the first of equals
    for (std::size_t e = 1; e < result.evaluations.size(); ++e)
      if (result.evaluations[e].loss < result.evaluations[best].loss) best = e;
    return best;
  };
  stage_name = "profile";
  for (int pass = 1; options.profile_points >= 2; ++pass) {
    const std::size_t pass_start = result.evaluations.size();
    for (std::size_t i = 0; i < d; ++i) {
      profiled.clear();
      profile_at(i, centre.values[i]);
      for (std::uint32_t j = 0; j < options.profile_points; ++j)
        profile_at(i, free[i].at(static_cast<double>(j) / (options.profile_points - 1)));
      const double at_best = free[i].place(centre.values[i]);
      for (const double end : {0.0, 1.0}) {
        double inside = at_best, outside = end;
        if (profile_at(i, free[i].at(end)) <= result.near_best) continue;  // about as good to the end
        while (std::abs(outside - inside) > resolution) {
          const double middle = (inside + outside) / 2;
          (profile_at(i, free[i].at(middle)) <= result.near_best ? inside : outside) = middle;
        }
      }
    }
    const std::size_t better = best_of_all();
    if (result.evaluations[better].loss >= centre.loss || pass == kProfilePasses) break;
    logger().info("fit: the profile stepped onto a better point (loss {:.6g} < {:.6g}); polishing from it",
                  result.evaluations[better].loss, centre.loss);
    for (std::size_t e = pass_start; e < result.evaluations.size(); ++e) result.evaluations[e].stage = "scan";
    best_loss = result.evaluations[better].loss;
    best_index = better;
    std::vector<double> from(d);
    for (std::size_t i = 0; i < d; ++i) from[i] = free[i].place(result.evaluations[better].values[i]);
    const Method polish = !stages.back().global ? stages.back() : *method_named("sbplx");
    search(polish, from, std::max<std::uint64_t>(local_share, 10 * d), static_cast<unsigned>(stages.size()) + pass);
    stage_name = "profile";
    centre = result.evaluations[best_index];
    validate(centre);
    profile_total += per_pass;
    if (profile_progress) profile_progress->set_total(profile_total);
  }
  if (profile_progress) profile_progress->finish();

  // The best of all evaluations: the last profile may still have stepped
  // onto a better point than its centre.
  result.best = best_of_all();
  if (result.evaluations[result.best].loss < centre.loss) {
    logger().warn("fit: the profile found a better point than the search (loss {:.6g} < {:.6g}); "
                  "a larger budget may find better still",
                  result.evaluations[result.best].loss, centre.loss);
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
    // The profile's range where the loss stays near the best, and the
    // nearest points beyond it where it does not (the bisection's bracket).
    double lo = best.values[i], hi = best.values[i];
    for (const FitEvaluation& ev : result.evaluations)
      if (ev.stage == "profile" && ev.stepped == i && ev.loss <= result.near_best) {
        lo = std::min(lo, ev.values[i]);
        hi = std::max(hi, ev.values[i]);
      }
    std::optional<double> below, above;
    for (const FitEvaluation& ev : result.evaluations) {
      if (ev.stage != "profile" || ev.stepped != i || ev.loss <= result.near_best) continue;
      const double v = ev.values[i];
      if (v < lo && (!below || v > *below)) below = v;
      if (v > hi && (!above || v < *above)) above = v;
    }
    std::string worse;
    if (below || above)
      worse = fmt::format("; worse at {}{}{}", below ? fmt::format("{:.4g}", *below) : "",
                          below && above ? " and " : "", above ? fmt::format("{:.4g}", *above) : "");
    out += fmt::format("  {} = {:.6g}   (about as good from {:.4g} to {:.4g}{}; range searched {:.4g} .. {:.4g})\n",
                       free[i].key, best.values[i], lo, hi, worse, free[i].lo, free[i].hi);
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
  add_command_file(files);
  drop_derived_files(files);
  files.add("best.ini").write(best.to_ini());
  files.commit();
  // The journal's work is in the files now.
  std::error_code ec;
  std::filesystem::remove_all(dir / ".partial", ec);
  sync_directory(dir);
}

}  // namespace koubei
