// Plans never leave the action bounds (also when the optimum lies outside them and the warm
// start is shifted along an MPC run); a rollout with a non-finite cost is never chosen and is
// counted in the trace.
#include <doctest/doctest.h>

#include <limits>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "core/planners/sampling_common.hpp"
#include "core/thread_pool.hpp"
#include "toy_models.hpp"

using namespace mbrl;

namespace {
bool inside(const Mat& m, const Vec& lo, const Vec& hi) {
  for (Eigen::Index c = 0; c < m.cols(); ++c)
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      const Eigen::Index d = r % lo.size();
      if (!(m(r, c) >= lo(d) && m(r, c) <= hi(d))) return false;
    }
  return true;
}

std::vector<std::string> sampling_planners() {
  std::vector<std::string> v;
  for (const auto& e : planner_registry())
    if (e.kind == PlannerKind::Sampling) v.push_back(e.name);
  return v;
}
}  // namespace

TEST_CASE("plans and samples stay inside asymmetric action bounds through warm-started MPC") {
  Vec lo(2), hi(2);
  lo << 0.2f, -3.f;
  hi << 1.0f, -1.f;
  test::TrackingModel model(lo, hi);
  model.target_offset = Vec::Constant(2, 4.f);  // optimum far outside: pushes against hi(0) and hi(1)
  ThreadPool pool(2);
  for (const auto& name : sampling_planners()) {
    for (const char* pad : {"last", "zero"}) {
      CAPTURE(name);
      const std::string pad_name = pad;
      CAPTURE(pad_name);
      auto p = find_planner(name)->make();
      ParamSet ps = p->params();
      REQUIRE_FALSE(ps.set("horizon", 10));
      REQUIRE_FALSE(ps.set("sigma", 3.0));  // wide noise: most raw samples fall outside
      REQUIRE_FALSE(ps.set_from_string("pad", pad));
      REQUIRE(p->set_params(ps).empty());
      MpcController mpc(std::move(p));
      PlanTrace trace;
      Vec s = Vec::Zero(2);
      for (int t = 0; t < 12; ++t) {
        if (mpc.due()) {
          PlanRequest req;
          req.state = s;
          req.model = &model;
          req.cost = &model;
          req.seed = 3;
          req.pool = &pool;
          req.trace_cap = 1000000;
          mpc.plan(req, trace);
          for (int i = 0; i < trace.iterations_used; ++i) CHECK(inside(trace.iterations[size_t(i)].actions, lo, hi));
          CHECK(inside(trace.plan_actions, lo, hi));
        }
        const Vec a = mpc.act();
        CHECK(inside(a, lo, hi));
        CHECK(inside(mpc.planner().plan_actions(), lo, hi));  // the shifted warm start too
        s = a;
      }
      // Pushing against the bounds, the refining planners end up near the upper corner (CEM's
      // elite mean of clamped samples sits a little inside it). Uniform random shooting in 20
      // dimensions is the lectures' needle in a haystack: no such claim for it.
      if (name != "shooting") {
        CHECK(mpc.planner().plan_actions()(0, 0) > 0.8f);
        CHECK(mpc.planner().plan_actions()(1, 0) > -1.5f);
      }
    }
  }
}

TEST_CASE("warm start: shift moves the plan left and pads with the last action or zero") {
  ActionBounds b{Vec::Constant(1, -1.f), Vec::Constant(1, 1.f)};
  Mat plan(1, 4);
  plan << 0.1f, 0.2f, 0.3f, 0.4f;
  Mat p1 = plan;
  shift_plan(p1, 1, PadMode::Last, b);
  CHECK(p1 == (Mat(1, 4) << 0.2f, 0.3f, 0.4f, 0.4f).finished());
  Mat p2 = plan;
  shift_plan(p2, 2, PadMode::Zero, b);
  CHECK(p2 == (Mat(1, 4) << 0.3f, 0.4f, 0.f, 0.f).finished());
  Mat p3 = plan;
  shift_plan(p3, 9, PadMode::Last, b);
  CHECK(p3 == Mat::Constant(1, 4, 0.4f));
  // "zero" is clamped into bounds that exclude it.
  ActionBounds pos{Vec::Constant(1, 0.5f), Vec::Constant(1, 1.f)};
  Mat p4 = Mat::Constant(1, 3, 0.7f);
  shift_plan(p4, 1, PadMode::Zero, pos);
  CHECK(p4(0, 2) == 0.5f);
}

TEST_CASE("non-finite rollouts are never chosen and are counted") {
  ThreadPool pool(2);
  for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    test::PoisonedModel model;
    model.bad = bad;
    for (const auto& name : sampling_planners()) {
      CAPTURE(name);
      CAPTURE(bad);
      auto p = find_planner(name)->make();
      ParamSet ps = p->params();
      REQUIRE_FALSE(ps.set("horizon", 5));
      REQUIRE_FALSE(ps.set("sigma", 1.0));
      if (name == "mppi") REQUIRE_FALSE(ps.set("lambda", 0.01));
      REQUIRE(p->set_params(ps).empty());
      PlanRequest req;
      req.state = Vec::Zero(1);
      req.model = &model;
      req.cost = &model;
      req.seed = 8;
      req.pool = &pool;
      PlanTrace trace;
      p->plan(req, trace);
      // The finite optimum is u_0 = limit (u = 1 would be cheaper but its cost is poisoned).
      CHECK(trace.nonfinite > 0);
      CHECK(p->plan_actions()(0, 0) <= model.limit);
      CHECK(p->plan_actions()(0, 0) > model.limit - 0.4f);
      CHECK(std::isfinite(trace.plan_cost));
      const SampleSet& s = *trace.last();
      int infs = 0;
      for (int i = 0; i < s.population; ++i) {
        CHECK(std::isfinite(s.all_weights(i)));
        if (std::isinf(s.all_costs(i))) {
          ++infs;
          CHECK(s.all_weights(i) == 0.f);
        }
      }
      CHECK(infs > 0);
      CHECK(s.best_index >= 0);
      CHECK(std::isfinite(s.best_cost));
    }
  }
}

TEST_CASE("when every rollout is non-finite the plan keeps the warm start and stays finite") {
  test::PoisonedModel model;
  model.limit = -2.f;  // every first action exceeds it
  for (const auto& name : sampling_planners()) {
    CAPTURE(name);
    auto p = find_planner(name)->make();
    PlanRequest req;
    req.state = Vec::Zero(1);
    req.model = &model;
    req.cost = &model;
    PlanTrace trace;
    p->plan(req, trace);
    CHECK(trace.nonfinite == trace.last()->population * trace.iterations_used);
    CHECK(p->plan_actions().allFinite());
    CHECK((p->plan_actions().array() == 0.f).all());  // the prior: zero
  }
}
