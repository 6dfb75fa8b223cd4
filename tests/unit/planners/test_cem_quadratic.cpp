// CEM on a convex quadratic: cost sum_t ||u_t - u*_t||^2 with u* inside the bounds. The
// distribution must converge to u* (tolerance stated below) and its elite cost must fall.
#include "core/eigen_warnings.hpp"  // first: see there
#include <doctest/doctest.h>

#include "core/planners/cem.hpp"
#include "core/thread_pool.hpp"
#include "toy_models.hpp"

using namespace mbrl;

TEST_CASE("cem converges to the minimum of a convex quadratic") {
  const int A = 2, H = 8;
  test::TrackingModel model(Vec::Constant(A, -2.f), Vec::Constant(A, 2.f));
  CemPlanner cem;
  ParamSet ps = cem.params();
  REQUIRE_FALSE(ps.set("horizon", H));
  REQUIRE_FALSE(ps.set("iterations", 30));
  REQUIRE_FALSE(ps.set("samples", 300));
  REQUIRE_FALSE(ps.set("elites", 30));
  REQUIRE(cem.set_params(ps).empty());
  ThreadPool pool(2);
  PlanRequest req;
  req.state = Vec::Zero(A);
  req.model = &model;
  req.cost = &model;
  req.seed = 11;
  req.pool = &pool;
  PlanTrace trace;
  cem.plan(req, trace);

  // Tolerance: every planned action within 0.02 of the optimum (1% of the half range 2).
  for (int t = 0; t < H; ++t) {
    const Vec target = test::TrackingModel::target(A, t);
    CAPTURE(t);
    CHECK((cem.plan_actions().col(t) - target).cwiseAbs().maxCoeff() < 0.02f);
  }
  CHECK(trace.plan_cost < 1e-3f);
  REQUIRE(trace.iterations_used == 30);
  // The elites get cheaper from the first refit to the last, and the std shrinks.
  CHECK(trace.iterations[29].elite_cost_mean < 0.01f * trace.iterations[0].elite_cost_mean);
  CHECK(trace.iterations[29].sigma_after.maxCoeff() < trace.iterations[0].sigma_before.minCoeff());
}

TEST_CASE("cem: the PDDM reward-weighted mean and the 'best' result also reach the minimum") {
  const int A = 1, H = 5;
  test::TrackingModel model(Vec::Constant(A, -1.f), Vec::Constant(A, 1.f));
  for (const char* variant : {"weighted", "best"}) {
    CAPTURE(variant);
    CemPlanner cem;
    ParamSet ps = cem.params();
    REQUIRE_FALSE(ps.set("horizon", H));
    REQUIRE_FALSE(ps.set("iterations", 25));
    if (std::string(variant) == "weighted")
      REQUIRE_FALSE(ps.set("lambda", 0.05));
    else
      REQUIRE_FALSE(ps.set_from_string("result", "best"));
    REQUIRE(cem.set_params(ps).empty());
    PlanRequest req;
    req.state = Vec::Zero(A);
    req.model = &model;
    req.cost = &model;
    req.seed = 4;
    PlanTrace trace;
    cem.plan(req, trace);
    for (int t = 0; t < H; ++t)
      CHECK(std::abs(cem.plan_actions()(0, t) - test::TrackingModel::target(A, t)(0)) < 0.03f);
  }
}
