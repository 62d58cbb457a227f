// What `koubei plot` reads back from an output directory: the input is
// split into timeseries.csv (or, when it starts with "agg", aggregate.csv),
// then "=== summary.csv" and "=== runs.csv" parts. Whatever reads gives
// curves as long as their steps, steps in ascending order, and phases that
// end no earlier than they start.

#include <cmath>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/plot/run_curves.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const std::filesystem::path dir = fuzz::scratch() / "run";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  std::filesystem::create_directories(dir);
  const std::string_view text = fuzz::as_text(data, size);
  const std::string first = text.starts_with("agg") ? "aggregate.csv" : "timeseries.csv";
  for (const auto& [name, body] : fuzz::split_files(text, first))
    if (name == first || name == "summary.csv" || name == "runs.csv")
      fuzz::write_file("run/" + name, body);
  const std::vector<std::string> counts = {"adopters", "churned", "new_adopters"};
  fuzz::expect_success_or_input_error([&] {
    for (const RunCurves& run : read_run_curves(dir, counts)) {
      if (run.curves.size() != counts.size()) std::abort();
      for (std::size_t i = 1; i < run.steps.size(); ++i)
        if (!(run.steps[i - 1] < run.steps[i])) std::abort();
      for (const Curve& c : run.curves) {
        if (c.mean.size() != run.steps.size() || c.lo.size() != run.steps.size() || c.hi.size() != run.steps.size())
          std::abort();
        for (const auto& line : c.replicates)
          if (line.size() != run.steps.size()) std::abort();
      }
      for (const PhaseSpan& p : run.phases)
        if (!(p.start <= p.end)) std::abort();
    }
  });
  return 0;
}
