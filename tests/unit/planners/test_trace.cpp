// The PlanTrace a panel draws: kept samples are the cheapest `trace_cap` in ascending cost with
// their own predicted states; population costs and weights, elite mask, per-iteration
// distribution, ESS, timings and the returned plan rolled through the model.
#include "core/eigen_warnings.hpp"  // first: see there
#include <doctest/doctest.h>

#include "core/planners/registry.hpp"
#include "core/thread_pool.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;

TEST_CASE("trace: every sampling planner fills the trace completely and consistently") {
  PendulumEnv env;
  ThreadPool pool(2);
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    auto p = e.make();
    ParamSet ps = p->params();
    REQUIRE_FALSE(ps.set("samples", 300));
    REQUIRE_FALSE(ps.set("horizon", 20));
    if (e.name == "mppi") REQUIRE_FALSE(ps.set("iterations", 2));
    REQUIRE(p->set_params(ps).empty());
    const int K = 300, H = 20, iters = e.name == "cem" ? 5 : e.name == "mppi" ? 2 : 1;
    PlanRequest req;
    req.state = env.reset(0);
    req.model = &env;
    req.cost = &env;
    req.seed = 2;
    req.pool = &pool;
    req.trace_cap = 50;
    PlanTrace tr;
    p->plan(req, tr);
    p->shift(1);
    req.plan_index = 1;
    p->plan(req, tr);  // a second plan refills the same trace

    CHECK(tr.planner == e.name);
    CHECK(tr.plan_index == 1);
    CHECK(tr.horizon == H);
    CHECK(tr.state_dim == 2);
    CHECK(tr.action_dim == 1);
    CHECK(tr.start_state == req.state);
    REQUIRE(tr.iterations_used == iters);
    CHECK(tr.nonfinite == 0);
    CHECK(tr.ms_total > 0);
    CHECK(tr.ms_rollout > 0);
    CHECK(tr.ms_sample > 0);
    CHECK(tr.ms_update >= 0);
    CHECK(tr.ms_sample + tr.ms_rollout + tr.ms_update == doctest::Approx(tr.ms_total).epsilon(0.01));
    CHECK(tr.ess >= 1.f - 1e-4f);
    CHECK(tr.ess <= float(K) + 1e-2f);
    // The plan and its prediction.
    CHECK(tr.plan_actions == p->plan_actions());
    REQUIRE(tr.plan_states.rows() == 2);
    REQUIRE(tr.plan_states.cols() == H + 1);
    CHECK(Vec(tr.plan_states.col(0)) == req.state);
    Vec s = req.state;
    for (int t = 0; t < H; ++t) s = env.step_one(s, tr.plan_actions.col(t));
    CHECK((tr.plan_states.col(H) - s).norm() < 1e-5f);
    CHECK(std::isfinite(tr.plan_cost));

    for (int it = 0; it < iters; ++it) {
      CAPTURE(it);
      const SampleSet& set = tr.iterations[size_t(it)];
      CHECK(set.population == K);
      REQUIRE(set.all_costs.size() == K);
      REQUIRE(set.all_weights.size() == K);
      CHECK(set.all_weights.sum() == doctest::Approx(1.0).epsilon(1e-4));
      CHECK(set.best_cost == set.all_costs.minCoeff());
      CHECK(set.all_costs(set.best_index) == set.best_cost);
      REQUIRE(set.index.size() == 50);
      CHECK(set.actions.rows() == H);
      CHECK(set.actions.cols() == 50);
      CHECK(set.states.rows() == 2 * (H + 1));
      CHECK(set.index[0] == set.best_index);
      for (int k = 0; k < 50; ++k) {
        const int i = set.index[size_t(k)];
        CHECK(set.costs(k) == set.all_costs(i));
        CHECK(set.weights(k) == set.all_weights(i));
        if (k > 0) CHECK(set.costs(k) >= set.costs(k - 1));
        // Every kept sample carries its own predicted states: s_0 is the start, s_H its rollout.
        Vec x = req.state;
        for (int t = 0; t < H; ++t) x = env.step_one(x, set.actions.col(k).segment(t, 1));
        CHECK((set.states.col(k).tail(2) - x).norm() < 1e-5f);
        CHECK(Vec(set.states.col(k).head(2)) == req.state);
      }
      // Kept cheapest: no discarded sample is cheaper than the most expensive kept one.
      int cheaper = 0;
      for (int i = 0; i < K; ++i) cheaper += set.all_costs(i) < set.costs(49);
      CHECK(cheaper <= 49);
      CHECK(set.mean_before.rows() == 1);
      CHECK(set.mean_before.cols() == H);
      CHECK(set.sigma_before.cols() == H);
      CHECK(set.mean_after.cols() == H);
      CHECK(set.sigma_after.cols() == H);
      CHECK((set.sigma_before.array() > 0.f).all());
    }
    if (e.name == "cem") {
      const SampleSet& set = tr.iterations[4];
      int elites = 0;
      for (int k = 0; k < 50; ++k) elites += set.elite[size_t(k)];
      CHECK(elites == 20);  // the 20 elites are the 20 cheapest, all kept
      for (int k = 0; k < 20; ++k) CHECK(set.elite[size_t(k)] == 1);
      CHECK(set.elite_cost_mean == doctest::Approx(set.costs.head(20).mean()).epsilon(1e-4));
      CHECK(tr.ess == doctest::Approx(20.0).epsilon(1e-4));
      // The refit narrows the distribution and each iteration starts where the last ended.
      CHECK(set.sigma_after.mean() < tr.iterations[0].sigma_before.mean());
      CHECK(tr.iterations[1].mean_before == tr.iterations[0].mean_after);
    }
    if (e.name == "mppi") {
      const SampleSet& set = tr.iterations[1];
      CHECK(tr.iterations[1].mean_before == tr.iterations[0].mean_after);
      CHECK(set.sigma_after == set.sigma_before);
      CHECK(set.elite_cost_mean >= set.best_cost);
    }
    if (e.name == "shooting") {
      CHECK(tr.iterations[0].elite[0] == 1);  // argmin: the cheapest is the chosen one
      CHECK(tr.iterations[0].weights(0) == 1.f);
      CHECK(tr.plan_actions == Eigen::Map<const Mat>(tr.iterations[0].actions.col(0).data(), 1, H));
    }
  }
}

