#pragma once
// The explicit list of environments.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "envs/env.hpp"

namespace mbrl {

struct EnvEntry {
  std::string name;  // "pendulum", "cartpole", "navigation", "hill", ...
  std::string display_name;
  std::string category;  // "Classic control", "Navigation", "Discrete"
  std::string description;
  std::function<std::unique_ptr<Env>()> make;
};

const std::vector<EnvEntry>& env_registry();
const EnvEntry* find_env(const std::string& name);  // null if unknown
std::string env_names();                            // "pendulum, cartpole, ..." for error messages

}  // namespace mbrl
