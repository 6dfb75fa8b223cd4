#pragma once
// Benchmarks of the other libraries (learned-model forward pass, MCTS), printed by `bench`
// after the planner cases, one JSON object per line.
#include "app/cli/commands.hpp"

namespace mbrl {
void run_extra_benchmarks(const BenchArgs& args);
}
