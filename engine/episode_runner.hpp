#pragma once
// One MPC episode on an environment, headless: the real system is the env's own dynamics
// (plus optional process noise), the planner plans through `model` (the env itself for the
// true-dynamics case, or a learned model). Used by `mbrl-playground run`, the benchmarks and
// the behaviour tests; the app runs the same step logic on its worker thread.
#include <functional>
#include <vector>

#include "core/mpc.hpp"
#include "core/thread_pool.hpp"
#include "envs/env.hpp"

namespace mbrl {

struct EpisodeConfig {
  int steps = 200;
  uint64_t seed = 0;
  int trace_cap = 0;  // samples kept in full per plan trace (0: headless runs draw nothing)
};

struct EpisodeResult {
  std::vector<Vec> states;      // s_0 .. s_T
  std::vector<Vec> actions;     // a_0 .. a_{T-1}
  std::vector<float> costs;     // running cost of each executed step
  std::vector<double> plan_ms;  // wall time of each plan
  double total_cost = 0;
  int plans = 0;
  int nonfinite_rollouts = 0;
  Outcome outcome;
};

// The random stream of the real system (process noise, stochastic envs) for an episode step.
StepContext real_step_context(uint64_t seed, int step);

// Executes one real step: env dynamics, then process noise (std * env scale .* N(0,1)).
Vec real_step(const Env& env, const Vec& s, const Vec& a, float process_noise, uint64_t seed, int step);

// Runs an episode. `on_plan` (optional) sees every trace as it is made.
EpisodeResult run_episode(const Env& env, MpcController& mpc, const DynamicsModel& model, const CostModel& cost,
                          const EpisodeConfig& cfg, ThreadPool* pool,
                          const std::function<void(const PlanTrace&)>& on_plan = {});

// Convenience for the true-dynamics case: the env is the model and the cost.
EpisodeResult run_episode(const Env& env, MpcController& mpc, const EpisodeConfig& cfg, ThreadPool* pool);

// Median and 95th percentile of a sample (0 for an empty one).
double percentile(std::vector<double> v, double q);

}  // namespace mbrl
