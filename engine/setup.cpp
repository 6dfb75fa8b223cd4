#include "engine/setup.hpp"

#include "core/planners/registry.hpp"
#include "core/params.hpp"
#include "envs/registry.hpp"

namespace mbrl {

std::string parse_key_value(const std::string& item, std::pair<std::string, std::string>& out) {
  const auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
    return "--set '" + item + "': expected KEY=VALUE (e.g. --set samples=500 or --set env.mass=1.2)";
  out = {item.substr(0, eq), item.substr(eq + 1)};
  return "";
}

void apply_recommended(const Env& env, ParamSet& p) {
  for (const auto& [key, value] : env.recommended_planner_settings())
    if (p.find(key)) p.set(key, value);  // out-of-range recommendations are ignored
}

std::string build_setup(const std::string& env_name, const std::string& planner_name, const KeyValues& sets,
                        RunSetup& out) {
  const EnvEntry* env_entry = find_env(env_name);
  if (!env_entry) return "--env: unknown environment '" + env_name + "' (valid: " + env_names() + ")";
  const PlannerEntry* planner_entry = find_planner(planner_name);
  if (!planner_entry) return "--planner: unknown planner '" + planner_name + "' (valid: " + planner_names() + ")";

  auto env = env_entry->make();
  auto planner = planner_entry->make();
  ParamSet env_params = env->params();
  ParamSet planner_params = planner->params();
  apply_recommended(*env, planner_params);
  ParamSet mpc_params = describe(MpcParams{});

  for (const auto& [key, value] : sets) {
    std::optional<std::string> err;
    if (key.rfind("env.", 0) == 0) {
      err = env_params.set_from_string(key.substr(4), value);
      if (err) return "--set " + key + ": " + *err + " (environment '" + env_name + "')";
    } else if (key.rfind("mpc.", 0) == 0) {
      err = mpc_params.set_from_string(key.substr(4), value);
      if (err) return "--set " + key + ": " + *err;
    } else {
      err = planner_params.set_from_string(key, value);
      if (err) return "--set " + key + ": " + *err + " (planner '" + planner_name + "')";
    }
  }
  if (std::string e = env->set_params(env_params); !e.empty()) return "--set env.*: " + e;
  if (std::string e = planner->set_params(planner_params); !e.empty()) return "--set: " + e;
  MpcParams mpc = load<MpcParams>(mpc_params);
  if (std::string e = validate_params(mpc); !e.empty()) return "--set mpc.*: " + e;

  out.env = std::move(env);
  out.planner = std::move(planner);
  out.mpc = mpc;
  return "";
}

}  // namespace mbrl
