// What every kind of `koubei plot` reads from an output directory, drawn
// without gnuplot: the input is split into files (the first is
// points.csv; "=== NAME" starts the next: summary.csv, communities.csv,
// timeseries.csv, aggregate.csv, comparison.csv, validation.csv, runs.csv),
// and each kind draws from them. Whatever the files hold, a drawing is a
// script that names its image and data, or an InputError.

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
      if (d.script.find("'x.dat'") == std::string::npos && d.script.find("plot ") != std::string::npos &&
          d.script.find("0 with lines") == std::string::npos)
        std::abort();
    });
  return 0;
}
