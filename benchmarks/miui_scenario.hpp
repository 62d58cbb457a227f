#pragma once
// examples/miui.ini, read as `koubei run --config` reads it, and prepared.

#include "bench_graphs.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/scenario.hpp"

namespace koubei::bench {

struct MiuiScenario {
  RunConfig config;
  Scenario scenario;
};

}  // namespace koubei::bench
