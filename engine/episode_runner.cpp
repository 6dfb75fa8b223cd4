#include "engine/episode_runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/rng.hpp"

namespace mbrl {

namespace {
constexpr uint64_t kRealSystemStream = 0x5EA15EA1ull;  // keeps env noise apart from planner streams
}

StepContext real_step_context(uint64_t seed, int step) {
  StepContext ctx;
  ctx.seed = stream_key(seed, kRealSystemStream);
  ctx.t = step;
  ctx.sample_begin = 0;
  return ctx;
}

Vec real_step(const Env& env, const Vec& s, const Vec& a, float process_noise, uint64_t seed, int step) {
  Vec next = env.step_one(s, a, real_step_context(seed, step));
  if (process_noise > 0.f) {
    Rng rng(seed, kRealSystemStream + 1, uint64_t(step));
    const Vec scale = env.process_noise_scale();
    for (int i = 0; i < next.size(); ++i) next(i) += process_noise * scale(i) * rng.normal();
  }
  return next;
}

EpisodeResult run_episode(const Env& env, MpcController& mpc, const DynamicsModel& model, const CostModel& cost,
                          const EpisodeConfig& cfg, ThreadPool* pool,
                          const std::function<void(const PlanTrace&)>& on_plan) {
  EpisodeResult r;
  r.states.reserve(size_t(cfg.steps) + 1);
  r.actions.reserve(size_t(cfg.steps));
  Vec s = env.reset(cfg.seed);
  r.states.push_back(s);
  PlanTrace trace;
  Vec step_cost(1);
  for (int t = 0; t < cfg.steps; ++t) {
    if (mpc.due()) {
      PlanRequest req;
      req.state = s;
      req.model = &model;
      req.cost = &cost;
      req.seed = cfg.seed;
      req.pool = pool;
      req.trace_cap = cfg.trace_cap;
      const auto t0 = std::chrono::steady_clock::now();
      mpc.plan(req, trace);
      const auto t1 = std::chrono::steady_clock::now();
      r.plan_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      r.nonfinite_rollouts += trace.nonfinite;
      ++r.plans;
      if (on_plan) on_plan(trace);
    }
    const Vec a = mpc.act();
    step_cost.setZero();
    env.running_cost(s, a, t, step_cost);
    r.costs.push_back(step_cost(0));
    r.total_cost += step_cost(0);
    s = real_step(env, s, a, mpc.params().process_noise, cfg.seed, t);
    r.actions.push_back(a);
    r.states.push_back(s);
  }
  r.outcome = env.evaluate(EpisodeView{&r.states, &r.actions});
  return r;
}

EpisodeResult run_episode(const Env& env, MpcController& mpc, const EpisodeConfig& cfg, ThreadPool* pool) {
  return run_episode(env, mpc, env, env, cfg, pool);
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  const size_t hi = std::min(v.size() - 1, lo + 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

}  // namespace mbrl
