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
    ScopedKey k;
    if (std::string e = split_key(key, k); !e.empty()) return "--set " + e;
    std::optional<std::string> err;
    if (k.scope == "env") {
      err = env_params.set_from_string(k.key, value);
      if (err) return "--set " + key + ": " + *err + " (environment '" + env_name + "')";
    } else if (k.scope == "mpc") {
      err = mpc_params.set_from_string(k.key, value);
      if (err) return "--set " + key + ": " + *err;
    } else if (k.scope == "planner") {
      err = planner_params.set_from_string(k.key, value);
      if (err) return "--set " + key + ": " + *err + " (planner '" + planner_name + "')";
    } else if (k.scope == "gui") {
      return "--set " + key + ": a window setting (only the window takes gui.KEY)";
    }  // model.* and loop.*: parse_mbrl_settings
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

ModelParams model_defaults(const std::string& model_kind) {
  ModelParams mp;
  if (model_kind == "nn") {  // one network on all the data
    mp.members = 1;
    mp.bootstrap = false;
  }
  return mp;
}

std::string parse_mbrl_settings(const std::string& model_kind, const std::string& loop_version, KeyValues& sets,
                                MbrlSettings& out) {
  if (model_kind != "true" && model_kind != "nn" && model_kind != "ensemble")
    return "--model: unknown model '" + model_kind + "' (valid: true, nn, ensemble)";
  out.model_kind = model_kind;
  out.learned = model_kind != "true";
  ParamSet model_set = describe(model_defaults(model_kind)), loop_set = describe(LoopParams{});
  if (!loop_version.empty()) {
    if (auto err = loop_set.set_from_string("version", loop_version))
      return "--loop: unknown version '" + loop_version + "' (valid: v0.5, v1.0, v1.5)";
  }
  KeyValues rest;
  bool any_mbrl_key = !loop_version.empty();
  for (const auto& [key, value] : sets) {
    ScopedKey k;
    if (std::string err = split_key(key, k); !err.empty()) return "--set " + err;
    const bool is_model = k.scope == "model", is_loop = k.scope == "loop";
    if (!is_model && !is_loop) {
      rest.emplace_back(key, value);
      continue;
    }
    any_mbrl_key = true;
    ParamSet& target = is_model ? model_set : loop_set;
    if (auto err = target.set_from_string(k.key, value))
      return "--set " + key + ": " + *err + (is_model ? " (learned model)" : " (MBRL loop)");
  }
  if (!out.learned && any_mbrl_key)
    return std::string(loop_version.empty() ? "--set model.*/loop.*" : "--loop") +
           ": needs a learned model (--model nn or --model ensemble)";
  out.model = load<ModelParams>(model_set);
  out.loop = load<LoopParams>(loop_set);
  if (model_kind == "nn" && out.model.members != 1)
    return "--set model.members=" + std::to_string(out.model.members) +
           ": --model nn is a single network (use --model ensemble for several members)";
  if (std::string e = validate_params(out.model); !e.empty()) return "--set model.*: " + e;
  if (std::string e = validate_params(out.loop); !e.empty()) return "--set loop.*: " + e;
  sets = std::move(rest);
  return "";
}

}  // namespace mbrl
