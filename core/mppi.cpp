// GCC 12 reports false "uninitialized" warnings inside the AVX-512 intrinsics Eigen inlines here
// (_mm512_undefined_ps in max/min/log); the code is fine.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include "core/mppi.hpp"

#include <cmath>

namespace mbrl {

void MppiPlanner::plan(const PlanRequest& req, PlanTrace& trace) {
  const auto t0 = Clock::now();
  const MppiParams p = p_;  // snapshot: the parameters of this plan
  const int K = p.samples, H = p.horizon, A = req.model->action_dim(), AH = A * H;
  begin_plan(req, trace, K, p.iterations);
  sig_t_.resize(AH);
  for (int t = 0; t < H; ++t) sig_t_.segment(t * A, A) = p.sigma * half_;
  weights_.resize(K);
  const uint64_t stream = uint64_t(req.plan_index);

  for (int it = 0; it < p.iterations; ++it) {
    SampleSet& set = trace.iterations[size_t(it)];
    set.mean_before = plan_;
    set.sigma_before = Eigen::Map<const Mat>(sig_t_.data(), A, H);
    const Eigen::Map<const Vec> U(plan_.data(), AH);
    if (p.control_cost) ctrl_w_ = p.gamma * U.cwiseQuotient(sig_t_.cwiseProduct(sig_t_));

    auto fill = [&](int c0, int n, RolloutWorker& w) {
      auto block = ro_.actions.middleCols(c0, n);
      fill_normals(req.seed, stream, c0, uint64_t(it), block, w.normals);
      smooth_noise(block, A, p.beta);
      for (int j = 0; j < n; ++j) {
        auto col = block.col(j);
        col = (U + col.cwiseProduct(sig_t_)).cwiseMax(lo_t_).cwiseMin(hi_t_);
        // Control cost on the noise actually applied (after clamping): eps = u - U.
        if (p.control_cost) ro_.costs(c0 + j) += ctrl_w_.dot(col - U);
      }
    };
    trace.nonfinite += ro_.run(req, it, fill, trace.ms_sample, trace.ms_rollout);

    const int bad = softmin_weights(ro_.costs, p.lambda, weights_);
    double wcost = 0;
    if (bad < K) {
      // U <- sum_i w_i u_i: a convex combination of clamped samples, inside the bounds up to rounding.
      Eigen::Map<Vec> u(plan_.data(), AH);
      u.noalias() = ro_.actions * weights_;
      u = u.cwiseMax(lo_t_).cwiseMin(hi_t_);  // float rounding of the sum may step past a bound
      for (int i = 0; i < K; ++i)
        if (weights_(i) > 0.f) wcost += double(weights_(i)) * double(ro_.costs(i));
    }
    set.mean_after = plan_;
    set.sigma_after = set.sigma_before;
    set.elite_cost_mean = float(wcost);
    record_samples(set, ro_, weights_, nullptr, req.trace_cap, order_);
    trace.ess = effective_sample_size(weights_);
    trace.iterations_used = it + 1;
  }
  finish_plan(req, trace, t0);
}

}  // namespace mbrl
