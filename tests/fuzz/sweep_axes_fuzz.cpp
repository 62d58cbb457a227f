// A sweep's grid: each line of the input is a --vary axis, and a part after
// a line "=== vary.csv" is a --vary-file. A grid that parses has a point
// count that matches its axes, and its first and last points are made (each
// validated as a scenario) or refused with an InputError naming the point.

#include <cstdlib>

#include "fuzz_support.hpp"
#include "koubei/batch/sweep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace koubei;
  const auto files = fuzz::split_files(fuzz::as_text(data, size), "axes");
  fuzz::expect_success_or_input_error([&] {
    SweepDefinition sweep;
    sweep.base.graph = GraphSpec("er:n=50,k=2");
    sweep.base.seeds = SeedingSpec::random(1);
    for (const auto& [name, text] : files) {
      if (name == "axes") {
        for (std::size_t start = 0; start < text.size();) {
          const std::size_t end = std::min(text.find('\n', start), text.size());
          if (end > start) sweep.axes.push_back(SweepAxis::parse(text.substr(start, end - start)));
          start = end + 1;
        }
      } else if (name == "vary.csv") {
        sweep.axes.push_back(SweepAxis::read_file(fuzz::write_file("vary.csv", text)));
      }
    }
    std::uint64_t expected = 1;
    for (const SweepAxis& axis : sweep.axes) {
      if (axis.rows.empty()) std::abort();
      for (const auto& row : axis.rows)
        if (row.size() != axis.keys.size()) std::abort();
      expected = std::min<std::uint64_t>(expected * axis.rows.size(), 1ull << 40);
    }
    const std::uint32_t count = sweep.point_count();
    if (count != expected) std::abort();
    sweep.keys();
    sweep.to_ini();
    for (std::uint32_t p : {0u, count / 2, count - 1}) {
      const SweepPoint point = sweep.point(p);
      if (point.index != p) std::abort();
    }
  });
  return 0;
}
