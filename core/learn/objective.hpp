#pragma once
// The training loss of one ensemble member on a minibatch of K-step windows, and its gradient.
// K = 1 is the 1-step "equation error"; K > 1 the "simulation error" of seed 000: the member is
// unrolled on its own predictions s^_{j+1} = s^_j + f(phi(s^_j), a_j) and the loss at every step
// is backpropagated through time (through the network and the observation map).
// Per step and state dim, with r = (s^_{j+1} - s_{j+1}) / target_std (angles wrapped):
//   deterministic head: r^2             probabilistic head: r^2 exp(-lv) + lv   (PETS)
// averaged over windows, steps and dims; plus 0.01 (sum max_lv - sum min_lv) for the
// probabilistic bounds and weight_decay/2 * |W|^2.
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/ensemble.hpp"
#include "core/learn/obs_map.hpp"

namespace mbrl {

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
