#pragma once
// The explicit list of environments: adding an env is one line in registry.cpp, and the
// contract tests (tests/unit/envs/test_env_contract.cpp) then check it.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "envs/env.hpp"

namespace mbrl {

// The kind of action an env takes: a box of continuous values (for the sampling planners), or
// ONE dimension holding an index among a few fixed action vectors -- such an env implements
// DiscreteActionSpace (core/mcts/discrete_action_space.hpp) and MCTS branches over it.
enum class ActionKind { Continuous, Discrete };

struct EnvEntry {
  std::string name;  // "pendulum", "cartpole", "navigation", "hill", ...
  std::string display_name;
  ActionKind actions;    // from the type: Discrete iff the env implements DiscreteActionSpace
  std::string category;  // menu/help heading: "Classic control", "Navigation", "Discrete actions"
  std::string description;
  std::function<std::unique_ptr<Env>()> make;
};

const std::vector<EnvEntry>& env_registry();
const EnvEntry* find_env(const std::string& name);  // null if unknown
std::string env_names();                            // "pendulum, cartpole, ..." for error messages

}  // namespace mbrl
