#pragma once
// The histories the app keeps for the trace plots (executed cost per step, predicted cost and
// planning time per plan), capped so that a long session does not grow without bound.
// Header-only and free of ImGui so the app can fill it anywhere and the unit tests can use it.
#include <cstdint>
#include <vector>

#include "core/plan_trace.hpp"

namespace mbrl::gui {

struct PlotHistory {
  int capacity = 600;  // entries kept per series (oldest dropped)
  // One entry per executed environment step.
  int64_t first_step = 0;        // step number of step_cost[0]
  std::vector<float> step_cost;  // executed (true) cost of each step
  // One entry per plan.
  int64_t first_plan = 0;             // plan number of the plan entries [0]
  std::vector<float> plan_cost;       // the planner's predicted cost of its whole plan
  std::vector<float> plan_step_cost;  // plan_cost / horizon: comparable with step_cost
  std::vector<float> plan_step;       // the step number at which the plan was made
  std::vector<float> ms_total, ms_sample, ms_rollout, ms_update;

  void record_step(float cost) {
    step_cost.push_back(cost);
    first_step += trim(step_cost);
  }
  void record_plan(const PlanTrace& t) {
    plan_cost.push_back(t.plan_cost);
    plan_step_cost.push_back(t.plan_cost / float(t.horizon > 0 ? t.horizon : 1));
    plan_step.push_back(float(first_step + int64_t(step_cost.size())));
    ms_total.push_back(float(t.ms_total));
    ms_sample.push_back(float(t.ms_sample));
    ms_rollout.push_back(float(t.ms_rollout));
    ms_update.push_back(float(t.ms_update));
    const int dropped = trim(plan_cost);
    trim(plan_step_cost), trim(plan_step);
    trim(ms_total), trim(ms_sample), trim(ms_rollout), trim(ms_update);
    first_plan += dropped;
  }
  void clear() {
    first_step = first_plan = 0;
    step_cost.clear(), plan_cost.clear(), plan_step_cost.clear(), plan_step.clear();
    ms_total.clear(), ms_sample.clear(), ms_rollout.clear(), ms_update.clear();
  }

 private:
  // Drops the oldest entries beyond capacity (in chunks, so pushes stay amortised O(1)).
  int trim(std::vector<float>& v) const {
    const int cap = capacity > 0 ? capacity : 1;
    if (int(v.size()) <= cap + cap / 4) return 0;
    const int drop = int(v.size()) - cap;
    v.erase(v.begin(), v.begin() + drop);
    return drop;
  }
};

}  // namespace mbrl::gui
