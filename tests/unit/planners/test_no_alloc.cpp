// "No heap allocation per plan after warm-up": malloc is interposed in this test executable to
// count calls (Eigen and operator new both end in malloc). After a few warm-up plans, a plan may
// allocate only what the model's own action_bounds() returns (two Vecs, by the interface).
// Sanitizers interpose malloc themselves, so under them this file compiles to nothing.
#include <doctest/doctest.h>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

#include <atomic>
#include <cstddef>

#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "envs/pendulum.hpp"

#include "../malloc_counter.hpp"

using namespace mbrl;

TEST_CASE("no heap allocation per plan after warm-up (beyond the model's action_bounds())") {
  PendulumEnv env;
  ThreadPool pool(2);
  const long before_bounds = mbrl::testing::malloc_count();
  { const ActionBounds b = env.action_bounds(); }
  const long per_bounds = mbrl::testing::malloc_count() - before_bounds;
  CHECK(per_bounds > 0);  // the counter sees Eigen's allocations
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    auto p = e.make();
    ParamSet ps = p->params();
    REQUIRE_FALSE(ps.set("samples", 300));  // a partial last chunk
    if (e.name == "mppi") {
      REQUIRE_FALSE(ps.set("iterations", 2));
      REQUIRE_FALSE(ps.set("smoothing", 0.5));
      REQUIRE_FALSE(ps.set("control_cost", 1));
    }
    if (e.name == "cem") REQUIRE_FALSE(ps.set("lambda", 1.0));
    REQUIRE(p->set_params(ps).empty());
    PlanRequest req;
    req.state = env.reset(0);
    req.model = &env;
    req.cost = &env;
    req.pool = &pool;
    req.trace_cap = 64;
    PlanTrace trace;
    CHECK(mbrl::testing::allocations_after_warmup(*p, req, trace, 3, 10) == 10 * per_bounds);
  }
}

#endif  // !sanitizers
