#pragma once
// Small hand-made models for the MCTS tests: a Bernoulli bandit and a deterministic binary tree
// with a known best path.
#include <array>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/rng.hpp"
#include "core/mcts/discrete_action_space.hpp"

namespace mbrl::test {

// One pull of arm a pays 1 with probability p[a] (drawn from the model's counter-based stream),
// reported as a negative terminal cost. State: (pulled, payout). Running cost 0.
class Bandit : public DynamicsModel, public CostModel, public DiscreteActionSpace {
 public:
  explicit Bandit(std::vector<float> p) : p_(std::move(p)) {}
  int state_dim() const override { return 2; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override { return {Vec::Zero(1), Vec::Constant(1, float(p_.size() - 1))}; }
  void step(CMatRef s, CMatRef a, MatRef next, const StepContext& ctx) const override {
    for (int i = 0; i < int(s.cols()); ++i) {
      Rng rng(ctx.seed, uint64_t(ctx.t), uint64_t(ctx.sample_begin + i));
      const bool pulled = s(0, i) > 0.5f;
      next(0, i) = 1.f;
      next(1, i) = pulled ? s(1, i) : (rng.uniform() < p_[size_t(a(0, i))] ? 1.f : 0.f);
    }
  }
  void running_cost(CMatRef, CMatRef, int, VecRef) const override {}
  void terminal_cost(CMatRef s, VecRef cost) const override {
    for (int i = 0; i < int(s.cols()); ++i) cost(i) -= s(1, i);
  }
  Mat discrete_actions() const override {
    Mat a(1, int(p_.size()));
    for (int i = 0; i < int(p_.size()); ++i) a(0, i) = float(i);
    return a;
  }
  std::vector<std::string> discrete_action_labels() const override {
    std::vector<std::string> l;
    for (size_t i = 0; i < p_.size(); ++i) l.push_back("arm" + std::to_string(i));
    return l;
  }

 private:
  std::vector<float> p_;
};

// A deterministic binary tree. State: heap index (root 1, children 2k and 2k+1), frozen below
// depth `levels`. Edge rewards R(node, action) from a table (missing = 0); cost = -reward.
// Default table: action 0 at the root pays 1 and nothing after; action 1 pays 0, then action 1
// again pays 5 -- greedy one-step search picks 0, the best path is (1, 1).
class TreeModel : public DynamicsModel, public CostModel {
 public:
  explicit TreeModel(int levels = 2) : levels_(levels) {
    reward_.assign(size_t(2 << levels), {0.f, 0.f});
    reward_[1] = {1.f, 0.f};  // root
    reward_[3] = {0.f, 5.f};  // after action 1
  }
  std::vector<std::array<float, 2>> reward_;
  int levels_;

  int state_dim() const override { return 1; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override { return {Vec::Zero(1), Vec::Ones(1)}; }
  void step(CMatRef s, CMatRef a, MatRef next, const StepContext&) const override {
    for (int i = 0; i < int(s.cols()); ++i) {
      const int k = int(s(0, i));
      next(0, i) = k >= (1 << levels_) ? float(k) : float(2 * k + int(a(0, i)));
    }
  }
  void running_cost(CMatRef s, CMatRef a, int, VecRef cost) const override {
    for (int i = 0; i < int(s.cols()); ++i) {
      const int k = int(s(0, i));
      if (k < int(reward_.size())) cost(i) -= reward_[size_t(k)][size_t(a(0, i))];
    }
  }
  void terminal_cost(CMatRef, VecRef) const override {}
};

}  // namespace mbrl::test
