#include "core/mpc.hpp"

#include <algorithm>
#include <cassert>

#include "core/planners/sampling_common.hpp"

namespace mbrl {

MpcController::MpcController(std::unique_ptr<Planner> planner, MpcParams params)
    : planner_(std::move(planner)), params_(params) {
  assert(planner_);
}

std::string MpcController::set_params(const ParamSet& p) { return apply_params(params_, p); }

void MpcController::reset() {
  planner_->reset();
  plans_made_ = 0;
  steps_since_plan_ = 0;
  have_plan_ = false;
}

bool MpcController::due() const {
  if (!have_plan_) return true;
  // Open loop executes the whole plan; MPC replans every N steps. Either way a plan that is used
  // up (its horizon executed) must be replaced.
  const int every = open_loop() ? planner_->horizon() : std::min(params_.replan_every, planner_->horizon());
  return steps_since_plan_ >= std::max(1, every);
}

bool MpcController::plan(PlanRequest req, PlanTrace& trace) {
  req.plan_index = plans_made_;
  planner_->plan(req, trace);
  trace.plan_index = plans_made_;
  if (trace.cancelled) return false;
  ++plans_made_;
  steps_since_plan_ = 0;
  have_plan_ = true;
  return true;
}

Vec MpcController::act() {
  assert(have_plan_ && "MpcController::act() before the first plan()");
  const Mat& plan = planner_->plan_actions();
  Vec a = plan.col(0);
  // The warm start follows the executed actions: the next plan starts from the remainder.
  planner_->shift(1);
  ++steps_since_plan_;
  return a;
}

}  // namespace mbrl
