#pragma once
// Tiny models for the planner tests: problems whose optimum is known in closed form.
#include <cmath>
#include <limits>

#include "core/model.hpp"
#include "core/rng.hpp"

namespace mbrl::test {

// The state is the last action (next = u); running cost ||u_t - target_t||^2 with a target that
// changes along the horizon; no terminal cost. The optimum is u_t = clamp(target_t) for every t.
class TrackingModel : public DynamicsModel, public CostModel {
 public:
  TrackingModel(Vec lo, Vec hi) : lo_(std::move(lo)), hi_(std::move(hi)) {}
  static Vec target(int A, int t) {
    Vec v(A);
    for (int d = 0; d < A; ++d) v(d) = 0.6f * std::sin(0.5f * float(t) + 1.3f * float(d)) + 0.1f * float(d);
    return v;
  }
  Vec target_offset = Vec();  // when set: added to every target (to push targets outside the bounds)
  int state_dim() const override { return int(lo_.size()); }
  int action_dim() const override { return int(lo_.size()); }
  ActionBounds action_bounds() const override { return {lo_, hi_}; }
  void step(CMatRef, CMatRef actions, MatRef next, const StepContext&) const override { next = actions; }
  void running_cost(CMatRef, CMatRef actions, int t, VecRef cost) const override {
    Vec tg = target(action_dim(), t);
    if (target_offset.size()) tg += target_offset;
    cost += (actions.colwise() - tg).colwise().squaredNorm().transpose();
  }
  void terminal_cost(CMatRef, VecRef) const override {}

 private:
  Vec lo_, hi_;
};

// A 1-D integrator with process noise drawn from the model's stream (ctx.seed, t, sample index):
// next = s + u + 0.05 N(0, 1). Cost s^2 + 0.01 u^2. For the thread-count determinism test.
class NoisyIntegrator : public DynamicsModel, public CostModel {
 public:
  int state_dim() const override { return 1; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override { return {Vec::Constant(1, -1.f), Vec::Constant(1, 1.f)}; }
  void step(CMatRef s, CMatRef a, MatRef next, const StepContext& ctx) const override {
    for (Eigen::Index i = 0; i < s.cols(); ++i) {
      Rng g(ctx.seed, uint64_t(ctx.t), uint64_t(ctx.sample_begin + i));
      next(0, i) = s(0, i) + a(0, i) + 0.05f * g.normal();
    }
  }
  void running_cost(CMatRef s, CMatRef a, int, VecRef cost) const override {
    cost += (s.row(0).array().square() + 0.01f * a.row(0).array().square()).matrix().transpose();
  }
  void terminal_cost(CMatRef s, VecRef cost) const override { cost += s.row(0).array().square().matrix().transpose(); }
};

// Tracking towards u = 1 in one dimension with bounds [-1, 1], but any sequence whose first action
// exceeds `limit` has cost NaN (or +inf): the planners must never pick or average those.
class PoisonedModel : public DynamicsModel, public CostModel {
 public:
  float limit = 0.3f;
  float bad = std::numeric_limits<float>::quiet_NaN();
  int state_dim() const override { return 1; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override { return {Vec::Constant(1, -1.f), Vec::Constant(1, 1.f)}; }
  void step(CMatRef, CMatRef a, MatRef next, const StepContext&) const override { next = a; }
  void running_cost(CMatRef, CMatRef a, int t, VecRef cost) const override {
    for (Eigen::Index i = 0; i < a.cols(); ++i) {
      const float d = a(0, i) - 1.f;
      cost(i) += (t == 0 && a(0, i) > limit) ? bad : d * d;
    }
  }
  void terminal_cost(CMatRef, VecRef) const override {}
};

}  // namespace mbrl::test
