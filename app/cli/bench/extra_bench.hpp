#pragma once
// Benchmarks of the other libraries (learned-model forward pass, MCTS), printed by `bench`
// after the planner cases, one JSON object per line.
#include <string>
#include <vector>

#include "app/cli/commands.hpp"

namespace mbrl {
// The "case" names run_extra_benchmarks() prints, one per benchmark; `--only` matches them.
std::vector<std::string> extra_bench_names();
void run_extra_benchmarks(const BenchArgs& args);
}  // namespace mbrl
