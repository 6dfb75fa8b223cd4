#pragma once
// How wrong a learned model gets when it runs on its own predictions (the compounding-error
// lecture): from recorded start states and action sequences (held-out windows of the dataset),
// roll every member, and the ensemble as the planner uses it, open-loop for H steps and compare
// with what really happened. For the compounding-error plot and the ghost rollouts.
#include <vector>

#include "core/learn/dataset.hpp"
#include "core/learn/learned_model.hpp"

namespace mbrl {

struct KStepError {
  int windows = 0;                             // start states averaged over
  std::vector<double> model;                   // H: mean error of the model as configured (propagation mode)
  std::vector<std::vector<double>> member;     // K x H: mean error of each member rolled alone
  std::vector<double> member_min, member_max;  // H: spread over members
};

// Error at step k = |s^_k - s_k| (Euclidean, angle dims wrapped), averaged over the windows
// starting at `starts` (each must have H consecutive transitions, see Dataset::window_starts).
KStepError kstep_error(const LearnedModel& m, const Dataset& d, const std::vector<int>& starts, int H,
                       uint64_t seed = 0);

// The open-loop prediction from one start: states (state_dim x (H+1)) of member k (or, with
// k = -1, of the model as configured), given actions (action_dim x H).
Mat open_loop(const LearnedModel& m, const Vec& s0, const Mat& actions, int k = -1, uint64_t seed = 0);

}  // namespace mbrl
