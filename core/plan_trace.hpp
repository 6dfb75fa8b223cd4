#pragma once
// A read-only record of what a planner did in one plan: everything a panel draws.
// Planners fill it; the app copies it out of the planning thread and draws it. Matrices are
// resized only when sizes change, so refilling a trace does not allocate after warm-up.
#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace mbrl {

struct MctsTrace;  // core/mcts/mcts_trace.hpp: the search tree, filled only by MCTS

// The samples of one iteration (shooting and MPPI without refinement have one; CEM has one
// per refit). Only `kept` samples are stored in full (all of them, or the cheapest N when the
// population exceeds the trace cap); costs/weights of the whole population are kept too.
struct SampleSet {
  int population = 0;  // samples drawn in this iteration
  // Kept samples, column j is sample index[j] of the population.
  std::vector<int> index;
  Mat actions;                       // (action_dim * H) x kept; column-major per step: a_0, a_1, ...
  Mat states;                        // (state_dim * (H + 1)) x kept; predicted s_0 .. s_H
  Vec costs;                         // kept: total predicted cost S
  Vec weights;                       // kept: weight of the sample in the update (sums to 1 over population)
  std::vector<unsigned char> elite;  // kept: 1 if in the elite set (CEM) / chosen (argmin)
  // Whole population.
  Vec all_costs;    // population (non-finite costs replaced by +inf)
  Vec all_weights;  // population
  // Sampling distribution at the start of this iteration and after the update.
  Mat mean_before, sigma_before;  // action_dim x H
  Mat mean_after, sigma_after;    // action_dim x H
  float elite_cost_mean = 0.f;    // CEM: mean cost of elites; others: weighted mean cost
  float best_cost = 0.f;          // minimum finite cost in this iteration
  int best_index = -1;            // population index of the cheapest sample
};

struct PlanTrace {
  std::string planner;     // registry name
  int64_t plan_index = 0;  // how many plans the controller made before this one
  int horizon = 0, state_dim = 0, action_dim = 0;
  int iterations_used = 0;            // entries of `iterations` that are valid
  std::vector<SampleSet> iterations;  // capacity kept across plans
  Vec start_state;
  Mat plan_actions;        // action_dim x H: the plan returned (nominal / mean / best)
  Mat plan_states;         // state_dim x (H + 1): the plan rolled through the model
  float plan_cost = 0.f;   // predicted cost of plan_actions
  float ess = 0.f;         // MPPI effective sample size 1 / sum w^2 (others: same formula)
  int nonfinite = 0;       // rollouts whose cost was NaN/inf (never chosen)
  bool cancelled = false;  // stopped before it finished (PlanRequest::stop): not a plan, see Planner::plan
  int particles = 1;       // particles per candidate (PETS): costs are their mean, states particle 0's
  double ms_sample = 0, ms_rollout = 0, ms_update = 0, ms_total = 0;
  std::shared_ptr<const MctsTrace> mcts;  // the tree (MCTS only; null for sampling planners)

  const SampleSet* last() const { return iterations_used > 0 ? &iterations[size_t(iterations_used - 1)] : nullptr; }
};

}  // namespace mbrl
