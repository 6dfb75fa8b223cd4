// End to end through the adapter: MPPI plans through a learned ensemble (trained only on
// random-torque data, MBRL v0.5 style) and swings the real pendulum up.
#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include <memory>

#include "core/learn/learned_model.hpp"
#include "core/learn/trainer.hpp"
#include "core/learn/variance_penalty.hpp"
#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;

TEST_CASE("MPPI through a learned ensemble swings the real pendulum up within 120 steps") {
  const PendulumEnv env;
  // Random data: 60 episodes x 50 steps from random states, random torques.
  Dataset d(2, 1, 100000);
  for (int e = 0; e < 60; ++e) {
    Rng rng(31, uint64_t(e));
    Vec s(2);
    s << rng.uniform(-3.14f, 3.14f), rng.uniform(-8.f, 8.f);
    for (int t = 0; t < 50; ++t) {
      Vec a = Vec::Constant(1, rng.uniform(-2.f, 2.f));
      const Vec n = env.step_one(s, a);
      d.add(s, a, n, 0, e, t);
      s = n;
    }
  }
  const ObsMap obs = ObsMap::angles(2, {0}, "pendulum");
  ModelParams mp;  // interactive default: 5 members, 2 x 64 SiLU, TSinf
  mp.epochs = 40;
  mp.lr = 3e-3f;
  auto ens = std::make_shared<Ensemble>();
  ens->init(make_spec(mp, obs, 1), 1);
  const TrainReport rep = train_ensemble(*ens, obs, d, mp, 1);
  REQUIRE(rep.ok());
  MESSAGE(rep.summary);
  LearnedModel model(ens, obs, env.action_bounds(), mp);
  VariancePenaltyCost cost(env, model, 0.1f);

  auto planner = find_planner("mppi")->make();
  ParamSet ps = planner->params();
  for (const auto& [k, v] : env.recommended_planner_settings())
    if (ps.find(k)) REQUIRE_FALSE(ps.set(k, v));
  REQUIRE(planner->set_params(ps).empty());
  ThreadPool pool(2);
  PlanRequest req;
  req.model = &model;
  req.cost = &cost;
  req.pool = &pool;
  req.seed = 5;
  req.trace_cap = 16;
  PlanTrace trace;
  std::vector<Vec> states{env.reset(0)}, actions;
  for (int t = 0; t < 120; ++t) {
    req.state = states.back();
    req.plan_index = t;
    planner->plan(req, trace);
    const Vec a = planner->plan_actions().col(0);
    actions.push_back(a);
    states.push_back(env.step_one(states.back(), a));
    planner->shift(1);
  }
  const Outcome out = env.evaluate(EpisodeView{&states, &actions});
  MESSAGE(out.detail);
  CHECK(out.success);
}
