#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include <memory>
#include <set>

#include "core/learn/learned_model.hpp"
#include "core/learn/trainer.hpp"
#include "core/learn/variance_penalty.hpp"
#include "core/thread_pool.hpp"

using namespace mbrl;
using namespace mbrl::testing;

namespace {

// An untrained 3-member ensemble: members differ by their random init, which is all these tests need.
std::shared_ptr<Ensemble> three_members(Head head = Head::Deterministic) {
  NetSpec sp;
  sp.state_dim = 2;
  sp.action_dim = 1;
  sp.obs_dim = 3;
  sp.obs_name = "toy";
  sp.members = 3;
  sp.hidden = {16, 16};
  sp.head = head;
  auto e = std::make_shared<Ensemble>();
  e->init(sp, 21);
  e->target.std << 0.1f, 0.5f;
  return e;
}

ActionBounds bounds1() {
  ActionBounds b;
  b.lo = Vec::Constant(1, -1.f);
  b.hi = Vec::Constant(1, 1.f);
  return b;
}

struct Batch {
  Mat s = Mat::Random(2, 12) * 2.0f;
  Mat a = Mat::Random(1, 12);
};

}  // namespace

TEST_CASE("TSinf: particle i always uses member i mod K, however the batch is split") {
  auto e = three_members();
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  m.set_options(Propagation::TSinf, false);
  Batch b;
  Mat members(6, 12);
  m.predict_members(b.s, b.a, members);
  auto ws = m.make_workspace(12);
  for (int t : {0, 3}) {
    StepContext ctx;
    ctx.seed = 42;
    ctx.t = t;
    ctx.sample_begin = 7;  // global index of column 0
    ctx.workspace = ws.get();
    Mat next(2, 12);
    m.step(b.s, b.a, next, ctx);
    for (int c = 0; c < 12; ++c) {
      const int k = (7 + c) % 3;
      CHECK((next.col(c) - members.block(2 * k, c, 2, 1)).cwiseAbs().maxCoeff() < 1e-5f);
    }
    // The same samples stepped as two chunks give the same members' predictions (equal up to
    // float rounding: GEMM kernels of other widths sum in another order).
    Mat a1(2, 5), a2(2, 7);
    ctx.sample_begin = 7;
    m.step(b.s.leftCols(5), b.a.leftCols(5), a1, ctx);
    ctx.sample_begin = 12;
    m.step(b.s.rightCols(7), b.a.rightCols(7), a2, ctx);
    CHECK((a1 - next.leftCols(5)).cwiseAbs().maxCoeff() < 1e-5f);
    CHECK((a2 - next.rightCols(7)).cwiseAbs().maxCoeff() < 1e-5f);
  }
}

TEST_CASE("TS1: a member drawn per sample and step from (seed, t, sample), deterministic given the seed") {
  auto e = three_members();
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  m.set_options(Propagation::TS1, false);
  Mat s = Mat::Random(2, 200), a = Mat::Random(1, 200);
  Mat members(6, 200);
  m.predict_members(s, a, members);
  StepContext ctx;
  ctx.seed = 5;
  ctx.t = 2;
  Mat n1(2, 200), n2(2, 200), n3(2, 200);
  m.step(s, a, n1, ctx);
  m.step(s, a, n2, ctx);
  CHECK(n1 == n2);
  std::set<int> used;
  for (int c = 0; c < 200; ++c) {
    const int k = int(Rng(ctx.seed, uint64_t(ctx.t), uint64_t(c)).below(3));
    used.insert(k);
    CHECK((n1.col(c) - members.block(2 * k, c, 2, 1)).cwiseAbs().maxCoeff() < 1e-5f);
  }
  CHECK(used.size() == 3);
  ctx.t = 3;  // another step draws other members
  m.step(s, a, n3, ctx);
  CHECK(n3 != n1);
}

