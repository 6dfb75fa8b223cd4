#include "app/cli/extra_bench.hpp"

namespace mbrl {
// Filled in as core/learn and core/mcts gain their benchmark functions.
void run_extra_benchmarks(const BenchArgs&) {}
}  // namespace mbrl