TEST_CASE("trace: cap 0 keeps no samples but still all costs, cap above K keeps all") {
  PendulumEnv env;
  auto p = find_planner("mppi")->make();
  PlanRequest req;
  req.state = env.reset(0);
  req.model = &env;
  req.cost = &env;
  PlanTrace tr;
  req.trace_cap = 0;
  p->plan(req, tr);
  CHECK(tr.last()->index.empty());
  CHECK(tr.last()->actions.cols() == 0);
  CHECK(tr.last()->all_costs.size() == 1000);
  req.trace_cap = 5000;
  p->plan(req, tr);
  const SampleSet& set = *tr.last();
  CHECK(set.index.size() == 1000);
  // With every sample kept, MPPI's update is visibly the weighted average U = sum_i w_i u_i.
  const Mat avg = set.actions * set.weights;
  CHECK((avg - Eigen::Map<const Mat>(set.mean_after.data(), set.mean_after.size(), 1)).cwiseAbs().maxCoeff() < 1e-4f);
}

TEST_CASE("mppi: sigma really scales the noise, relative to the half action range") {
  PendulumEnv env;  // torque in [-2, 2]: half range 2
  for (float sigma : {0.05f, 0.2f}) {
    auto p = find_planner("mppi")->make();
    ParamSet ps = p->params();
    REQUIRE_FALSE(ps.set("sigma", sigma));
    REQUIRE(p->set_params(ps).empty());
    PlanRequest req;
    req.state = env.reset(0);
    req.model = &env;
    req.cost = &env;
    req.trace_cap = 1000;
    PlanTrace tr;
    p->plan(req, tr);  // nominal plan is zero, so the samples are the noise itself
    const Mat& a = tr.last()->actions;
    const double sd = std::sqrt(double(a.array().square().mean()));
    CHECK(sd == doctest::Approx(2.0 * sigma).epsilon(0.03));
    CHECK(tr.last()->sigma_before(0, 0) == doctest::Approx(2.0 * sigma));
  }
}

namespace {
// Lag-1 correlation of the first iteration's samples, drawn around the zero prior (so the samples
// are the noise itself).
double lag1_correlation(const char* planner, double beta) {
  PendulumEnv env;
  auto p = find_planner(planner)->make();
  ParamSet ps = p->params();
  REQUIRE_FALSE(ps.set("smoothing", beta));
  REQUIRE_FALSE(ps.set("sigma", 0.1));  // small: no clamping
  REQUIRE(p->set_params(ps).empty());
  PlanRequest req;
  req.state = env.reset(0);
  req.model = &env;
  req.cost = &env;
  req.trace_cap = 1000;
  PlanTrace tr;
  p->plan(req, tr);
  const Mat& a = tr.iterations[0].actions;
  const Mat x = a.topRows(a.rows() - 1), y = a.bottomRows(a.rows() - 1);
  return double((x.array() * y.array()).mean() / std::sqrt(x.array().square().mean() * y.array().square().mean()));
}
}  // namespace

TEST_CASE("mppi and cem: PDDM smoothing beta < 1 makes successive noise steps correlated") {
  for (const char* name : {"mppi", "cem"}) {
    CAPTURE(name);
    CHECK(std::abs(lag1_correlation(name, 1.0)) < 0.05);
    CHECK(lag1_correlation(name, 0.3) > 0.6);  // eps'_t = 0.3 eps_t + 0.7 eps'_{t-1}: lag-1 correlation 0.7
  }
}
