#pragma once
// `koubei_bench --ratios`: each rule's time per cascade divided by the time of
// a direction-optimizing BFS from the same seeds on the same graph, measured
// in the same run, against the targets of the performance issue; then the
// speed-up of 100 replicates on two threads over one. Prints Markdown tables.
// Options after --ratios: --graph ba|er (default both), --quick (a tenth of
// the cascades).

namespace koubei::bench {

int run_ratios(int argc, char** argv);

}  // namespace koubei::bench
