// The behaviour that matters: with its default parameters plus the pendulum's recommended planner
// settings, each sampling planner swings the pendulum up from hanging down (theta = pi) and holds
// it (the env's success predicate: |theta| < 0.1 for the last 20 steps) within 200 steps, on at
// least 9 of 10 planner seeds, replanning every step on the true model.
#include <doctest/doctest.h>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;

TEST_CASE("pendulum swing-up within 200 steps on >= 9 of 10 seeds, for every sampling planner") {
  PendulumEnv env;
  ThreadPool pool(2);
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    int successes = 0;
    for (uint64_t seed = 0; seed < 10; ++seed) {
      auto planner = e.make();
      ParamSet ps = planner->params();
      for (const auto& [key, value] : env.recommended_planner_settings())
        if (ps.find(key)) REQUIRE_FALSE(ps.set(key, value));
      REQUIRE(planner->set_params(ps).empty());
      MpcController mpc(std::move(planner));
      std::vector<Vec> states{env.reset(seed)}, actions;
      PlanTrace trace;
      for (int t = 0; t < 200; ++t) {
        if (mpc.due()) {
          PlanRequest req;
          req.state = states.back();
          req.model = &env;
          req.cost = &env;
          req.seed = seed;
          req.pool = &pool;
          req.trace_cap = 0;
          mpc.plan(req, trace);
        }
        actions.push_back(mpc.act());
        states.push_back(env.step_one(states.back(), actions.back()));
      }
      const Outcome o = env.evaluate(EpisodeView{&states, &actions});
      INFO("seed " << seed << ": " << o.detail);
      successes += o.success;
    }
    CHECK(successes >= 9);
  }
}
