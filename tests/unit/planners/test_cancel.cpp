// A plan can be stopped from another thread (PlanRequest::stop): closing the window or SIGTERM
// waited for the plan (time_budget_ms = 20000, samples 1e6 x horizon 1000). Every sampling
// planner returns within a model step of a chunk once the flag is set; the cancelled plan does
// not count and leaves the planner as it was, so the next plan is the one an uncancelled run makes.
// The bound below (5 s for a plan that would take minutes) is about completing, not about speed.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "toy_models.hpp"

using namespace mbrl;

namespace {

// The noisy integrator, 1 ms per model step call: a plan's duration no longer depends on the
// machine, and a big one takes minutes.
class SlowIntegrator : public test::NoisyIntegrator {
 public:
  void step(CMatRef s, CMatRef a, MatRef next, const StepContext& ctx) const override {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    NoisyIntegrator::step(s, a, next, ctx);
  }
};

std::unique_ptr<Planner> make_planner(const std::string& name, int samples) {
  auto p = find_planner(name)->make();
  ParamSet ps = p->params();
  REQUIRE_FALSE(ps.set("samples", samples));
  REQUIRE_FALSE(ps.set("horizon", 10));
  if (name == "cem") {
    REQUIRE_FALSE(ps.set("elites", 8));
    REQUIRE_FALSE(ps.set("iterations", 3));
  }
  REQUIRE(p->set_params(ps).empty());
  return p;
}

void set_samples(Planner& p, int samples) {
  ParamSet ps = p.params();
  REQUIRE_FALSE(ps.set("samples", samples));
  REQUIRE(p.set_params(ps).empty());
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("a sampling plan with a huge budget is cancelled from another thread, and the next plan is unaffected") {
  const SlowIntegrator model;
  ThreadPool pool(2);
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    // Two controllers, one of which has a cancelled plan between its first and second plans.
    MpcController a(make_planner(e.name, 64)), b(make_planner(e.name, 64));
    PlanRequest req;
    req.state = Vec::Constant(1, 0.5f);
    req.model = &model;
    req.cost = &model;
    req.seed = 3;
    req.pool = &pool;
    req.trace_cap = 16;
    PlanTrace ta, tb;
    REQUIRE(a.plan(req, ta));
    REQUIRE(b.plan(req, tb));
    a.act();
    b.act();
    const Mat warm = b.planner().plan_actions();

    // 1e6 samples x 10 steps at 1 ms a step per chunk: about a minute of planning on two threads.
    set_samples(b.planner(), 1000000);
    std::atomic<bool> stop{false};
    PlanRequest big = req;
    big.stop = &stop;
    const auto t0 = std::chrono::steady_clock::now();
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      stop.store(true);
    });
    const bool planned = b.plan(big, tb);
    const double took = seconds_since(t0);
    canceller.join();
    MESSAGE(e.name << ": cancelled after " << took << " s");
    CHECK_FALSE(planned);
    CHECK(took < 5.0);
    CHECK(tb.cancelled);
    CHECK(b.plans_made() == 1);                 // not counted
    CHECK(b.planner().plan_actions() == warm);  // the warm start as it was
    CHECK(tb.plan_actions == warm);             // the trace says so too
    CHECK(std::isnan(tb.plan_cost));            // no prediction for a plan that was not made
    CHECK(tb.iterations_used < (e.name == "cem" ? 3 : 1));

    // The same second plan as the controller that was never interrupted.
    set_samples(b.planner(), 64);
    REQUIRE(a.plan(req, ta));
    REQUIRE(b.plan(req, tb));
    CHECK_FALSE(tb.cancelled);
    CHECK(b.plans_made() == 2);
    CHECK(ta.plan_actions == tb.plan_actions);
    CHECK(ta.plan_cost == tb.plan_cost);
    CHECK(tb.plan_states.cols() == 11);
  }
}

TEST_CASE("a stop flag set before the plan ends it at once, on one thread too") {
  const SlowIntegrator model;
  auto p = make_planner("mppi", 1000000);
  std::atomic<bool> stop{true};
  PlanRequest req;
  req.state = Vec::Constant(1, 0.5f);
  req.model = &model;
  req.cost = &model;
  req.stop = &stop;
  PlanTrace trace;
  const auto t0 = std::chrono::steady_clock::now();
  p->plan(req, trace);
  CHECK(seconds_since(t0) < 5.0);
  CHECK(trace.cancelled);
  CHECK(trace.iterations_used == 0);
  CHECK(p->plan_actions().cols() == 10);  // the prior: a plan of the right shape
}
