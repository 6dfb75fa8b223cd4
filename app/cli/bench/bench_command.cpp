// `mbrl-playground bench`: planning speed on the pendulum, one JSON object per line.
// Each case plans along a real MPC episode (plan, execute the first action, warm-start shift)
// so the timed plans see realistic, changing states; the first plans are warm-up (buffers and
// model workspaces are allocated once, then never again).
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/commands.hpp"
#include "app/cli/bench/extra_bench.hpp"
#include "engine/real_system.hpp"
#include "core/learn/learned_model.hpp"
#include "core/learn/trainer.hpp"
#include "core/thread_pool.hpp"
#include "app/cli/percentile.hpp"

namespace mbrl {

namespace {

struct BenchCase {
  std::string name;
  std::string planner;
  int samples, horizon, iterations, threads;
  KeyValues extra;
  // Plan through the true dynamics (empty) or through a learned ensemble at the interactive
  // default (5 members, 2 x 64 SiLU, untrained: speed does not depend on the weights) propagated
  // this way (mean, ts1, tsinf, expectation). The environment still steps by its true dynamics.
  std::string propagation = {};
};

nlohmann::json time_case(const BenchCase& c, double seconds) {
  KeyValues sets = {{"samples", std::to_string(c.samples)}, {"horizon", std::to_string(c.horizon)}};
  for (const auto& kv : c.extra) sets.push_back(kv);
  RunSetup setup;
  if (std::string err = build_setup("pendulum", c.planner, sets, setup); !err.empty())
    return {{"case", c.name}, {"error", err}};
  ThreadPool pool(c.threads);
  MpcController mpc(std::move(setup.planner), setup.mpc);
  const Env& env = *setup.env;
  const DynamicsModel* model = &env;
  std::unique_ptr<LearnedModel> learned;
  if (!c.propagation.empty()) {
    KeyValues sets = {{"model.propagation", c.propagation}};
    MbrlSettings mbrl;
    if (std::string err = parse_mbrl_settings("ensemble", "", sets, mbrl); !err.empty())
      return {{"case", c.name}, {"error", err}};
    const ModelParams& mp = mbrl.model;
    const ObsMap obs = obs_map_for(env);
    auto ens = std::make_shared<Ensemble>();
    ens->init(make_spec(mp, obs, env.action_dim()), 1);
    learned = std::make_unique<LearnedModel>(ens, obs, env.action_bounds(), mp);
    model = learned.get();
  }
  Vec s = env.reset(0);
  PlanTrace trace;
  std::vector<double> ms;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0;; ++i) {
    PlanRequest req;
    req.state = s;
    req.model = model;
    req.cost = &env;
    req.seed = 1;
    req.pool = &pool;
    req.trace_cap = 0;
    const auto t0 = std::chrono::steady_clock::now();
    mpc.plan(req, trace);
    const auto t1 = std::chrono::steady_clock::now();
    if (i >= 5) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    const Vec a = mpc.act();
    s = (i % 200 == 199) ? env.reset(0) : env.step_one(s, a);
    const double elapsed = std::chrono::duration<double>(t1 - start).count();
    if ((elapsed > seconds && ms.size() >= 20) || ms.size() >= 5000) break;
  }
  const double median = percentile(ms, 0.5);
  const double steps = double(c.samples) * c.horizon * c.iterations * model->particles();
  return {{"case", c.name},
          {"planner", c.planner},
          {"env", "pendulum"},
          {"model", c.propagation.empty() ? "true" : "ensemble_5x2x64_" + c.propagation},
          {"particles", model->particles()},
          {"samples", c.samples},
          {"horizon", c.horizon},
          {"iterations", c.iterations},
          {"threads", c.threads},
          {"plans", ms.size()},
          {"plan_ms_median", median},
          {"plan_ms_p95", percentile(ms, 0.95)},
          {"model_steps_per_s", median > 0 ? steps / (median * 1e-3) : 0.0},
          {"ns_per_model_step", median * 1e6 / steps}};
}

std::vector<BenchCase> bench_cases() {
  std::vector<BenchCase> cases;
  for (int threads : {1, 2}) {
    const std::string t = "_t" + std::to_string(threads);
    cases.push_back({"mppi_k1000_h30" + t, "mppi", 1000, 30, 1, threads, {{"iterations", "1"}}});
    cases.push_back({"cem_5x200_h30" + t, "cem", 200, 30, 5, threads, {{"iterations", "5"}, {"elites", "20"}}});
    cases.push_back({"shooting_k1000_h30" + t, "shooting", 1000, 30, 1, threads, {}});
  }
  for (int k : {100, 1000, 10000})
    for (int h : {10, 30, 100})
      cases.push_back(
          {"sweep_mppi_k" + std::to_string(k) + "_h" + std::to_string(h), "mppi", k, h, 1, 2, {{"iterations", "1"}}});
  // The interactive default through a learned ensemble (goal: at most 30 ms per plan).
  for (const char* prop : {"mean", "ts1", "tsinf", "expectation"})
    cases.push_back(
        {std::string("mppi_ensemble_k200_h25_") + prop, "mppi", 200, 25, 1, 2, {{"iterations", "1"}}, prop});
  return cases;
}

}  // namespace

bool bench_case_wanted(const BenchArgs& args, const std::string& name) {
  return args.only.empty() || name.find(args.only) != std::string::npos;
}

int bench_command(const BenchArgs& args) {
  std::vector<std::string> names;
  for (const BenchCase& c : bench_cases()) names.push_back(c.name);
  for (const std::string& n : extra_bench_names()) names.push_back(n);
  if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return bench_case_wanted(args, n); })) {
    std::string all;
    for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "mbrl-playground bench: --only '%s' matches no case (cases: %s)\n", args.only.c_str(),
                 all.c_str());
    return 2;
  }
  for (const BenchCase& c : bench_cases()) {
    if (!bench_case_wanted(args, c.name)) continue;
    std::printf("%s\n", time_case(c, args.seconds_per_case).dump().c_str());
    std::fflush(stdout);
  }
  run_extra_benchmarks(args);
  return 0;
}

}  // namespace mbrl
