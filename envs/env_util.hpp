#pragma once
// Small helpers the analytic environments share: angle wrapping as gymnasium does it,
// clipping, sin/cos and per-column loops that the compiler vectorises (so a batched step is
// fast and still equals the single step bit for bit), applying a ParamSet to a Params struct
// with "keep the old on error", and the "held for the last N states" test of success predicates.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/types.hpp"

namespace mbrl::envutil {

constexpr float kPi = 3.14159265358979323846f;

// gymnasium's angle_normalize (x wrapped into [-pi, pi]; gymnasium's floor modulo gives
// [-pi, pi), which differs only at exactly +pi and never in the squared cost). Written with
// nearbyint because GCC vectorises it and not floor.
inline float angle_normalize(float x) {
  constexpr float inv_two_pi = 0.159154943091895335768f;
  return x - 2.f * kPi * std::nearbyint(x * inv_two_pi);
}

inline float clip(float x, float lo, float hi) { return std::min(std::max(x, lo), hi); }

// sin and cos as plain arithmetic (Cody-Waite reduction x = j pi + r, |r| <= pi/2, then Taylor
// polynomials to degree 13 / 14) so that the batched step loops vectorise: std::sin is a library
// call, which stops GCC from vectorising the loop. Absolute error below 2e-7 for |x| < 100
// (tested against std::sin / std::cos); sin(0) = 0 and cos(0) = 1 exactly; NaN in, NaN out.
struct Reduced {
  float r, sign;  // x = j pi + r; sign = (-1)^j
};
inline Reduced reduce_pi(float x) {
  constexpr float inv_pi = 0.318309886183790671538f;
  const float j = std::nearbyint(x * inv_pi);
  float r = x - j * 3.140625f;  // pi split in three parts (Cody-Waite): the leading products are exact
  r = r - j * 9.67502593994140625e-4f;
  r = r - j * 1.509957990978376432e-7f;
  const float odd = std::abs(j - 2.f * std::nearbyint(0.5f * j));  // 1 for odd j
  return {r, 1.f - 2.f * odd};
}
inline float sin_fast(float x) {
  const Reduced q = reduce_pi(x);
  const float r = q.r, r2 = r * r;
  float p = 1.f / 6227020800.f;  // sin r = r + r^3 (-1/3! + r^2 (1/5! - r^2 (1/7! - ...)))
  p = p * r2 - 1.f / 39916800.f;
  p = p * r2 + 1.f / 362880.f;
  p = p * r2 - 1.f / 5040.f;
  p = p * r2 + 1.f / 120.f;
  p = p * r2 - 1.f / 6.f;
  return (r + r * r2 * p) * q.sign;
}
inline float cos_fast(float x) {
  const Reduced q = reduce_pi(x);
  const float r2 = q.r * q.r;
  float p = -1.f / 87178291200.f;  // cos r = 1 + r^2 (-1/2! + r^2 (1/4! - ...))
  p = p * r2 + 1.f / 479001600.f;
  p = p * r2 - 1.f / 3628800.f;
  p = p * r2 + 1.f / 40320.f;
  p = p * r2 - 1.f / 720.f;
  p = p * r2 + 1.f / 24.f;
  p = p * r2 - 0.5f;
  return (1.f + r2 * p) * q.sign;
}

// Calls f(s, a, out) for every column, with s / a / out pointing at that column's state,
// action and next-state floats. When the three batches are packed (column stride = rows, the
// normal case, also for column blocks) the strides are compile-time constants and the loop
// vectorises; otherwise the same f runs with the runtime strides. Either way each column is
// computed by the same arithmetic, so a batch and a single column agree bit for bit.
template <int SD, int AD, class F>
void for_each_column(CMatRef states, CMatRef actions, MatRef next, F&& f) {
  const Eigen::Index n = states.cols();
  const float* S = states.data();
  const float* A = actions.data();
  float* N = next.data();
  if (states.outerStride() == SD && actions.outerStride() == AD && next.outerStride() == SD) {
    for (Eigen::Index i = 0; i < n; ++i) f(S + SD * i, A + AD * i, N + SD * i);
  } else {
    const Eigen::Index ss = states.outerStride(), as = actions.outerStride(), ns = next.outerStride();
    for (Eigen::Index i = 0; i < n; ++i) f(S + ss * i, A + as * i, N + ns * i);
  }
}

// The same for costs: cost(i) += f(s, a) (running) or f(s) (terminal), per column.
template <int SD, int AD, class F>
void for_each_cost(CMatRef states, CMatRef actions, VecRef cost, F&& f) {
  const Eigen::Index n = states.cols();
  const float* S = states.data();
  const float* A = actions.data();
  float* C = cost.data();
  if (states.outerStride() == SD && actions.outerStride() == AD && cost.innerStride() == 1) {
    for (Eigen::Index i = 0; i < n; ++i) C[i] += f(S + SD * i, A + AD * i);
  } else {
    const Eigen::Index ss = states.outerStride(), as = actions.outerStride(), cs = cost.innerStride();
    for (Eigen::Index i = 0; i < n; ++i) C[cs * i] += f(S + ss * i, A + as * i);
  }
}
template <int SD, class F>
void for_each_terminal_cost(CMatRef states, VecRef cost, F&& f) {
  const Eigen::Index n = states.cols();
  const float* S = states.data();
  float* C = cost.data();
  if (states.outerStride() == SD && cost.innerStride() == 1) {
    for (Eigen::Index i = 0; i < n; ++i) C[i] += f(S + SD * i);
  } else {
    const Eigen::Index ss = states.outerStride(), cs = cost.innerStride();
    for (Eigen::Index i = 0; i < n; ++i) C[cs * i] += f(S + ss * i);
  }
}

// Number of trailing states (from the end of `states`) for which `ok` holds.
int trailing_count(const std::vector<Vec>& states, const std::function<bool(const Vec&)>& ok);

}  // namespace mbrl::envutil
