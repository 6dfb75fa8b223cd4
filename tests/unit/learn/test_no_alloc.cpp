// Planning through a learned ensemble allocates nothing per plan after warm-up: malloc is
// interposed in this test executable to count calls (Eigen and operator new end in malloc).
// A plan may allocate only what the model's action_bounds() returns (two Vecs, by the interface).
// Sanitizers interpose malloc themselves, so under them this file compiles to nothing.
#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

#include <atomic>
#include <cstddef>
#include <memory>

#include "core/learn/learned_model.hpp"
#include "core/learn/trainer.hpp"
#include "core/learn/variance_penalty.hpp"
#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "envs/pendulum.hpp"

#include "../malloc_counter.hpp"

using namespace mbrl;

TEST_CASE(
    "Planning through a learned ensemble (every propagation mode, with pessimism) allocates nothing after warm-up") {
  PendulumEnv env;
  const ObsMap obs = ObsMap::angles(2, {0}, "pendulum");
  ModelParams mp;  // the interactive default: 5 members, 2 x 64
  auto ens = std::make_shared<Ensemble>();
  ens->init(make_spec(mp, obs, 1), 3);
  for (Head head : {Head::Deterministic, Head::Probabilistic}) {
    NetSpec sp = ens->spec;
    sp.head = head;
    auto e = std::make_shared<Ensemble>();
    e->init(sp, 3);
    LearnedModel model(e, obs, env.action_bounds(), mp);
    VariancePenaltyCost cost(env, model, 0.5f);
    const long b0 = mbrl::testing::malloc_count();
    { const ActionBounds b = model.action_bounds(); }
    const long per_bounds = mbrl::testing::malloc_count() - b0;
    ThreadPool pool(2);
    for (Propagation prop : {Propagation::Mean, Propagation::TS1, Propagation::TSinf, Propagation::Expectation}) {
      CAPTURE(int(head));
      CAPTURE(int(prop));
      model.set_options(prop, head == Head::Probabilistic);
      auto p = find_planner("mppi")->make();
      ParamSet ps = p->params();
      REQUIRE_FALSE(ps.set("samples", 300));
      REQUIRE(p->set_params(ps).empty());
      PlanRequest req;
      req.state = env.reset(0);
      req.model = &model;
      req.cost = &cost;
      req.pool = &pool;
      req.trace_cap = 32;
      PlanTrace trace;
      CHECK(mbrl::testing::allocations_after_warmup(*p, req, trace, 3, 5) == 5 * per_bounds);
      CHECK(trace.plan_actions.allFinite());
    }
  }
}

#endif  // !sanitizers
