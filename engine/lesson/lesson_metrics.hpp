#pragma once
// The numbers a lesson's `expect` checks, measured on one lane's engine. No wall-clock number is a
// metric: a lesson must give the same verdict on every machine.
//
//   cost            sum of the running costs over the window (the episode, or its last N steps)
//   mean_cost       the same per step
//   success         1 when the env's verdict on the episode holds (a learned loop: it succeeded once)
//   success_step    the first step of the episode at which the verdict held (+inf: never)
//   distance        how far the episode's last state is from the goal, in the task's units
//   collisions      states of the episode in collision (tasks with obstacles)
//   ess             mean effective sample size 1 / sum w^2 of the plans in the window
//   ess_fraction    the same divided by the samples per plan (1: uniform weights, 1/K: argmax)
//   plan_cost_std   std of the plans' predicted costs across the replans in the window
//   plan_spread     std of the first planned action over k independent plans (default 16) from
//                   the current state: the planner's variance
//   action_tv       total variation sum_t |a_t - a_{t-1}| of the executed actions in the window
//   refit_gain      CEM: how much the elite mean cost fell from the first refit to the last, as a
//                   fraction of the first (last plan)
//   tree_depth      MCTS: the deepest visited node of the last search
//   tree_width      MCTS: the most visited nodes at one depth of the last search
//   tree_visits     MCTS: the root's visits (simulations) of the last search
//   kstep_error     learned model: mean k-step open-loop error on held-out windows of its data
//   variance_ratio  learned ensemble: member variance away from the data / on the data
//   dataset         learned model: transitions in its dataset
//   loop_steps      learned loop: real steps when it first succeeded (+inf: never)
//   plans           plans made in the window's episode
#include <cmath>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/lesson/lesson.hpp"

namespace mbrl {

bool is_metric(const std::string& name);
// A metric's value for people: 4 significant digits, "never" for +inf, "n/a" for NaN.
std::string format_metric(double x);
std::string metric_names();  // "cost, mean_cost, ..." for messages

// What a lane's engine did, recorded after every step for the metrics the engine does not keep.
class LaneRecord {
 public:
  void observe(const Engine& e);  // after every step or plan
  struct Plan {
    int step = 0;          // episode step it was made at
    float ess = 0;         // effective sample size
    int population = 0;    // samples of its last iteration
    float refit_gain = 0;  // CEM: (elite cost of the first refit - of the last) / |first|
    float plan_cost = 0;   // predicted cost of the plan returned
  };
  const std::vector<Plan>& plans() const { return plans_; }
  int success_step() const { return success_step_; }

 private:
  int64_t episode_ = -1, plans_seen_ = 0;
  std::vector<Plan> plans_;
  int success_step_ = -1;
};

// The value of metric `m` on lane engine `e`; NaN with a reason in `why` when it does not apply
// (e.g. kstep_error without a learned model).
double metric_value(const MetricRef& m, Engine& e, const LaneRecord& r, std::string& why);

}  // namespace mbrl
