#pragma once
// The cross-entropy method (the planning lecture; PDDM): repeat { sample a population of action
// sequences from a Gaussian p_i (clamped inside the action bounds), rank them by cost, refit the
// Gaussian to the elites }, then return the mean (or the best sample seen). Refit with momentum:
// mean <- alpha * mean + (1 - alpha) * elite mean, and the same for the std, which never drops
// below min_sigma. With lambda > 0 the elite mean is PDDM's "softer reward-weighted mean"
// (elite i weighted by exp(-(S_i - S_min) / lambda), lambda the softmin temperature as in MPPI); 0 gives the plain
// elite mean. With smoothing (PDDM's beta) < 1 the sampled noise is smoothed in time as PDDM does (see smooth_noise).
// The trace keeps per iteration the distribution before/after, the elite mask and elite cost mean.
#include "core/planners/sampling_planner.hpp"

namespace mbrl {

enum class CemReturn { Mean = 0, Best = 1 };

struct CemParams {
  int samples = 200;                   // population N per iteration [2, 1e6]
  int elites = 20;                     // M: cheapest samples the Gaussian is refit to [1, samples]
  int iterations = 5;                  // sample-rank-refit rounds per plan [1, 100]
  int horizon = 30;                    // H: planned steps [1, 1000]
  float sigma = 0.5f;                  // initial std, relative to each action dimension's half range [1e-4, 10]
  float min_sigma = 0.02f;             // floor of the std (same unit) so the search never collapses [0, sigma]
  float alpha = 0.1f;                  // momentum: new = alpha * old + (1 - alpha) * elite fit [0, 0.99]
  float lambda = 0.f;                  // PDDM reward-weighted elite mean, in cost units [0, 1e9]; 0 = plain mean
  float smoothing = 1.0f;              // PDDM's beta: eps'_t = beta eps_t + (1 - beta) eps'_{t-1} [0.01, 1]; 1 = off
  CemReturn result = CemReturn::Mean;  // return the final mean or the best sample seen
  bool warm_start = true;              // initial mean = previous plan shifted (else zero); sigma restarts each plan
  PadMode pad = PadMode::Last;         // warm-start tail: repeat the last action or zero

  template <class V>
  void visit(V& v) {
    v.field("samples", samples, 2, 1e6, "N: population sampled from p_i(A) each iteration", true);
    v.field("elites", elites, 1, 1e6, "M < N: cheapest samples ('elites') the Gaussian is refit to", true);
    v.field("iterations", iterations, 1, 100, "Sample -> rank -> refit rounds per plan");
    v.field("horizon", horizon, 1, 1000, "H: planned steps; J(A) = sum_t cost(s_t, a_t)");
    v.field("sigma", sigma, 1e-4, 10.0, "Initial std of p_0(A), as a fraction of each action's half range", true);
    v.field("min_sigma", min_sigma, 0.0, 10.0, "Floor of the refit std (same unit as sigma)");
    v.field("alpha", alpha, 0.0, 0.99, "Momentum: new = alpha * old + (1 - alpha) * elite fit (0 = pure refit)");
    v.field("lambda", lambda, 0.0, 1e9,
            "Softmin temperature of PDDM's softer reward-weighted mean: elites weighted by exp(-(S - S_min)/lambda); "
            "0 = plain mean");
    v.field("smoothing", smoothing, 0.01, 1.0,
            "PDDM temporal smoothing (its beta) of the sampled noise: eps'_t = beta eps_t + (1 - beta) eps'_{t-1} (1 = "
            "off)");
    v.choice("result", result, {"mean", "best"}, "Return the mean of the final distribution or the best sample seen");
    v.flag("warm_start", warm_start, "Initial mean = previous plan shifted by the executed steps (else zero)");
    v.choice("pad", pad, {"last", "zero"}, "Warm start: fill the shifted-out tail with the last action or zero");
  }
  std::string validate() const {
    if (elites > samples)
      return "parameter 'elites': " + std::to_string(elites) +
             " exceeds the population 'samples' = " + std::to_string(samples) + " (need elites <= samples)";
    if (min_sigma > sigma) return "parameter 'min_sigma': must be <= 'sigma' (the initial std)";
    return "";
  }
};

class CemPlanner final : public SamplingPlanner<CemParams> {
 public:
  explicit CemPlanner(CemParams p = {}) : SamplingPlanner(p) {}
  std::string name() const override { return "cem"; }
  void plan(const PlanRequest& req, PlanTrace& trace) override;

 private:
  Vec sig_;                           // current std per row of a flattened sequence (action_dim * H)
  Vec min_sig_;                       // its floor
  Vec fit_mean_, fit_var_;            // elite statistics
  Vec weights_;                       // K: 1/M (or reward weights) on elites, 0 elsewhere
  Vec elite_costs_, elite_w_;         // M: elite costs and their weights
  Mat best_;                          // action_dim x H: best sample seen in this plan
  std::vector<unsigned char> elite_;  // K
};

}  // namespace mbrl
