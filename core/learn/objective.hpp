#pragma once
// The training loss of one ensemble member on a minibatch of K-step windows, and its gradient.
// K = 1 is the 1-step "equation error"; K > 1 the "simulation error" of the compounding-error lecture: the member is
// unrolled on its own predictions s^_{j+1} = s^_j + f(phi(s^_j), a_j) and the loss at every step
// is backpropagated through time (through the network and the observation map).
// Per step and state dim, with r = (s^_{j+1} - s_{j+1}) / target_std (angles wrapped):
//   deterministic head: rho_1(r)        probabilistic head: rho_3(r exp(-lv/2)) + lv   (PETS)
// averaged over windows, steps and dims; plus 0.01 (sum max_lv - sum min_lv) for the
// probabilistic bounds and weight_decay/2 * |W|^2.
// rho_d is Huber's loss scaled to match the square: u^2 for |u| <= d, d (2|u| - d) beyond. Within
// d it is the plain squared error / Gaussian NLL (a fitted model's errors are ~0.1 target std);
// beyond, a transition's pull stops growing. Why: a transition no smooth network can fit -- the
// hill car stopped dead by the wall, ~30 target stds off -- weighed ~900 ordinary ones under the
// square and wrecked the fit of every member whose bootstrap resample drew it (their loss
// stalled near 0.3 while the others reached 0.01; tests/unit/learn/test_member_training.cpp).
// The probabilistic threshold is in the member's own sigmas, and 3 keeps the NLL's variance
// calibration (its log-variance still grows for far-off points, with a linear pull).
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/ensemble.hpp"
#include "core/learn/obs_map.hpp"

namespace mbrl {

inline constexpr float kHuberDeterministic = 1.0f;  // d of rho_d, in target stds
inline constexpr float kHuberProbabilistic = 3.0f;  // d of rho_d, in the member's predicted sigmas

struct WindowBatch {
  Mat s0;                    // state_dim x B
  std::vector<Mat> actions;  // K of action_dim x B
  std::vector<Mat> targets;  // K of state_dim x B: the true s_{j+1}
  int k() const { return int(actions.size()); }
  // Windows starting at starts[begin .. begin+count) (see Dataset::window_starts).
  void gather(const Dataset& d, const std::vector<int>& starts, size_t begin, size_t count, int k);
};

struct UnrollScratch {
  std::vector<MlpCache> caches;
  std::vector<Mat> s;   // s^_0 .. s^_K
  std::vector<Mat> lv;  // per step log-variance (probabilistic)
  std::vector<Mat> r;   // per step normalised error
  Mat obs, x, gout, gin, gobs, gs, G, delta, tmp;
};

// Loss of member k with parameters `theta` (same layout as ens.theta[k]; passed separately so
// gradient checks can perturb it). If grad is non-null it is overwritten with dLoss/dtheta.
double unroll_loss(const Ensemble& ens, const float* theta, const ObsMap& obs, const WindowBatch& b, float weight_decay,
                   float* grad, UnrollScratch& sc);

}  // namespace mbrl
