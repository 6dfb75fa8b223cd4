#include "app/cli/mbrl_run.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "app/cli/output_files.hpp"
#include "app/cli/param_json.hpp"
#include "core/learn/model_io.hpp"
#include "core/params.hpp"

namespace mbrl {

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

// The model file's value of architecture key `key` (model.KEY), spelled as --set spells it.
std::string architecture_value(const NetSpec& spec, const std::string& key) {
  if (key == "members") return std::to_string(spec.members);
  if (key == "layers") return std::to_string(spec.hidden.size());
  if (key == "width") {  // "64", or "64x32" when the layers differ (then no model.width matches)
    std::string all;
    bool uniform = true;
    for (int w : spec.hidden) {
      all += (all.empty() ? "" : "x") + std::to_string(w);
      uniform = uniform && w == spec.hidden.front();
    }
    return uniform && !spec.hidden.empty() ? std::to_string(spec.hidden.front()) : all;
  }
  const ParamSet p = describe(with_architecture(ModelParams{}, spec));  // activation, head: choice names
  return p.value_string(p.index_of(key));
}

bool user_set(const KeyValues& sets, const std::string& key) {
  for (const auto& kv : sets)
    if (kv.first == key) return true;
  return false;
}

// --load-model: the file's ensemble, checked against the environment interface the loop builds,
// --model nn (one member) and any architecture key the user set. "" or one line.
std::string load_initial_model(const RunArgs& args, const Learner& learner, const Env& env, Ensemble& out) {
  const NetSpec expect = make_spec(learner.model_settings(), learner.obs(), env.action_dim());
  Ensemble ens;
  if (std::string e = load_model(args.load_model, ens, &expect); !e.empty()) return "--load-model: " + e;
  const std::string file = "model file '" + args.load_model + "'";
  if (args.model == "nn" && ens.spec.members != 1)
    return "--load-model: " + file + " has " + std::to_string(ens.spec.members) +
           " members; --model nn is a single network (use --model ensemble)";
  const ParamSet given = learner.model_params();
  for (const char* key : {"members", "layers", "width", "activation", "head"}) {
    const std::string set_key = std::string("model.") + key;
    if (!user_set(args.sets, set_key)) continue;
    const std::string mine = given.value_string(given.index_of(key)), theirs = architecture_value(ens.spec, key);
    if (mine != theirs)
      return "--set " + set_key + "=" + mine + " disagrees with --load-model: " + file + " has " + key + " = " +
             theirs + " (the architecture comes from the file)";
  }
  out = std::move(ens);
  return "";
}

// --save-model fails before the run, not after it, when its directory is missing or read-only:
// creates (and removes) the temporary name save_model writes first. "" or one line.

}  // namespace

int mbrl_run_command(const RunArgs& args, Engine& engine) {
  Learner& learner = *engine.learner();
  const Env& env = engine.env();
  auto fail = [](const std::string& line) {
    std::fprintf(stderr, "mbrl-playground run: %s\n", line.c_str());
    return 2;
  };
  Ensemble initial;
  if (!args.load_model.empty())
    if (std::string e = load_initial_model(args, learner, env, initial); !e.empty()) return fail(e);
  if (!args.save_model.empty())
    if (std::string e = check_writable(args.save_model, "--save-model"); !e.empty()) return fail(e);
  if (!args.load_model.empty()) {
    if (std::string e = learner.set_initial_ensemble(std::move(initial)); !e.empty()) return fail("--load-model: " + e);
    if (!args.quiet)
      std::printf("loaded %s (%s)\n", args.load_model.c_str(), learner.model().ensemble().spec.describe().c_str());
  }
  const LoopParams& lp = learner.loop_settings();
  size_t printed = 0;
  auto print_new = [&] {
    const auto& its = learner.result().iterations;
    for (; printed < its.size(); ++printed) {
      if (args.quiet) continue;
      const IterationRecord& rec = its[printed];
      std::printf(
          "iter %2d  real steps %6d  data %6d  train %.4g  holdout %.4g  train %.0f ms  plan %.0f ms  "
          "cost %.2f  %s\n",
          rec.iteration, rec.real_steps, rec.dataset_size, or_null(rec.train_loss), or_null(rec.holdout_loss),
          rec.train_ms, rec.plan_ms, rec.episode_cost, rec.detail.c_str());
      std::fflush(stdout);
    }
  };
  // The loop runs in the engine's synchronous mode: the same episode for the same seed, whoever steps it.
  while (!learner.done() && engine.step()) print_new();
  print_new();
  if (!engine.plan_error().empty()) {
    std::fprintf(stderr, "mbrl-playground run: %s\n", engine.plan_error().c_str());
    return 1;
  }
  const LoopResult& r = learner.result();
  if (!r.error.empty()) std::fprintf(stderr, "mbrl-playground run: training: %s\n", r.error.c_str());
  if (!args.quiet) {
    std::printf("%s / %s / %s %s seed %llu: %s after %d real steps", args.env.c_str(), args.planner.c_str(),
                args.model.c_str(), loop_version_name(lp.version), (unsigned long long)args.seed,
                r.success ? "success" : "failure", r.success ? r.real_steps_at_success : r.real_steps);
    std::printf(" (%s)\n", r.iterations.empty() ? "" : r.iterations.back().detail.c_str());
  }
  // Saved before the metrics are written, which name the file; a failed save still writes them.
  std::string save_error;
  if (!args.save_model.empty()) {
    save_error = save_model(args.save_model, learner.model().ensemble());
    if (!save_error.empty())
      std::fprintf(stderr, "mbrl-playground run: --save-model %s: %s\n", args.save_model.c_str(), save_error.c_str());
    else if (!args.quiet)
      std::printf("model saved to %s\n", args.save_model.c_str());
  }
  const bool saved = !args.save_model.empty() && save_error.empty();
  if (!args.metrics_path.empty()) {
    nlohmann::json j;
    j["env"] = args.env;
    j["planner"] = args.planner;
    j["model"] = args.model;
    j["loop"] = loop_version_name(lp.version);
    j["seed"] = args.seed;
    j["threads"] = args.threads;
    const ParamTree params = engine.params();
    j["params"] = nlohmann::json::object();
    for (const ParamScope& sc : params.scopes()) j["params"][sc.name] = params_to_json(sc.set);
    j["success"] = r.success;
    j["real_steps"] = r.real_steps;
    j["real_steps_at_success"] = r.success ? nlohmann::json(r.real_steps_at_success) : nlohmann::json(nullptr);
    j["outcome"] = r.iterations.empty() ? "" : r.iterations.back().detail;
    j["training_error"] = r.error;
    j["initial_model"] = args.load_model.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.load_model);
    j["model_file"] = saved ? nlohmann::json(args.save_model) : nlohmann::json(nullptr);
    nlohmann::json its = nlohmann::json::array();
    for (const auto& rec : r.iterations) its.push_back(record_json(rec));
    j["iterations"] = its;
    j["states"] = vectors_to_json(engine.states());
    j["actions"] = vectors_to_json(engine.actions());
    if (!write_metrics_file(args.metrics_path, j)) return 2;
  }
  return save_error.empty() ? 0 : 2;  // an unwritable output file is bad input, as for --metrics
}

}  // namespace mbrl
