// The smallest program built on koubei: make a random social graph, give every
// arc the same trust, run ten replicates of the independent cascade from ten
// random users each, and print how many users adopted on average.
#include <cstdint>
#include <exception>
#include <iostream>
#include <memory>

#include "koubei/batch/replicates.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"
#include "koubei/version.hpp"

int main() {
  // Every random draw derives from this seed: the same seed gives the same
  // numbers on any number of threads.
  const std::uint64_t seed = 42;
  try {
    // 1. The graph: Erdős–Rényi, 1000 users with about 4 friends each.
    koubei::Graph graph = koubei::make_graph("er:n=1000,k=4", seed);

    // 2. Trust: a recommendation along any arc convinces with probability 0.5.
    koubei::TrustModel::parse("const:0.5").apply(graph, seed);

    // 3. The diffusion rule, bound to this graph: independent cascade.
    std::unique_ptr<koubei::Rule> rule = koubei::make_rule("ic", graph);

    // 4. Replicates 0..9 (no step limit), 10 random seed users each, 2 threads.
    koubei::BatchResult batch =
        koubei::run_replicates(graph, *rule, koubei::SeedPlan::random(10),
                               koubei::ReplicateRange{seed, 0, 9, 0}, 2);

    // 5. Each replicate records its counts after every step; take the last.
    double total = 0;
    for (const koubei::ReplicateResult& replicate : batch.replicates) {
      total += static_cast<double>(replicate.final_step().counts.adopters);
    }
    std::cout << "koubei " << koubei::kVersion << ", mean final adopters over "
              << batch.replicates.size() << " replicates: "
              << total / static_cast<double>(batch.replicates.size()) << '\n';
  } catch (const std::exception& error) {  // koubei throws InputError for bad specs
    std::cerr << "error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