TEST_CASE("Mean mode returns the average of the members and reports their disagreement") {
  auto e = three_members();
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  Batch b;
  Mat members(6, 12);
  m.predict_members(b.s, b.a, members);
  const Mat avg = (members.topRows(2) + members.middleRows(2, 2) + members.bottomRows(2)) / 3.0f;
  m.set_options(Propagation::Mean, false);
  CHECK(m.particles() == 1);
  auto ws = m.make_workspace(12);
  StepContext ctx;
  ctx.workspace = ws.get();
  Mat next(2, 12);
  m.step(b.s, b.a, next, ctx);
  CHECK((next - avg).cwiseAbs().maxCoeff() < 1e-5f);
  // The disagreement of this step is reported in the workspace and equals member_variance.
  Vec var(12);
  m.member_variance(b.s, b.a, var);
  REQUIRE(LearnedModel::last_variance(*ws).size() == 12);
  CHECK((LearnedModel::last_variance(*ws) - var).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK(var.minCoeff() > 0.f);
}

TEST_CASE("Expectation asks for one particle per member, and particle p of a candidate runs member p") {
  auto e = three_members();
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  m.set_options(Propagation::Expectation, false, 7);  // model.particles does not apply here
  CHECK(m.particles() == 3);
  m.set_options(Propagation::TSinf, false, 7);
  CHECK(m.particles() == 7);
  m.set_options(Propagation::Expectation, false);
  Batch b;
  Mat members(6, 12);
  m.predict_members(b.s, b.a, members);
  StepContext ctx;
  ctx.sample_begin = 3 * 5;  // candidate 5's particle 0
  Mat next(2, 12);
  m.step(b.s, b.a, next, ctx);
  for (int c = 0; c < 12; ++c) CHECK((next.col(c) - members.block(2 * (c % 3), c, 2, 1)).cwiseAbs().maxCoeff() < 1e-5f);
}

TEST_CASE("Probabilistic head: aleatoric noise is sampled only when asked, reproducibly") {
  auto e = three_members(Head::Probabilistic);
  LearnedModel m(e, ObsMap::angles(2, {0}, "toy"), bounds1());
  Batch b;
  for (Propagation p : {Propagation::Mean, Propagation::TSinf}) {
    m.set_options(p, false);
    StepContext ctx;
    ctx.seed = 3;
    Mat clean(2, 12), n1(2, 12), n2(2, 12), n3(2, 12);
    m.step(b.s, b.a, clean, ctx);
    m.set_options(p, true);
    m.step(b.s, b.a, n1, ctx);
    m.step(b.s, b.a, n2, ctx);
    ctx.seed = 4;
    m.step(b.s, b.a, n3, ctx);
    CHECK(n1 == n2);
    CHECK(n1 != n3);
    CHECK((n1 - clean).cwiseAbs().maxCoeff() > 1e-4f);
    CHECK(n1.allFinite());
  }
}

TEST_CASE("Ensemble disagreement far from the data is at least 3x the disagreement on the data") {
  // Learn the toy pendulum from states with |theta| <= 1, |omega| <= ~2; ask about theta in [4, 6].
  Dataset d(2, 1, 10000);
  fill_toy(d, 40, 25, 1.0f, 17);
  const ObsMap obs = ObsMap::identity(2, "toy");  // no sin/cos: "far" stays far for the network
  ModelParams p;
  p.members = 5;
  p.layers = 2;
  p.width = 32;
  p.epochs = 25;
  p.batch = 64;
  p.lr = 3e-3f;
  Ensemble e;
  e.init(make_spec(p, obs, 1), 1);
  const TrainReport rep = train_ensemble(e, obs, d, p, 1);
  REQUIRE(rep.ok());
  MESSAGE(rep.summary);
  LearnedModel m(std::make_shared<Ensemble>(e), obs, bounds1());
  Mat s_in(2, 200), a_in(1, 200), s_far(2, 200), a_far(1, 200);
  for (int c = 0; c < 200; ++c) {
    s_in.col(c) = d.state(c * 5);
    a_in.col(c) = d.action(c * 5);
    Rng rng(8, uint64_t(c));
    s_far.col(c) << rng.uniform(4.f, 6.f), rng.uniform(-1.f, 1.f);
    a_far(0, c) = rng.uniform(-1.f, 1.f);
  }
  Vec v_in(200), v_far(200);
  m.member_variance(s_in, a_in, v_in);
  m.member_variance(s_far, a_far, v_far);
  MESSAGE("mean variance on data " << v_in.mean() << ", far " << v_far.mean());
  CHECK(v_far.mean() >= 3.0f * v_in.mean());

  // The variance penalty adds beta * that disagreement to the base cost.
  struct Zero : CostModel {
    void running_cost(CMatRef, CMatRef, int, VecRef) const override {}
    void terminal_cost(CMatRef, VecRef) const override {}
  } zero;
  VariancePenaltyCost pess(zero, m, 2.0f);
  Vec c = Vec::Zero(200);
  pess.running_cost(s_far, a_far, 0, c);
  CHECK((c - 2.0f * v_far).cwiseAbs().maxCoeff() < 1e-5f * (1.0f + v_far.maxCoeff()));
}

TEST_CASE("The ensemble forward split over a thread pool equals the single-thread forward") {
  NetSpec sp;
  sp.state_dim = 3;
  sp.action_dim = 2;
  sp.obs_dim = 4;
  sp.members = 3;
  sp.hidden = {40, 24, 16};
  sp.head = Head::Probabilistic;
  Ensemble e;
  e.init(sp, 8);
  ThreadPool pool(2);
  for (int n : {300, 1001}) {
    const Mat x = Mat::Random(6, n);
    Mat a(3 * 6, n), b(3 * 6, n);
    EnsembleWorkspace w1, w2;
    e.forward_all(x, a, w1);
    e.forward_all(x, b, w2, &pool);
    CHECK((a - b).cwiseAbs().maxCoeff() < 1e-5f);
    // ... and every member block equals that member alone.
    for (int k = 0; k < 3; ++k) {
      Mat m(6, n);
      e.forward_member(k, x, m, w1);
      CHECK((a.middleRows(6 * k, 6) - m).cwiseAbs().maxCoeff() < 1e-5f);
    }
  }
}
