#include "core/eigen_warnings.hpp"  // first: see there
#include "core/planners/mppi.hpp"

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
      auto eps = normals_by_row(req.seed, stream, c0, uint64_t(it), AH, n, w.normals);
      smooth_noise(eps, A, p.smoothing);
      auto cost = ro_.costs.segment(c0, n);
      for (int r = 0; r < AH; ++r) {
        auto u = eps.col(r).array();  // row r of every sample in the chunk: becomes u = clamp(U + sigma eps)
        u = (U(r) + sig_t_(r) * u).max(lo_t_(r)).min(hi_t_(r));
        // Control cost on the noise actually applied (after clamping): eps = u - U.
        if (p.control_cost) cost.array() += ctrl_w_(r) * (u - U(r));
      }
      store_rows(eps, ro_.actions.middleCols(c0, n));
    };
    trace.nonfinite += ro_.run(req, it, fill, trace.ms_sample, trace.ms_rollout);
    if (req.stop_requested()) return cancel_plan(trace, t0);

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
    record_samples(set, ro_, weights_, nullptr);
    trace.ess = effective_sample_size(weights_);
    trace.iterations_used = it + 1;
  }
  finish_plan(req, trace, t0);
}

}  // namespace mbrl
