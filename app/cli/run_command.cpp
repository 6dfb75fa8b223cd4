// `mbrl-playground run`: one episode (or, with a learned model, the MBRL loop) driven through the
// engine, headless; prints one line and writes the metrics JSON.
#include <cstdio>

#include "app/cli/commands.hpp"
#include "app/cli/mbrl_run.hpp"
#include "app/cli/output_files.hpp"
#include "app/cli/param_json.hpp"
#include "app/cli/percentile.hpp"
#include "engine/engine.hpp"
#include "engine/record/recording.hpp"

namespace mbrl {

namespace {
int run_episode(const RunArgs& args, Engine& engine);
}  // namespace

int run_command(const RunArgs& args, const RecordingExporter& exporter) {
  EngineSetup setup;
  setup.env = args.env;
  setup.planner = args.planner;
  setup.model = args.model;
  setup.loop = args.loop;
  setup.seed = args.seed;
  setup.sets = args.sets;
  // --steps with a learned model: the length of each model-based episode.
  if (args.steps > 0 && args.model != "true") setup.sets.emplace_back("loop.episode_steps", std::to_string(args.steps));
  EngineOptions options;
  options.threads = args.threads;
  std::unique_ptr<Engine> engine;
  if (std::string err = Engine::create(setup, options, engine); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground run: %s\n", err.c_str());
    return 2;
  }
  const RecordingOutputs outputs{args.record_path, args.csv_path, args.export_};
  auto fail = [](const std::string& e) {
    std::fprintf(stderr, "mbrl-playground run: %s\n", e.c_str());
    return 2;
  };
  if (std::string err = check_outputs(outputs, exporter); !err.empty()) return fail(err);
  Recording rec;
  if (outputs.any()) {
    // A recording replays from its setup: a model loaded outside it could not be replayed.
    if (!args.load_model.empty())
      return fail(
          "--load-model cannot be recorded yet (a recording rebuilds its model from the setup); "
          "drop --record/--csv/--export or --load-model");
    rec.keep_traces = false;  // an export re-simulates and draws each plan as it is made
    engine->set_recording(&rec);
  }
  const int status = engine->learned() ? mbrl_run_command(args, *engine) : run_episode(args, *engine);
  if (status == 2 || !outputs.any()) return status;
  engine->set_recording(nullptr);
  const int written = write_outputs(rec, outputs, exporter, args.quiet, "run");
  return written != 0 ? written : status;
}

namespace {
int run_episode(const RunArgs& args, Engine& eng) {
  Engine* engine = &eng;
  const int steps = args.steps > 0 ? args.steps : engine->env().default_steps();
  for (int t = 0; t < steps; ++t)
    if (!engine->step()) break;
  if (!engine->plan_error().empty()) {  // e.g. out of memory for one plan: nothing more was executed
    std::fprintf(stderr, "mbrl-playground run: %s\n", engine->plan_error().c_str());
    return 1;
  }
  const Outcome outcome = engine->outcome();
  double total_cost = 0;
  for (float c : engine->costs()) total_cost += c;

  const double median = percentile(engine->plan_ms(), 0.5), p95 = percentile(engine->plan_ms(), 0.95);
  if (!args.quiet)
    std::printf("%s / %s seed %llu: %d steps, total cost %.3f, %s (%s), plan %.3f ms median, %.3f ms p95\n",
                args.env.c_str(), args.planner.c_str(), (unsigned long long)args.seed, steps, total_cost,
                outcome.success ? "success" : "failure", outcome.detail.c_str(), median, p95);

  if (!args.metrics_path.empty()) {
    nlohmann::json j;
    j["env"] = args.env;
    j["planner"] = args.planner;
    j["seed"] = args.seed;
    j["steps"] = steps;
    j["threads"] = args.threads;
    const ParamTree params = engine->params();
    j["params"] = {{"planner", params_to_json(*params.find("planner"))},
                   {"env", params_to_json(*params.find("env"))},
                   {"mpc", params_to_json(*params.find("mpc"))}};
    j["total_cost"] = total_cost;
    j["success"] = outcome.success;
    j["outcome"] = outcome.detail;
    j["plans"] = engine->plans();
    j["nonfinite_rollouts"] = engine->nonfinite_rollouts();
    j["plan_ms_median"] = median;
    j["plan_ms_p95"] = p95;
    j["costs"] = engine->costs();
    j["states"] = vectors_to_json(engine->states());
    j["actions"] = vectors_to_json(engine->actions());
    if (!write_metrics_file(args.metrics_path, j)) return 2;
  }
  return 0;
}
}  // namespace

}  // namespace mbrl
