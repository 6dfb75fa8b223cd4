#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/adam.hpp"

#include <cmath>

namespace mbrl {

void Adam::step(VecRef theta, CVecRef grad) {
  if (m.size() != theta.size()) reset(theta.size());
  ++t;
  m = beta1 * m + (1.0f - beta1) * grad;
  v = beta2 * v + (1.0f - beta2) * grad.cwiseAbs2();
  const float c1 = 1.0f - std::pow(beta1, float(t));
  const float c2 = 1.0f - std::pow(beta2, float(t));
  const float step = lr * std::sqrt(c2) / c1;
  theta.array() -= step * m.array() / (v.array().sqrt() + eps * std::sqrt(c2));
}

}  // namespace mbrl
