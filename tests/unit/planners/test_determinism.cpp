// Every draw comes from Rng(seed, plan index, sample index, iteration) and the rollout is split
// into fixed chunks, so 1 and 2 threads must give bit-identical plans and traces -- also with a
// stochastic model, a population that is not a multiple of the chunk size, and over MPC steps.
#include <doctest/doctest.h>

#include <string>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "envs/pendulum.hpp"
#include "toy_models.hpp"

using namespace mbrl;

namespace {
struct Run {
  std::vector<Mat> plans;
  std::vector<Vec> costs;
  std::vector<Mat> kept_states;
  std::vector<Vec> states;
};

// An MPC loop of `steps` steps on `model` with `threads` threads.
Run run(const std::string& planner, const DynamicsModel& model, const CostModel& cost, Vec s, int threads, int samples,
        int steps) {
  auto p = find_planner(planner)->make();
  ParamSet ps = p->params();
  REQUIRE_FALSE(ps.set("samples", samples));
  REQUIRE_FALSE(ps.set("horizon", 12));
  if (planner == "mppi") REQUIRE_FALSE(ps.set("smoothing", 0.6));  // smoothing and control cost included
  if (planner == "mppi") REQUIRE_FALSE(ps.set("control_cost", 1));
  if (planner == "shooting") REQUIRE_FALSE(ps.set_from_string("sampling", "gaussian"));
  if (planner == "cem") REQUIRE_FALSE(ps.set("lambda", 0.5));
  if (planner == "cem") REQUIRE_FALSE(ps.set("smoothing", 0.7));
  REQUIRE(p->set_params(ps).empty());
  MpcController mpc(std::move(p));
  ThreadPool pool(threads);
  PlanTrace trace;
  Run r;
  for (int t = 0; t < steps; ++t) {
    PlanRequest req;
    req.state = s;
    req.model = &model;
    req.cost = &cost;
    req.seed = 77;
    req.pool = &pool;
    req.trace_cap = 40;
    if (mpc.due()) {
      mpc.plan(req, trace);
      r.plans.push_back(mpc.planner().plan_actions());
      r.costs.push_back(trace.last()->all_costs);
      r.kept_states.push_back(trace.last()->states);
    }
    const Vec a = mpc.act();
    Mat next(s.size(), 1);
    StepContext ctx;
    ctx.seed = 5;
    ctx.t = t;
    model.step(s, a, next, ctx);
    s = next.col(0);
    r.states.push_back(s);
  }
  return r;
}

void check_identical(const Run& a, const Run& b) {
  REQUIRE(a.plans.size() == b.plans.size());
  for (size_t i = 0; i < a.plans.size(); ++i) {
    CAPTURE(i);
    CHECK(a.plans[i] == b.plans[i]);  // exact, bit for bit
    CHECK(a.costs[i] == b.costs[i]);
    CHECK(a.kept_states[i] == b.kept_states[i]);
  }
  for (size_t i = 0; i < a.states.size(); ++i) CHECK(a.states[i] == b.states[i]);
}
}  // namespace

TEST_CASE("1 thread vs 2 threads: bit-identical plans, traces and episodes") {
  PendulumEnv pendulum;
  test::NoisyIntegrator noisy;
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    // 300 samples: two full chunks and a partial one.
    check_identical(run(e.name, pendulum, pendulum, pendulum.reset(0), 1, 300, 15),
                    run(e.name, pendulum, pendulum, pendulum.reset(0), 2, 300, 15));
    check_identical(run(e.name, noisy, noisy, Vec::Constant(1, 2.f), 1, 300, 10),
                    run(e.name, noisy, noisy, Vec::Constant(1, 2.f), 2, 300, 10));
  }
}

TEST_CASE("different seeds or plan indices give different samples") {
  PendulumEnv env;
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    auto p = e.make();
    PlanRequest req;
    req.state = env.reset(0);
    req.model = &env;
    req.cost = &env;
    PlanTrace t1, t2, t3;
    req.seed = 1;
    p->plan(req, t1);
    p->reset();
    req.seed = 2;
    p->plan(req, t2);
    p->reset();
    req.seed = 1;
    req.plan_index = 1;
    p->plan(req, t3);
    CHECK(t1.last()->all_costs != t2.last()->all_costs);
    CHECK(t1.last()->all_costs != t3.last()->all_costs);
  }
}
