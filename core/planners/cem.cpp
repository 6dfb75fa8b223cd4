#include "core/eigen_warnings.hpp"  // first: see there
#include "core/planners/cem.hpp"

#include <cmath>
#include <limits>

namespace mbrl {

void CemPlanner::plan(const PlanRequest& req, PlanTrace& trace) {
  const auto t0 = Clock::now();
  const CemParams p = p_;  // snapshot: the parameters of this plan
  const int K = p.samples, H = p.horizon, A = req.model->action_dim(), AH = A * H;
  begin_plan(req, trace, K, p.iterations);
  sig_.resize(AH);
  min_sig_.resize(AH);
  for (int t = 0; t < H; ++t) {
    sig_.segment(t * A, A) = p.sigma * half_;
    min_sig_.segment(t * A, A) = p.min_sigma * half_;
  }
  weights_.resize(K);
  elite_costs_.resize(p.elites);
  elite_w_.resize(p.elites);
  elite_.resize(size_t(K));
  best_.resize(A, H);
  float best_cost = std::numeric_limits<float>::infinity();
  Eigen::Map<Vec> mean(plan_.data(), AH);  // the distribution's mean lives in plan_
  const uint64_t stream = uint64_t(req.plan_index);

  for (int it = 0; it < p.iterations; ++it) {
    SampleSet& set = trace.iterations[size_t(it)];
    set.mean_before = plan_;
    set.sigma_before = Eigen::Map<const Mat>(sig_.data(), A, H);

    auto fill = [&](int c0, int n, RolloutWorker& w) {
      auto eps = normals_by_row(req.seed, stream, c0, uint64_t(it), AH, n, w.normals);
      smooth_noise(eps, A, p.smoothing);
      for (int r = 0; r < AH; ++r) {
        auto u = eps.col(r).array();  // row r of every sample in the chunk
        u = (mean(r) + sig_(r) * u).max(lo_t_(r)).min(hi_t_(r));
      }
      store_rows(eps, ro_.actions.middleCols(c0, n));
    };
    trace.nonfinite += ro_.run(req, it, fill, trace.ms_sample, trace.ms_rollout);
    if (req.stop_requested()) return cancel_plan(trace, t0);

    // Elites: the M cheapest finite samples (non-finite costs are +inf and rank last).
    const int m = rank_cheapest(ro_.costs, p.elites, order_);
    int mf = 0;
    while (mf < m && std::isfinite(ro_.costs(order_[size_t(mf)]))) ++mf;
    std::fill(elite_.begin(), elite_.end(), 0);
    weights_.setZero();
    set.elite_cost_mean = 0.f;
    if (mf > 0) {
      auto ec = elite_costs_.head(mf), ew = elite_w_.head(mf);
      for (int k = 0; k < mf; ++k) {
        elite_[size_t(order_[size_t(k)])] = 1;
        ec(k) = ro_.costs(order_[size_t(k)]);
      }
      set.elite_cost_mean = ec.mean();
      if (p.lambda > 0.f) {
        softmin_weights(ec, p.lambda, ew);
        for (int k = 0; k < mf; ++k) weights_(order_[size_t(k)]) = ew(k);
      } else {
        for (int k = 0; k < mf; ++k) weights_(order_[size_t(k)]) = 1.f / float(mf);
      }
      fit_mean_.setZero(AH);
      fit_var_.setZero(AH);
      for (int k = 0; k < mf; ++k) {
        const int i = order_[size_t(k)];
        fit_mean_ += weights_(i) * ro_.actions.col(i);
      }
      for (int k = 0; k < mf; ++k) {
        const int i = order_[size_t(k)];
        fit_var_ += weights_(i) * (ro_.actions.col(i) - fit_mean_).cwiseAbs2();
      }
      mean = (p.alpha * mean + (1.f - p.alpha) * fit_mean_).cwiseMax(lo_t_).cwiseMin(hi_t_);
      sig_ = (p.alpha * sig_ + (1.f - p.alpha) * fit_var_.cwiseSqrt()).cwiseMax(min_sig_);
      const int i0 = order_[0];
      if (ro_.costs(i0) < best_cost) {
        best_cost = ro_.costs(i0);
        best_ = Eigen::Map<const Mat>(ro_.actions.col(i0).data(), A, H);
      }
    }
    set.mean_after = plan_;
    set.sigma_after = Eigen::Map<const Mat>(sig_.data(), A, H);
    record_samples(set, ro_, weights_, &elite_);
    trace.ess = effective_sample_size(weights_);
    trace.iterations_used = it + 1;
  }
  // With no finite rollout at all, the plan stays the warm start (never a non-finite sample).
  if (p.result == CemReturn::Best && std::isfinite(best_cost)) plan_ = best_;
  finish_plan(req, trace, t0);
}

}  // namespace mbrl
