#pragma once
// `mbrl-playground run --model nn|ensemble --loop v0.5|v1.0|v1.5`: the MBRL loop (core/learn/
// mbrl_loop.hpp) on a registered environment, plus the env-specific glue the loop must not
// know: the observation map (angles -> sin/cos), the real step (true dynamics + process noise)
// and the success predicate. Also used by tests and, later, by the app.
#include <memory>
#include <string>

#include "app/cli/commands.hpp"
#include "core/learn/mbrl_loop.hpp"

namespace mbrl {

// The network input map for an environment: every state named "theta" becomes (sin, cos).
ObsMap obs_map_for(const Env& env);

// The real system of `env` for the loop (env must outlive it). Random and model episodes
// start from env.reset(seed), steps add `process_noise` (x the env's scale) as run_episode does.
RealSystem real_system_for(const Env& env, float process_noise);

// --model / --loop / model.KEY / loop.KEY resolved. `sets` keeps the other keys for build_setup.
struct MbrlSettings {
  bool learned = false;  // --model nn|ensemble
  std::string model_kind = "true";
  ModelParams model;
  LoopParams loop;
};

// Splits model.* and loop.* out of `sets` and validates them; "" or one line naming the flag/key.
std::string parse_mbrl_settings(const std::string& model_kind, const std::string& loop_version, KeyValues& sets,
                                MbrlSettings& out);

// The run command's learned-model path (exit status as run_command).
int mbrl_run_command(const RunArgs& args, const MbrlSettings& mbrl, RunSetup setup);

}  // namespace mbrl
