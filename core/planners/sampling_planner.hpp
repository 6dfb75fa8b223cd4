#pragma once
// Base of the three sampling planners (random shooting, CEM, MPPI): the parameters with
// validation, the current plan and its warm-start shift, the action bounds, the shared batched
// Rollout, and the bookkeeping at the start and end of every plan (trace header, the returned
// plan rolled through the model, timings). P needs fields `horizon`, `warm_start` and `pad`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

#include "core/rollout.hpp"
#include "core/planners/sampling_common.hpp"

namespace mbrl {

template <class P>
class SamplingPlanner : public Planner {
 public:
  explicit SamplingPlanner(P p) : p_(p) {}
  const P& settings() const { return p_; }
  ParamSet params() const override { return describe(p_); }
  std::string set_params(const ParamSet& in) override { return apply_params(p_, in); }
  int horizon() const override { return p_.horizon; }
  // Forget the warm start, and the model workspaces (call it after replacing the model object).
  void reset() override {
    have_plan_ = false;
    ro_.release_workspaces();
  }
  const Mat& plan_actions() const override { return plan_; }
  void shift(int steps) override {
    if (have_plan_ && steps > 0) shift_plan(plan_, steps, p_.pad, bounds_);
  }
  // The population's actions dominate: samples x horizon x action dims floats, kept for the
  // update; per sample a few costs and weights; per iteration the trace's copies of the population's
  // costs and weights and of its kept samples (their states and actions), and the rollout's kept states.
  PlanMemory plan_memory(const ParamSet& p, int state_dim, int action_dim, int trace_cap) const override {
    const double K = p.get("samples"), H = p.get("horizon"), S = state_dim, A = action_dim;
    const double iterations = p.index_of("iterations") >= 0 ? p.get("iterations") : 1.0;
    const double kept = std::min(K, double(std::max(trace_cap, 0)));
    const double f = sizeof(float);
    PlanMemory m;
    m.bytes = f * A * H * K + 24.0 * K + iterations * (2 * f * K + kept * f * (S * (H + 1) + A * H + 2)) +
              kept * f * S * (H + 1);
    char buf[160];
    std::snprintf(buf, sizeof buf, "samples x horizon x action dims = %.0f x %.0f x %.0f", K, H, A);
    m.product = buf;
    if (kept > 0) {
      std::snprintf(buf, sizeof buf, " (and a trace of %.0f x %.0f iterations x %.0f states)", kept, iterations,
                    S * (H + 1));
      m.product += buf;
    }
    return m;
  }

 protected:
  using Clock = std::chrono::steady_clock;

  // Start of every plan: bounds from the model, plan_ = warm start (the shifted previous plan,
  // clamped) or the prior, rollout buffers sized for `population`, trace header reset for
  // `iterations` sample sets. Returns true when plan_ holds a warm start.
  bool begin_plan(const PlanRequest& req, PlanTrace& trace, int population, int iterations) {
    const int A = req.model->action_dim(), H = p_.horizon;
    bounds_ = req.model->action_bounds();
    half_ = (bounds_.hi - bounds_.lo) * 0.5f;
    tile_bounds(bounds_, H, lo_t_, hi_t_);
    const bool warm = p_.warm_start && have_plan_ && plan_.rows() == A && plan_.cols() == H;
    if (warm)
      clamp_sequences(Eigen::Map<Mat>(plan_.data(), A * H, 1), lo_t_, hi_t_);
    else
      prior_plan(plan_, A, H, bounds_);
    had_plan_ = have_plan_;
    start_plan_ = plan_;  // what a cancelled plan leaves behind
    have_plan_ = true;
    ro_.prepare(req, H, population);

    trace.planner = name();
    trace.plan_index = req.plan_index;
    trace.horizon = H;
    trace.state_dim = req.model->state_dim();
    trace.action_dim = A;
    if (int(trace.iterations.size()) < iterations) trace.iterations.resize(size_t(iterations));
    trace.iterations_used = 0;
    trace.start_state = req.state;
    trace.ess = 0.f;
    trace.nonfinite = 0;
    trace.cancelled = false;
    trace.particles = ro_.particles();
    trace.ms_sample = trace.ms_rollout = trace.ms_update = trace.ms_total = 0;
    trace.mcts.reset();
    return warm;
  }

  // End of every plan: the returned plan and its predicted states and cost, total and update
  // time (update = everything that was neither sampling nor rollout).
  void finish_plan(const PlanRequest& req, PlanTrace& trace, Clock::time_point t0) {
    trace.plan_actions = plan_;
    trace.plan_cost = ro_.roll_one(req, plan_, trace.plan_states, ro_.population() + 1);
    trace.ms_total = ms_since(t0);
    trace.ms_update = std::max(0.0, trace.ms_total - trace.ms_sample - trace.ms_rollout);
  }

  // The end of a plan stopped by req.stop (see Planner::plan): the plan and the warm start as
  // they were before it began; the trace keeps its finished iterations, the plan without predicted
  // states (rolling it through a large learned model would delay the stop) and cost NaN.
  void cancel_plan(PlanTrace& trace, Clock::time_point t0) {
    plan_ = start_plan_;
    have_plan_ = had_plan_;
    trace.cancelled = true;
    trace.plan_actions = plan_;
    trace.plan_states.resize(trace.state_dim, 0);
    trace.plan_cost = std::numeric_limits<float>::quiet_NaN();
    trace.ms_total = ms_since(t0);
    trace.ms_update = std::max(0.0, trace.ms_total - trace.ms_sample - trace.ms_rollout);
  }

  P p_;
  Mat plan_;  // action_dim x H: the nominal / mean / best plan; column 0 is executed next
  bool have_plan_ = false;
  Mat start_plan_;         // plan_ as the current plan() began (warm start or prior)
  bool had_plan_ = false;  // have_plan_ then
  ActionBounds bounds_;
  Vec half_;         // (hi - lo) / 2 per action dimension: the unit of `sigma`
  Vec lo_t_, hi_t_;  // bounds tiled over the horizon (action_dim * H)
  Rollout ro_;
  std::vector<int> order_;  // ranking scratch
};

}  // namespace mbrl
