// Particles per candidate through the shared rollout (PETS, the uncertainty-aware ensemble lecture): the expectation
// mode evaluates every candidate under every member and averages the costs, more particles steady the estimate when
// aleatoric noise is sampled, and none of it depends on the thread count.
#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "core/learn/learned_model.hpp"
#include "core/rollout.hpp"
#include "core/thread_pool.hpp"

using namespace mbrl;

namespace {

std::shared_ptr<Ensemble> ensemble(int members, Head head) {
  NetSpec sp;
  sp.state_dim = 2;
  sp.action_dim = 1;
  sp.obs_dim = 3;
  sp.obs_name = "toy";
  sp.members = members;
  sp.hidden = {16, 16};
  sp.head = head;
  auto e = std::make_shared<Ensemble>();
  e->init(sp, 77);
  e->target.std << 0.1f, 0.5f;
  return e;
}

ActionBounds bounds1() {
  ActionBounds b;
  b.lo = Vec::Constant(1, -1.f);
  b.hi = Vec::Constant(1, 1.f);
  return b;
}

// l = |s|^2 + 0.1 a^2, l_f = 2 |s|^2.
struct QuadCost : CostModel {
  void running_cost(CMatRef s, CMatRef a, int, VecRef c) const override {
    c += s.colwise().squaredNorm().transpose() + 0.1f * a.colwise().squaredNorm().transpose();
  }
  void terminal_cost(CMatRef s, VecRef c) const override { c += 2.f * s.colwise().squaredNorm().transpose(); }
};

PlanRequest request(const DynamicsModel& m, const CostModel& c, ThreadPool* pool) {
  PlanRequest req;
  req.state = Vec(2);
  req.state << 0.4f, -0.3f;
  req.model = &m;
  req.cost = &c;
  req.seed = 9;
  req.plan_index = 3;
  req.pool = pool;
  req.trace_cap = 8;
  return req;
}

// Fills candidate j's actions from the stream (1, j): the same actions however the population
// is chunked. With `same`, every candidate gets candidate 0's actions.
void run(Rollout& ro, const PlanRequest& req, int H, int K, bool same = false) {
  ro.prepare(req, H, K);
  double f = 0, r = 0;
  ro.run(
      req, 0,
      [&](int c0, int n, RolloutWorker&) {
        for (int j = c0; j < c0 + n; ++j) {
          Rng rng(1, uint64_t(same ? 0 : j));
          for (int i = 0; i < ro.actions.rows(); ++i) ro.actions(i, j) = rng.uniform(-1.f, 1.f);
        }
      },
      f, r);
}

// Candidate j's cost under member k alone, rolled by hand.
float member_cost(const LearnedModel& m, const CostModel& c, const PlanRequest& req, const Mat& actions, int j, int k,
                  int H) {
  Vec cost = Vec::Zero(1);
  Mat x = req.state, y(2, 1);
  for (int t = 0; t < H; ++t) {
    const Mat u = actions.block(t, j, 1, 1);
    c.running_cost(x, u, t, cost);
    m.step_member(k, x, u, y);
    x = y;
  }
  c.terminal_cost(x, cost);
  return cost(0);
}

}  // namespace

