#pragma once
// Random shooting (MBRL v0, the lectures' "guess & check"): sample many action
// sequences A_1..A_N, roll each through the model, and take the cheapest (argmin of the
// predicted cost) -- or, as the lectures' known-model planning suggests, soften the choice with a softmax:
// plan = sum_i w_i A_i with w_i ~ exp(-(S_i - S_min) / lambda) (lambda: the softmin temperature, the same
// knob and key as MPPI's).
// Samples are uniform within the action bounds, or Gaussian around the warm-started plan
// (std `sigma`, clamped to the bounds). With warm_start, sample 0 is the previous plan shifted by
// the executed steps, so a replan never forgets a good plan it already had.
#include "core/planners/sampling_planner.hpp"

namespace mbrl {

enum class ShootingSampling { Uniform = 0, Gaussian = 1 };
enum class ShootingSelect { Argmin = 0, Softmax = 1 };

struct ShootingParams {
  int samples = 1000;                                     // N: action sequences sampled per plan [1, 1e6]
  int horizon = 30;                                       // H: planned steps [1, 1000]
  ShootingSampling sampling = ShootingSampling::Uniform;  // uniform in the bounds, or Gaussian around the plan
  float sigma = 0.5f;  // Gaussian std relative to each action dimension's half range [1e-4, 10]
  ShootingSelect selection = ShootingSelect::Argmin;  // cheapest sample, or softmax-weighted average
  float lambda = 1.0f;          // softmin temperature in cost units [1e-6, 1e9]: small -> argmin, large -> mean
  bool warm_start = true;       // keep the previous plan (shifted) as sample 0 / the Gaussian's centre
  PadMode pad = PadMode::Last;  // warm-start tail: repeat the last action or zero

  template <class V>
  void visit(V& v) {
    v.field("samples", samples, 1, 1e6, "N: action sequences A_1..A_N sampled and rolled through the model", true);
    v.field("horizon", horizon, 1, 1000, "H: planned steps; J(A) = sum_t cost(s_t, a_t)");
    v.choice("sampling", sampling, {"uniform", "gaussian"},
             "Where the guesses come from: uniform in the action bounds, or Gaussian around the previous plan");
    v.field("sigma", sigma, 1e-4, 10.0, "Gaussian sampling: std as a fraction of each action's half range", true);
    v.choice("selection", selection, {"argmin", "softmax"},
             "Pick the cheapest sequence (argmin), or soften it: softmax-weighted average of all sequences");
    v.field("lambda", lambda, 1e-6, 1e9,
            "Softmin temperature lambda: w ~ exp(-(S - S_min)/lambda); small -> argmin, large -> plain average", true);
    v.flag("warm_start", warm_start, "Keep the previous plan (shifted) as one candidate and the Gaussian's centre");
    v.choice("pad", pad, {"last", "zero"}, "Warm start: fill the shifted-out tail with the last action or zero");
  }
  std::string validate() const {
    if (!(lambda > 0.f)) return "parameter 'lambda': must be > 0";
    return "";
  }
};

class ShootingPlanner final : public SamplingPlanner<ShootingParams> {
 public:
  explicit ShootingPlanner(ShootingParams p = {}) : SamplingPlanner(p) {}
  std::string name() const override { return "shooting"; }
  void plan(const PlanRequest& req, PlanTrace& trace) override;

 private:
  Vec sig_t_;                          // Gaussian std per row of a flattened sequence (action_dim * H)
  Vec weights_;                        // K
  std::vector<unsigned char> chosen_;  // K: the argmin sample
};

}  // namespace mbrl
