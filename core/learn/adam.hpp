#pragma once
// Adam (Kingma & Ba) over one flat parameter vector.
#include "core/types.hpp"

namespace mbrl {

struct Adam {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  Vec m, v;
  long long t = 0;

  void reset(Eigen::Index n) {
    m.setZero(n);
    v.setZero(n);
    t = 0;
  }
  void step(VecRef theta, CVecRef grad);
};

}  // namespace mbrl