TEST_CASE("Expectation: a candidate's cost is the mean of its costs under each member alone") {
  auto e = ensemble(4, Head::Deterministic);
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  m.set_options(Propagation::Expectation, false);
  const QuadCost cost;
  const PlanRequest req = request(m, cost, nullptr);
  const int H = 12, K = 300;
  Rollout ro;
  run(ro, req, H, K);
  REQUIRE(ro.particles() == 4);
  int spread = 0;
  for (int j : {0, 31, 32, 199, 299}) {
    double mean = 0, lo = 1e30, hi = -1e30;
    for (int k = 0; k < 4; ++k) {
      const double ck = member_cost(m, cost, req, ro.actions, j, k, H);
      mean += ck / 4;
      lo = std::min(lo, ck);
      hi = std::max(hi, ck);
    }
    CHECK(ro.costs(j) == doctest::Approx(mean).epsilon(1e-4));
    spread += hi - lo > 1e-2 * std::abs(mean);  // the members really disagree: the mean is not any one of them
  }
  CHECK(spread == 5);
  // The recorded trajectories (of the trace cap's cheapest candidates) are particle 0's, i.e.
  // member 0's prediction.
  REQUIRE(ro.kept() == req.trace_cap);
  for (int k : {0, req.trace_cap - 1}) {
    const int j = ro.kept_index(k);
    Mat x = req.state, y(2, 1);
    for (int t = 0; t < H; ++t) {
      m.step_member(0, x, ro.actions.block(t, j, 1, 1), y);
      x = y;
    }
    CHECK((ro.kept_states(k).segment(2 * H, 2) - x).cwiseAbs().maxCoeff() < 1e-4f);
  }
  // roll_one of a plan gives the same expected cost as that candidate in the population.
  Mat plan = Eigen::Map<const Mat>(ro.actions.col(199).data(), 1, H);
  Mat states;
  CHECK(ro.roll_one(req, plan, states, K + 1) == doctest::Approx(ro.costs(199)).epsilon(1e-4));
}

TEST_CASE("TSinf with particles = K is the expectation, bit for bit, and particles = 1 is one member per candidate") {
  auto e = ensemble(3, Head::Deterministic);
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  const QuadCost cost;
  const PlanRequest req = request(m, cost, nullptr);
  Rollout a, b, c;
  m.set_options(Propagation::Expectation, false);
  run(a, req, 10, 200);
  m.set_options(Propagation::TSinf, false, 3);
  run(b, req, 10, 200);
  CHECK(a.costs == b.costs);
  m.set_options(Propagation::TSinf, false, 1);
  run(c, req, 10, 200);
  REQUIRE(c.particles() == 1);
  for (int j : {0, 1, 2, 100})
    CHECK(c.costs(j) == doctest::Approx(member_cost(m, cost, req, c.actions, j, j % 3, 10)).epsilon(1e-4));
}

TEST_CASE("Particles: costs and recorded states are bit-identical with 1 and 2 threads") {
  auto e = ensemble(5, Head::Probabilistic);
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  const QuadCost cost;
  ThreadPool two(2);
  for (Propagation p : {Propagation::TS1, Propagation::TSinf, Propagation::Expectation}) {
    m.set_options(p, true, 6);
    Rollout r1, r2;
    run(r1, request(m, cost, nullptr), 15, 333);
    run(r2, request(m, cost, &two), 15, 333);
    CHECK(r1.costs == r2.costs);
    REQUIRE(r1.kept() == r2.kept());
    for (int k = 0; k < r1.kept(); ++k) {
      CHECK(r1.kept_index(k) == r2.kept_index(k));
      CHECK(r1.kept_states(k) == r2.kept_states(k));
    }
  }
}

TEST_CASE("With sampled aleatoric noise, 16 particles estimate a candidate's cost with a quarter of the spread") {
  auto e = ensemble(4, Head::Probabilistic);
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  const QuadCost cost;
  const PlanRequest req = request(m, cost, nullptr);
  auto spread = [&](int particles) {
    m.set_options(Propagation::TSinf, true, particles);
    Rollout ro;
    run(ro, req, 20, 400, /*same=*/true);  // 400 estimates of one candidate's cost
    const double mean = ro.costs.cast<double>().mean();
    return std::sqrt((ro.costs.cast<double>().array() - mean).square().mean());
  };
  const double s1 = spread(1), s16 = spread(16);
  MESSAGE("cost std over 400 estimates: 1 particle " << s1 << ", 16 particles " << s16);
  REQUIRE(s1 > 0.0);
  // Independent particles: std / sqrt(16) = std / 4 (the members' bias differs per particle,
  // and 16 is a multiple of 4, so every estimate sees each member 4 times).
  CHECK(s16 < 0.35 * s1);
  CHECK(s16 > 0.1 * s1);
}
