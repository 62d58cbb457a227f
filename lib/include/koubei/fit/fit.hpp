#pragma once
// `koubei fit`: the values of some scenario keys that make the model tell
// what was observed.
//
// An evaluation sets the free parameters, runs the scenario's replicates
// (threads as the scenario says) and compares the mean over replicates of
// every target with its observation; the loss is the sum of the targets'
// terms (fit/targets.hpp). Every evaluation runs the same replicates with
// the same random streams (common random numbers), so the loss is a
// deterministic, piecewise constant function of the parameters and two
// evaluations differ only by what the parameters change.
//
// The search is NLopt's (Johnson, https://github.com/stevengj/nlopt), in
// the unit cube of the free parameters' ranges (linear or logarithmic): a
// global method first (CRS2 with local mutation by default; DIRECT-L or
// ISRES), then a local derivative-free polish from its best point (Sbplx
// by default; Nelder-Mead or BOBYQA), to relative tolerances of 10^-3 in
// loss and 10^-3 in the cube, which a piecewise constant loss cannot
// undercut; the budget counts evaluations. NLopt's random numbers are
// seeded from the master seed (nlopt::srand), so a fit is a pure function
// of its definition.
//
// Then the best parameters are run on fresh replicates (R..2R-1 for R
// replicates, same master seed, so the same graph) for each target's mean
// and 95% interval (validation), and each free parameter is stepped across
// its range with the others at their best (profile), and the range where
// the loss stays about as good as the best (within what a miss of two
// standard errors on every target adds) is found by bisection: a wide
// range means the data do not pin that parameter down. A profile that
// finds a better point than the search's shows the search stopped short:
// the local method polishes again from there and the profile is redone
// around the new best (up to three passes).
//
// Every evaluation is journaled (fit/fit_journal.hpp); a fit killed and run
// again replays the optimiser, answering journaled evaluations from the
// journal, and ends where an uninterrupted one ends.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "koubei/batch/cluster.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/statistics.hpp"
#include "koubei/fit/free_parameter.hpp"
#include "koubei/fit/targets.hpp"

namespace koubei {

struct FitOptions {
  /// "GLOBAL+LOCAL", "GLOBAL" or "LOCAL": crs2, direct, isres; sbplx,
  /// neldermead, bobyqa.
  std::string method = "crs2+sbplx";
  std::uint64_t budget = 200;  // evaluations of the search
  double global_share = 0.6;   // of the budget, with a global and a local method
  /// Per free parameter, across its range (then up to 2 * bisections + 3
  /// more to find where the loss leaves the best's neighbourhood); 0: no
  /// profile.
  std::uint32_t profile_points = 9;
  /// Bisection steps a side that find where the loss leaves the best's
  /// neighbourhood: to 2^-N of the parameter's range.
  std::uint32_t profile_bisections = 9;
  bool force = false;                // discard another fit's journal in the directory
  bool progress = true;              // a bar on a terminal, log lines otherwise
  /// Several MPI ranks: every rank calls fit() alike; the replicates of
  /// each evaluation are shared out, the root journals and writes.
  Cluster* cluster = nullptr;
  /// Test hook: SIGKILL right after journaling this many evaluations (0: never).
  std::uint64_t kill_after = 0;
};

struct FitEvaluation {
  /// "global", "local", "profile", or "scan": a profile pass that stepped
  /// onto a better point and was redone around it.
  std::string stage;
  std::size_t stepped = 0;     // profile: the free parameter stepped
  std::vector<double> values;  // one per free parameter
  double loss = 0;
  std::vector<double> means;  // one per target
  bool resumed = false;       // answered from the journal
};

struct FitResult {
  std::vector<FitEvaluation> evaluations;  // in the order made
  std::size_t best = 0;                    // index of the best search evaluation
  RunConfig best_config;                   // the scenario with the best values
  std::vector<Estimate> validation;        // per target, on the fresh replicates
  /// The loss up to which a fit is about as good as the best: the best
  /// plus what a miss of two standard errors of every target's mean adds.
  double near_best = 0;
  std::size_t resumed = 0;                 // evaluations answered from the journal
};

/// Parses "crs2+sbplx" and the like; throws InputError naming the method.
void check_fit_method(const std::string& method);

/// Runs the fit, journaling under `dir` (which it locks; the root rank's
/// only, with a cluster). Throws
/// InputError for bad input and Interrupted on a stop request (the journal
/// keeps what finished).
FitResult fit(const RunConfig& scenario, const std::vector<Target>& targets,
              const std::vector<FreeParameter>& free, const FitOptions& options,
              const std::filesystem::path& dir);

/// The fit's definition as INI text (the journal's fit.ini): options, free
/// parameters, targets and the scenario.
std::string fit_definition(const RunConfig& scenario, const std::vector<Target>& targets,
                           const std::vector<FreeParameter>& free, const FitOptions& options);

/// A few lines for people: the best values, the loss, each target's
/// observation against the best evaluation and the validation.
std::string fit_summary(const std::vector<Target>& targets, const std::vector<FreeParameter>& free,
                        const FitResult& result);

/// Writes evaluations.csv, best.ini, validation.csv and profile.csv into
/// `dir` as one set (io/atomic_file.hpp), best.ini last.
void write_fit_outputs(const std::filesystem::path& dir, const std::vector<Target>& targets,
                       const std::vector<FreeParameter>& free, const FitResult& result);

}  // namespace koubei
