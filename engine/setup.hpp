#pragma once
// Resolving "--env NAME --planner NAME --set KEY=VALUE ..." into ready objects. Shared by the
// headless commands and the window, so both start from exactly the same setup.
//
// Parameter precedence: the planner's defaults, then the environment's recommended settings
// (for keys the planner has), then the user's --set values. Keys: a planner parameter
// ("samples", "lambda", ...), an environment one ("env.KEY") or an MPC one ("mpc.KEY").
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/mpc.hpp"
#include "envs/env.hpp"

namespace mbrl {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct RunSetup {
  std::unique_ptr<Env> env;
  std::unique_ptr<Planner> planner;
  MpcParams mpc;
};

// Splits "KEY=VALUE"; returns an error message for a malformed item.
std::string parse_key_value(const std::string& item, std::pair<std::string, std::string>& out);

// Builds env, planner and MPC params. Returns "" or one line naming the bad name/key and
// what was expected (unknown names list the valid ones).
std::string build_setup(const std::string& env_name, const std::string& planner_name, const KeyValues& sets,
                        RunSetup& out);

// Applies the env's recommended planner settings onto `p` (only keys the planner has, only
// when in range). Used when switching env or planner in the app too.
void apply_recommended(const Env& env, ParamSet& p);

}  // namespace mbrl
