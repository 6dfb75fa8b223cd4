// MPPI's optional control-cost term (Williams et al.): S_i += gamma * sum_t u_t^T Sigma^-1 eps_t,
// with u the nominal plan and eps the noise applied. Same seed, same samples: the costs with and
// without the term must differ by exactly that sum.
#include "core/eigen_warnings.hpp"  // first: see there
#include <doctest/doctest.h>

#include "core/planners/mppi.hpp"
#include "toy_models.hpp"

using namespace mbrl;

TEST_CASE("mppi control cost adds gamma * u^T Sigma^-1 eps to every sample's cost") {
  const int A = 2, H = 6, K = 200;
  test::TrackingModel model(Vec::Constant(A, -2.f), Vec::Constant(A, 2.f));
  PlanRequest req;
  req.state = Vec::Zero(A);
  req.model = &model;
  req.cost = &model;
  req.seed = 5;
  req.trace_cap = K;  // keep every sample
  MppiParams base;
  base.samples = K;
  base.horizon = H;
  base.sigma = 0.3f;
  base.gamma = 0.7f;
  MppiParams with = base;
  with.control_cost = true;
  MppiPlanner plain(base), penalised(with);
  PlanTrace t0, t1;
  // First plan from the zero prior: u = 0, so the term vanishes and both plans agree.
  plain.plan(req, t0);
  penalised.plan(req, t1);
  REQUIRE(plain.plan_actions() == penalised.plan_actions());
  plain.shift(1);
  penalised.shift(1);
  req.plan_index = 1;
  plain.plan(req, t0);
  penalised.plan(req, t1);
  const SampleSet& s0 = *t0.last();
  const SampleSet& s1 = *t1.last();
  const Mat& U = s1.mean_before;  // the warm-started nominal plan
  REQUIRE(U.cwiseAbs().maxCoeff() > 0.1f);
  const float sig = 0.3f * 2.f;  // sigma x half range
  int checked = 0;
  for (int k = 0; k < K; ++k) {
    const int i = s1.index[size_t(k)];
    // The same sample in the unpenalised run (identical draws): find its kept column.
    int k0 = -1;
    for (int m = 0; m < K; ++m)
      if (s0.index[size_t(m)] == i) k0 = m;
    REQUIRE(k0 >= 0);
    CHECK(s0.actions.col(k0) == s1.actions.col(k));
    double term = 0;
    for (int t = 0; t < H; ++t)
      for (int d = 0; d < A; ++d) term += double(U(d, t)) * double(s1.actions(t * A + d, k) - U(d, t)) / (sig * sig);
    CHECK(double(s1.costs(k) - s0.costs(k0)) == doctest::Approx(0.7 * term).epsilon(1e-3).scale(1.0));
    ++checked;
  }
  CHECK(checked == K);
}
