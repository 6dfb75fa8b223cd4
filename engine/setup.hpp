#pragma once
// Resolving a setup ("--env NAME --planner NAME --model KIND --set KEY=VALUE ...") into ready
// objects. Shared by every caller of the engine (run, the window, lessons), so all start from
// exactly the same setup.
//
// Parameter precedence: the planner's defaults, then the environment's recommended settings (for
// keys the planner has), then the user's --set values in order. Keys are scoped (param_tree.hpp):
// planner.KEY (or a bare KEY), env.KEY, mpc.KEY, model.KEY, loop.KEY; gui.KEY belongs to the window.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/learn/model_params.hpp"
#include "core/mpc.hpp"
#include "engine/loop_params.hpp"
#include "engine/param_tree.hpp"
#include "envs/env.hpp"

namespace mbrl {

struct RunSetup {
  std::unique_ptr<Env> env;
  std::unique_ptr<Planner> planner;
  MpcParams mpc;
};

// Splits "KEY=VALUE"; returns an error message for a malformed item.
std::string parse_key_value(const std::string& item, std::pair<std::string, std::string>& out);

// Builds env, planner and MPC params from the planner.*, env.* and mpc.* items of `sets` (model.*
// and loop.* items are skipped: see parse_mbrl_settings). Returns "" or one line naming the bad
// name/key and what was expected (unknown names list the valid ones).
std::string build_setup(const std::string& env_name, const std::string& planner_name, const KeyValues& sets,
                        RunSetup& out);

// Applies the env's recommended planner settings onto `p` (only keys the planner has, only
// when in range). Used when switching env or planner too.
void apply_recommended(const Env& env, ParamSet& p);

// The learned model and the loop: --model, --loop, model.KEY and loop.KEY resolved.
struct MbrlSettings {
  bool learned = false;  // --model nn|ensemble
  std::string model_kind = "true";
  ModelParams model;
  LoopParams loop;
};

// The model parameters a model kind starts from: nn is one network trained on all the data.
ModelParams model_defaults(const std::string& model_kind);

// Splits model.* and loop.* out of `sets` and validates them; "" or one line naming the flag/key.
std::string parse_mbrl_settings(const std::string& model_kind, const std::string& loop_version, KeyValues& sets,
                                MbrlSettings& out);

}  // namespace mbrl
