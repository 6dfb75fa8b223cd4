#include "app/cli/mbrl_run.hpp"

#include <cmath>
#include <cstdio>

#include "app/cli/param_json.hpp"
#include "core/params.hpp"
#include "envs/episode.hpp"

namespace mbrl {

ObsMap obs_map_for(const Env& env) {
  const auto names = env.state_names();
  std::vector<int> angles;
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == "theta") angles.push_back(int(i));
  if (angles.empty()) return ObsMap::identity(env.state_dim(), env.name());
  return ObsMap::angles(env.state_dim(), angles, env.name());
}

RealSystem real_system_for(const Env& env, float process_noise) {
  RealSystem sys;
  sys.dynamics = &env;
  sys.cost = &env;
  sys.obs = obs_map_for(env);
  sys.default_steps = env.default_steps();
  sys.reset = [&env](uint64_t seed) { return env.reset(seed); };
  sys.step = [&env, process_noise](const Vec& s, const Vec& a, uint64_t seed, int step) {
    return real_step(env, s, a, process_noise, seed, step);
  };
  sys.success = [&env](const std::vector<Vec>& states, const std::vector<Vec>& actions, std::string& detail) {
    const Outcome o = env.evaluate(EpisodeView{&states, &actions});
    detail = o.detail;
    return o.success;
  };
  return sys;
}

std::string parse_mbrl_settings(const std::string& model_kind, const std::string& loop_version, KeyValues& sets,
                                MbrlSettings& out) {
  if (model_kind != "true" && model_kind != "nn" && model_kind != "ensemble")
    return "--model: unknown model '" + model_kind + "' (valid: true, nn, ensemble)";
  out.model_kind = model_kind;
  out.learned = model_kind != "true";
  ModelParams mp;
  if (model_kind == "nn") {  // one network on all the data
    mp.members = 1;
    mp.bootstrap = false;
  }
  ParamSet model_set = describe(mp), loop_set = describe(LoopParams{});
  if (!loop_version.empty()) {
    if (auto err = loop_set.set_from_string("version", loop_version))
      return "--loop: unknown version '" + loop_version + "' (valid: v0.5, v1.0, v1.5)";
  }
  KeyValues rest;
  bool any_mbrl_key = !loop_version.empty();
  for (const auto& [key, value] : sets) {
    const bool is_model = key.rfind("model.", 0) == 0, is_loop = key.rfind("loop.", 0) == 0;
    if (!is_model && !is_loop) {
      rest.emplace_back(key, value);
      continue;
    }
    any_mbrl_key = true;
    ParamSet& target = is_model ? model_set : loop_set;
    if (auto err = target.set_from_string(key.substr(is_model ? 6 : 5), value))
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

namespace {
double or_null(double x) { return std::isfinite(x) ? x : -1.0; }

nlohmann::json record_json(const IterationRecord& r) {
  nlohmann::json j;
  j["iteration"] = r.iteration;
  j["real_steps"] = r.real_steps;
  j["dataset_size"] = r.dataset_size;
  j["trainings"] = r.trainings;
  j["train_loss"] = std::isfinite(r.train_loss) ? nlohmann::json(r.train_loss) : nlohmann::json(nullptr);
  j["holdout_loss"] = std::isfinite(r.holdout_loss) ? nlohmann::json(r.holdout_loss) : nlohmann::json(nullptr);
  j["train_ms"] = r.train_ms;
  j["plan_ms"] = r.plan_ms;
  j["plans"] = r.plans;
  j["episode_steps"] = r.episode_steps;
  j["episode_cost"] = r.episode_cost;
  j["success"] = r.success;
  j["detail"] = r.detail;
  j["train_summary"] = r.train_summary;
  return j;
}

}  // namespace

int mbrl_run_command(const RunArgs& args, const MbrlSettings& mbrl, RunSetup setup) {
  LoopParams lp = mbrl.loop;
  if (args.steps > 0) lp.episode_steps = args.steps;  // --steps: length of each model-based episode
  const Env& env = *setup.env;
  ThreadPool pool(args.threads);
  MbrlLoop loop(real_system_for(env, setup.mpc.process_noise), std::move(setup.planner), setup.mpc, mbrl.model, lp,
                args.seed, &pool);
  const LoopResult r = loop.run([&](const IterationRecord& rec) {
    if (args.quiet) return;
    std::printf(
        "iter %2d  real steps %6d  data %6d  train %.4g  holdout %.4g  train %.0f ms  plan %.0f ms  "
        "cost %.2f  %s\n",
        rec.iteration, rec.real_steps, rec.dataset_size, or_null(rec.train_loss), or_null(rec.holdout_loss),
        rec.train_ms, rec.plan_ms, rec.episode_cost, rec.detail.c_str());
    std::fflush(stdout);
  });
  if (!r.error.empty()) std::fprintf(stderr, "mbrl-playground run: training: %s\n", r.error.c_str());
  if (!args.quiet) {
    std::printf("%s / %s / %s %s seed %llu: %s after %d real steps", args.env.c_str(), args.planner.c_str(),
                mbrl.model_kind.c_str(), loop_version_name(lp.version), (unsigned long long)args.seed,
                r.success ? "success" : "failure", r.success ? r.real_steps_at_success : r.real_steps);
    std::printf(" (%s)\n", r.iterations.empty() ? "" : r.iterations.back().detail.c_str());
  }
  if (!args.metrics_path.empty()) {
    nlohmann::json j;
    j["env"] = args.env;
    j["planner"] = args.planner;
    j["model"] = mbrl.model_kind;
    j["loop"] = loop_version_name(lp.version);
    j["seed"] = args.seed;
    j["threads"] = args.threads;
    j["params"] = {{"planner", params_to_json(loop.planner().params())},
                   {"env", params_to_json(env.params())},
                   {"mpc", params_to_json(describe(setup.mpc))},
                   {"model", params_to_json(describe(mbrl.model))},
                   {"loop", params_to_json(describe(lp))}};
    j["success"] = r.success;
    j["real_steps"] = r.real_steps;
    j["real_steps_at_success"] = r.success ? nlohmann::json(r.real_steps_at_success) : nlohmann::json(nullptr);
    j["outcome"] = r.iterations.empty() ? "" : r.iterations.back().detail;
    j["training_error"] = r.error;
    nlohmann::json its = nlohmann::json::array();
    for (const auto& rec : r.iterations) its.push_back(record_json(rec));
    j["iterations"] = its;
    j["states"] = vectors_to_json(r.last_states);
    j["actions"] = vectors_to_json(r.last_actions);
    if (!write_metrics_file(args.metrics_path, j)) return 2;
  }
  return 0;
}

}  // namespace mbrl
