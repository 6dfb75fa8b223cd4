#pragma once
// MPPI (model predictive path integral control), as the MPPI derivation (KL-regularised optimum) gives it: perturb a
// nominal plan U by noise eps ~ p = N(0, Sigma), score each perturbed sequence by its cost S(eps), and move U towards
// the KL-regularised optimum q*(eps) = p(eps) exp(-S(eps)/lambda) / Z. Because the samples are drawn from p, the
// self-normalised importance weights are
//   w_i = exp(-(S_i - S_min) / lambda) / sum_j exp(-(S_j - S_min) / lambda)     (softmin_weights)
// and the update is U <- sum_i w_i (U + eps_i) (with eps_i the noise actually applied after
// clamping to the bounds). Options: Williams et al.'s control-cost term gamma * u^T Sigma^-1 eps
// (part of S, so also of the trace's costs), PDDM's temporal smoothing of the noise (`smoothing`, PDDM's beta),
// refinement iterations around the updated U.
// The trace reports the effective sample size 1 / sum w^2.
#include "core/planners/sampling_planner.hpp"

namespace mbrl {

struct MppiParams {
  int samples = 1000;           // K: noise sequences sampled per iteration [1, 1e6]
  int horizon = 30;             // H: planned steps [1, 1000]
  float lambda = 1.0f;          // temperature of exp(-S/lambda), in cost units [1e-6, 1e9]: small = trust only
                                // the best samples (-> argmin), large = plain average (-> uniform weights)
  float sigma = 0.5f;           // noise std relative to each action dimension's half range [1e-4, 10]
  float smoothing = 1.0f;       // PDDM's beta: eps'_t = beta eps_t + (1 - beta) eps'_{t-1}, eps'_{-1} = 0
                                // [0.01, 1]; 1 = independent noise per step
  bool control_cost = false;    // add gamma * sum_t u_t^T Sigma^-1 eps_t to S (Williams et al. 2017)
  float gamma = 1.0f;           // weight of the control-cost term [0, 1e6] (Williams et al. use lambda)
  int iterations = 1;           // refinement iterations per plan, each resampling around the updated U [1, 100]
  bool warm_start = true;       // start from the previous plan shifted by the executed steps (else zero)
  PadMode pad = PadMode::Last;  // warm-start tail: repeat the last action or zero

  template <class V>
  void visit(V& v) {
    v.field("samples", samples, 1, 1e6, "K: noise sequences eps_i ~ N(0, Sigma) sampled around the nominal plan", true);
    v.field("horizon", horizon, 1, 1000, "H: planned steps; S(eps) = sum_t l(x_t, u_t + eps_t) + l_f(x_H)");
    v.field("lambda", lambda, 1e-6, 1e9,
            "Temperature in w ~ exp(-S/lambda) (the KL weight of q* = p exp(-S/lambda)/Z): small -> argmin, "
            "large -> uniform average",
            true);
    v.field("sigma", sigma, 1e-4, 10.0, "Noise std of p(eps), as a fraction of each action's half range", true);
    v.field("smoothing", smoothing, 0.01, 1.0,
            "PDDM temporal smoothing (its beta) of the noise: eps'_t = beta eps_t + (1 - beta) eps'_{t-1} (1 = off)");
    v.flag("control_cost", control_cost, "Add the control cost gamma * u^T Sigma^-1 eps to S (Williams et al.)");
    v.field("gamma", gamma, 0.0, 1e6, "Weight of the control-cost term (Williams et al. use gamma = lambda)");
    v.field("iterations", iterations, 1, 100, "Refinement iterations: resample around the updated plan");
    v.flag("warm_start", warm_start, "Start from the previous plan shifted by the executed steps (else zero)");
    v.choice("pad", pad, {"last", "zero"}, "Warm start: fill the shifted-out tail with the last action or zero");
  }
  std::string validate() const {
    if (!(lambda > 0.f)) return "parameter 'lambda': must be > 0";
    return "";
  }
};

class MppiPlanner final : public SamplingPlanner<MppiParams> {
 public:
  explicit MppiPlanner(MppiParams p = {}) : SamplingPlanner(p) {}
  std::string name() const override { return "mppi"; }
  void plan(const PlanRequest& req, PlanTrace& trace) override;

 private:
  Vec sig_t_;    // noise std per row of a flattened sequence (action_dim * H)
  Vec ctrl_w_;   // gamma * U ./ sigma^2 per row: the control-cost weights
  Vec weights_;  // K
};

}  // namespace mbrl
