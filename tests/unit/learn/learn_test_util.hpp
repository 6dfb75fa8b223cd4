#pragma once
// Shared helpers of the core/learn tests: a small analytic system to learn from (so these tests
// need no environment), and a finite-difference gradient check.
#include "core/eigen_warnings.hpp"  // first: see there

#include <cmath>
#include <functional>

#include "core/learn/dataset.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"

namespace mbrl::testing {

// A damped pendulum with theta = 0 hanging down: s = (theta, omega), a = torque in [-1, 1].
inline Vec toy_step(const Vec& s, const Vec& a) {
  const float dt = 0.05f;
  Vec n(2);
  n(1) = s(1) + dt * (-9.81f * std::sin(s(0)) - 0.1f * s(1) + 3.0f * a(0));
  n(0) = s(0) + dt * n(1);
  return n;
}

// `episodes` random-action episodes of `steps` transitions from random starts in the box
// |theta| <= theta_max, |omega| <= 1, source tag `source`.
inline void fill_toy(Dataset& d, int episodes, int steps, float theta_max, uint64_t seed, int source = 0) {
  for (int e = 0; e < episodes; ++e) {
    Rng rng(seed, uint64_t(e));
    Vec s(2);
    s << rng.uniform(-theta_max, theta_max), rng.uniform(-1.f, 1.f);
    for (int t = 0; t < steps; ++t) {
      Vec a(1);
      a << rng.uniform(-1.f, 1.f);
      const Vec n = toy_step(s, a);
      d.add(s, a, n, source, e, t);
      s = n;
    }
  }
}

// Relative error |fd - g| / max(|g|, tiny) over `count` parameters picked by `rng`, by central
// differences with step h.
inline double gradient_error(Vec& theta, const Vec& grad, const std::function<double()>& loss, int count, Rng& rng,
                             float h = 1e-2f) {
  Vec fd(count), an(count);
  for (int i = 0; i < count; ++i) {
    const int j = int(rng.below(uint32_t(theta.size())));
    const float keep = theta(j);
    theta(j) = keep + h;
    const double lp = loss();
    theta(j) = keep - h;
    const double lm = loss();
    theta(j) = keep;
    fd(i) = float((lp - lm) / (2.0 * h));
    an(i) = grad(j);
  }
  return double((fd - an).norm() / std::max(an.norm(), 1e-6f));
}

}  // namespace mbrl::testing
