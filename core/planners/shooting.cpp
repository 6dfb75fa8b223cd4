#include "core/eigen_warnings.hpp"  // first: see there
#include "core/planners/shooting.hpp"

#include <cmath>
#include <limits>

namespace mbrl {

void ShootingPlanner::plan(const PlanRequest& req, PlanTrace& trace) {
  const auto t0 = Clock::now();
  const ShootingParams p = p_;  // snapshot: the parameters of this plan
  const int K = p.samples, H = p.horizon, A = req.model->action_dim(), AH = A * H;
  const bool warm = begin_plan(req, trace, K, 1);
  const bool gauss = p.sampling == ShootingSampling::Gaussian;
  sig_t_.resize(AH);
  for (int t = 0; t < H; ++t) sig_t_.segment(t * A, A) = p.sigma * half_;
  weights_.resize(K);
  chosen_.resize(size_t(K));
  Eigen::Map<Vec> U(plan_.data(), AH);
  const uint64_t stream = uint64_t(req.plan_index);

  SampleSet& set = trace.iterations[0];
  // The sampling distribution: Gaussian around the plan, or uniform (mean mid-range, std range / sqrt 12).
  if (gauss) {
    set.mean_before = plan_;
    set.sigma_before = Eigen::Map<const Mat>(sig_t_.data(), A, H);
  } else {
    set.mean_before.resize(A, H);
    set.sigma_before.resize(A, H);
    for (int t = 0; t < H; ++t) {
      set.mean_before.col(t) = (bounds_.lo + bounds_.hi) * 0.5f;
      set.sigma_before.col(t) = half_ * (2.f / std::sqrt(12.f));
    }
  }

  auto fill = [&](int c0, int n, RolloutWorker& w) {
    auto block = ro_.actions.middleCols(c0, n);
    if (gauss) {
      auto eps = normals_by_row(req.seed, stream, c0, 0, AH, n, w.normals);
      for (int r = 0; r < AH; ++r) {
        auto u = eps.col(r).array();  // row r of every sample in the chunk
        u = (U(r) + sig_t_(r) * u).max(lo_t_(r)).min(hi_t_(r));
      }
      store_rows(eps, block);
    } else {
      fill_uniform(req.seed, stream, c0, 0, lo_t_, hi_t_, block, w.normals);
    }
    if (warm && c0 == 0) block.col(0) = U;  // the previous plan competes with the new guesses
  };
  trace.nonfinite += ro_.run(req, 0, fill, trace.ms_sample, trace.ms_rollout);
  if (req.stop_requested()) return cancel_plan(trace, t0);

  std::fill(chosen_.begin(), chosen_.end(), 0);
  weights_.setZero();
  double wcost = 0;
  int best = -1;
  float best_cost = std::numeric_limits<float>::infinity();
  for (int i = 0; i < K; ++i)
    if (ro_.costs(i) < best_cost) {
      best_cost = ro_.costs(i);
      best = i;
    }
  if (best >= 0) {  // else: no finite rollout; keep the warm start
    if (p.selection == ShootingSelect::Argmin) {
      chosen_[size_t(best)] = 1;
      weights_(best) = 1.f;
      U = ro_.actions.col(best);
      wcost = best_cost;
    } else {
      softmin_weights(ro_.costs, p.lambda, weights_);
      U.noalias() = ro_.actions * weights_;
      U = U.cwiseMax(lo_t_).cwiseMin(hi_t_);  // float rounding of the sum may step past a bound
      for (int i = 0; i < K; ++i)
        if (weights_(i) > 0.f) wcost += double(weights_(i)) * double(ro_.costs(i));
    }
  }
  set.mean_after = plan_;
  set.sigma_after = set.sigma_before;
  set.elite_cost_mean = float(wcost);
  record_samples(set, ro_, weights_, &chosen_);
  trace.ess = effective_sample_size(weights_);
  trace.iterations_used = 1;
  finish_plan(req, trace, t0);
}

}  // namespace mbrl
