// What every kind of `koubei plot` reads from an output directory, drawn
// without gnuplot: the input is split into files (the first is
// points.csv; "=== NAME" starts the next: summary.csv, communities.csv,
// timeseries.csv, aggregate.csv, comparison.csv, validation.csv, runs.csv),
// and each kind draws from them. Whatever the files hold, a drawing is a
// script that names its image and data, whose every line is a command
// (text from the files cannot start one) with finite ranges, or
// an InputError.

#include <cstdlib>

#include "../../lib/src/plot/drawings.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const std::filesystem::path dir = fuzz::scratch() / "plot";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  std::filesystem::create_directories(dir);
  static const char* const kFiles[] = {"points.csv",     "summary.csv",    "communities.csv", "timeseries.csv",
                                       "aggregate.csv",  "comparison.csv", "validation.csv",  "runs.csv"};
  for (const auto& [name, body] : fuzz::split_files(fuzz::as_text(data, size), "points.csv"))
    for (const char* known : kFiles)
      if (name == known) fuzz::write_file("plot/" + name, body);
  const Canvas canvas{"x.svg", "x.dat", 960, 560};
  using Draw = Drawing (*)(const fs::path&, const Canvas&);
  for (Draw draw : {draw_curves, draw_channels, draw_communities, draw_sweep, draw_compare, draw_fit})
    fuzz::expect_success_or_input_error([&] {
      const Drawing d = draw(dir, canvas);
      if (d.script.find("set output 'x.svg'") == std::string::npos) std::abort();
      if (d.script.find("'x.dat'") == std::string::npos && d.script.find("0 with lines") == std::string::npos)
        std::abort();
      // Every line of the script is one command: ranges finite,
      // text from the files quoted (no line of it on its own).
      std::size_t at = 0;
      while (at < d.script.size()) {
        const std::size_t end = std::min(d.script.find('\n', at), d.script.size());
        const std::string_view line(d.script.data() + at, end - at);
        if (line.starts_with("set ") && line.find("range [") != std::string_view::npos &&
            (line.find("inf") != std::string_view::npos || line.find("nan") != std::string_view::npos))
          std::abort();
        if (!line.empty() && !line.starts_with("#") && !line.starts_with("set ") && !line.starts_with("unset ") &&
            !line.starts_with("plot ") && !line.starts_with("  "))
          std::abort();
        at = end + 1;
      }
    });
  return 0;
}
