#include <cstdio>

#include "app/cli/commands.hpp"
#include "app/cli/mbrl_run.hpp"
#include "app/cli/param_json.hpp"
#include "core/thread_pool.hpp"
#include "engine/episode_runner.hpp"

namespace mbrl {

int run_command(const RunArgs& args) {
  KeyValues sets = args.sets;
  MbrlSettings mbrl;
  if (std::string err = parse_mbrl_settings(args.model, args.loop, sets, mbrl); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground run: %s\n", err.c_str());
    return 2;
  }
  RunSetup setup;
  if (std::string err = build_setup(args.env, args.planner, sets, setup); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground run: %s\n", err.c_str());
    return 2;
  }
  if (mbrl.learned) return mbrl_run_command(args, mbrl, std::move(setup));
  const int steps = args.steps > 0 ? args.steps : setup.env->default_steps();
  ThreadPool pool(args.threads);
  MpcController mpc(std::move(setup.planner), setup.mpc);
  EpisodeConfig cfg;
  cfg.steps = steps;
  cfg.seed = args.seed;
  const EpisodeResult r = run_episode(*setup.env, mpc, cfg, &pool);

  const double median = percentile(r.plan_ms, 0.5), p95 = percentile(r.plan_ms, 0.95);
  if (!args.quiet)
    std::printf("%s / %s seed %llu: %d steps, total cost %.3f, %s (%s), plan %.3f ms median, %.3f ms p95\n",
                args.env.c_str(), args.planner.c_str(), (unsigned long long)args.seed, steps, r.total_cost,
                r.outcome.success ? "success" : "failure", r.outcome.detail.c_str(), median, p95);

  if (!args.metrics_path.empty()) {
    nlohmann::json j;
    j["env"] = args.env;
    j["planner"] = args.planner;
    j["seed"] = args.seed;
    j["steps"] = steps;
    j["threads"] = args.threads;
    j["params"] = {{"planner", params_to_json(mpc.planner().params())},
                   {"env", params_to_json(setup.env->params())},
                   {"mpc", params_to_json(describe(mpc.params()))}};
    j["total_cost"] = r.total_cost;
    j["success"] = r.outcome.success;
    j["outcome"] = r.outcome.detail;
    j["plans"] = r.plans;
    j["nonfinite_rollouts"] = r.nonfinite_rollouts;
    j["plan_ms_median"] = median;
    j["plan_ms_p95"] = p95;
    j["costs"] = r.costs;
    j["states"] = vectors_to_json(r.states);
    j["actions"] = vectors_to_json(r.actions);
    if (!write_metrics_file(args.metrics_path, j)) return 2;
  }
  return 0;
}

}  // namespace mbrl
