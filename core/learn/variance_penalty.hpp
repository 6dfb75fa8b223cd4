#pragma once
// Pessimism (the ensembles lecture's "penalise ensemble variance"): the planner minimises
//   sum_t [ l(s_t, a_t) + beta * Var(s_t, a_t) ]
// where Var is LearnedModel::member_variance: how much the ensemble members disagree about the
// next state from (s_t, a_t) (sum over state dims, target-normalised units). Disagreement is
// large where the data is thin, so beta > 0 keeps plans where the model knows what it says.
// Wraps any CostModel; the terminal cost is passed through. Safe to call from several threads
// (each uses its own per-thread scratch, which grows once and is then reused).
#include "core/learn/learned_model.hpp"

namespace mbrl {

class VariancePenaltyCost : public CostModel {
 public:
  VariancePenaltyCost(const CostModel& base, const LearnedModel& model, float beta)
      : base_(base), model_(model), beta_(beta) {}
  void set_beta(float beta) { beta_ = beta; }
  float beta() const { return beta_; }
  void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const override;
  void terminal_cost(CMatRef states, VecRef cost) const override { base_.terminal_cost(states, cost); }

 private:
  const CostModel& base_;
  const LearnedModel& model_;
  float beta_;
};

}  // namespace mbrl
