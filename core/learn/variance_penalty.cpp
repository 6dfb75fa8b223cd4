#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/variance_penalty.hpp"

namespace mbrl {

void VariancePenaltyCost::running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const {
  base_.running_cost(states, actions, t, cost);
  if (beta_ <= 0.f || model_.ensemble().members() < 2) return;
  thread_local Vec var;
  if (var.size() < states.cols()) var.resize(states.cols());
  model_.member_variance(states, actions, var.head(states.cols()));
  cost += beta_ * var.head(states.cols());
}

}  // namespace mbrl
