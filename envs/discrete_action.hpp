#pragma once
// DiscreteActionEnv: wraps a continuous Env into an n-action variant (n in 3..5), as the
// lectures' "discrete case" needs for MCTS. Its action is ONE dimension holding the index
// (rounded, clamped); the index maps to a fixed action vector of the inner env:
//   1-D inner action: n evenly spaced values from lo to hi (3: lo, mid, hi).
//   k-D inner action (k >= 2): +-hi/lo along the first two axes (4 actions: +x, -x, +y, -y),
//   5 adds the middle of the box ("coast"); 3 is not offered for k >= 2.
// Everything else (cost, drawing, params, success) is the inner env's, plus the key
// "discrete_actions".
#include <memory>
#include <string>
#include <vector>

#include "core/mcts/discrete_action_space.hpp"
#include "envs/env.hpp"

namespace mbrl {

class DiscreteActionEnv : public Env, public DiscreteActionSpace {
 public:
  // n in [3, 5] (4 or 5 when the inner action has two or more dimensions); see above. An
  // invalid n falls back to 3 (1-D) or 5 (k-D); set_params() reports it instead.
  DiscreteActionEnv(std::unique_ptr<Env> inner, int n);
  DiscreteActionEnv(const DiscreteActionEnv& o);

  // The inner action vectors for n choices of an env with these bounds ("" or an error).
  static std::string check_count(const ActionBounds& b, int n);
  static Mat action_table(const ActionBounds& b, int n);

  int state_dim() const override { return inner_->state_dim(); }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override;
  void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const override;
  void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const override;
  void terminal_cost(CMatRef states, VecRef cost) const override { inner_->terminal_cost(states, cost); }
  std::unique_ptr<ModelWorkspace> make_workspace(int max_batch) const override {
    return inner_->make_workspace(max_batch);
  }

  Mat discrete_actions() const override;
  std::vector<std::string> discrete_action_labels() const override;

  std::string name() const override { return inner_->name() + "_discrete"; }
  std::string display_name() const override;
  std::string description() const override;
  std::vector<std::string> state_names() const override { return inner_->state_names(); }
  std::vector<std::string> action_names() const override { return {"choice"}; }
  Vec reset(uint64_t seed) const override { return inner_->reset(seed); }
  Vec process_noise_scale() const override { return inner_->process_noise_scale(); }
  int default_steps() const override { return inner_->default_steps(); }
  Outcome evaluate(const EpisodeView& ep) const override;
  ParamSet params() const override;
  std::string set_params(const ParamSet& p) override;
  std::map<std::string, double> recommended_planner_settings() const override;
  void draw(const Vec& state, DrawList& d) const override { inner_->draw(state, d); }
  void world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const override {
    inner_->world_points(states, out);
  }
  Rect2 world_view() const override { return inner_->world_view(); }
  bool on_click(P2 world, Vec& state) override { return inner_->on_click(world, state); }
  bool on_drag(P2 from, P2 to, Vec& state) override { return inner_->on_drag(from, to, state); }
  std::unique_ptr<Env> clone() const override { return std::make_unique<DiscreteActionEnv>(*this); }

  const Env& inner() const { return *inner_; }
  int count() const { return n_; }
  // Inner action vectors for a batch of index actions (1 x N -> inner_dim x N).
  void map_actions(CMatRef index_actions, MatRef inner_actions) const;

 private:
  std::unique_ptr<Env> inner_;
  int n_ = 3;
  Mat table_;  // inner action_dim x n
};

}  // namespace mbrl
