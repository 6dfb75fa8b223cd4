#pragma once
// `mbrl-playground run --model nn|ensemble --loop v0.5|v1.0|v1.5`: the engine's MBRL loop
// (engine/learner.hpp) run to its end, with the per-iteration lines, model files and metrics.
#include "app/cli/commands.hpp"
#include "engine/engine.hpp"

namespace mbrl {

// The run command's learned-model path (exit status as run_command); `engine` has a learner.
int mbrl_run_command(const RunArgs& args, Engine& engine);

}  // namespace mbrl
