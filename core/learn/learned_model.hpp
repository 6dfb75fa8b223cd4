#pragma once
// A trained ensemble behind the same batched DynamicsModel interface as the true dynamics, so
// every planner plans through it unchanged. next = s + denormalise(f(phi(s), a)) (residual
// model), angles wrapped if the ObsMap says so.
// How the ensemble is propagated (the names of PETS):
//   mean        every member predicts, the next state uses the mean of their residuals
//   ts1         each sample draws a member at every step: Rng(ctx.seed, ctx.t, sample index)
//   tsinf       each sample (particle) keeps one member: sample index mod K.
//   expectation every candidate under every member, costs averaged (the ensemble lecture's
//               J = 1/N sum_i sum_t r(s_t,i, a_t), s_t+1,i = f_i(s_t,i, a_t)): particles()
//               is K and the rollout gives candidate c the sample indices c*K .. c*K+K-1,
//               so particle p runs member p. The same as tsinf with particles = K.
// particles() tells the rollout how many particles per candidate to average (model.particles
// for mean/ts1/tsinf; K for expectation). With tsinf and P a multiple of K every candidate sees
// every member P/K times; more particles than members only differ when noise is sampled.
// Probabilistic heads add aleatoric noise exp(lv/2) * N(0,1) (stream (seed, t, sample, 1))
// when sample_noise is on, else use the mean. In mean mode the noise uses the members' mean
// variance.
// Pessimism (the ensembles-and-uncertainty lecture): member_variance() gives, per sample, the disagreement of the
// members about the next state (sum over state dims of the variance across members of the normalised predicted
// residual); VariancePenaltyCost (variance_penalty.hpp) adds beta times it to the cost. Planning threads pass a
// workspace from make_workspace() in StepContext and never allocate after warm-up; without one a per-thread workspace
// is used.
#include <memory>
#include <vector>

#include "core/learn/ensemble.hpp"
#include "core/learn/model_params.hpp"
#include "core/learn/obs_map.hpp"
#include "core/model.hpp"

namespace mbrl {

struct LearnedWorkspace : ModelWorkspace {
  EnsembleWorkspace ens;
  Mat x, out, xg, og;
  Vec var;                    // per sample: disagreement of the last step (mean mode)
  Eigen::Index var_cols = 0;  // valid entries of var (0 after a one-member-per-sample step)
  std::vector<int> member_of, order, start, pos;
  void ensure(const NetSpec& spec, Eigen::Index cols);
};

class LearnedModel : public DynamicsModel {
 public:
  LearnedModel(std::shared_ptr<const Ensemble> ens, ObsMap obs, ActionBounds bounds, const ModelParams& p = {});

  // Swap in a newly trained ensemble of the same spec (between plans, not during step()).
  void set_ensemble(std::shared_ptr<const Ensemble> ens) { ens_ = std::move(ens); }
  void set_options(Propagation prop, bool sample_noise, int particles = 1) {
    prop_ = prop;
    noise_ = sample_noise;
    particles_ = particles;
  }
  // The planning-time keys of ModelParams (propagation, sample_noise, particles); beta belongs
  // to VariancePenaltyCost, the other keys to training.
  void set_options(const ModelParams& p) { set_options(p.propagation, p.sample_noise, p.particles); }
  Propagation propagation() const { return prop_; }
  bool sample_noise() const { return noise_; }
  const Ensemble& ensemble() const { return *ens_; }
  std::shared_ptr<const Ensemble> ensemble_ptr() const { return ens_; }
  const ObsMap& obs_map() const { return obs_; }

  int state_dim() const override { return obs_.state_dim; }
  int action_dim() const override { return ens_->spec.action_dim; }
  ActionBounds action_bounds() const override { return bounds_; }
  void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const override;
  std::unique_ptr<ModelWorkspace> make_workspace(int max_batch) const override;
  int particles() const override;

  // Every member's noise-free next state: out is (K * state_dim) x N, member k in rows
  // [k*state_dim, (k+1)*state_dim). For the ensemble fan and the compounding-error views.
  void predict_members(CMatRef states, CMatRef actions, MatRef out, ModelWorkspace* ws = nullptr) const;
  // Member k alone (noise-free): for per-member open-loop rollouts (ghosts, k-step error).
  void step_member(int k, CMatRef states, CMatRef actions, MatRef next, ModelWorkspace* ws = nullptr) const;
  // var(i) = sum_d Var_k[mu_k,d(s_i, a_i)] in target-normalised units (0 for one member).
  void member_variance(CMatRef states, CMatRef actions, VecRef var, ModelWorkspace* ws = nullptr) const;
  // Per-sample disagreement of the last step() in `ws` (mean mode; empty after the others).
  static Eigen::Map<const Vec> last_variance(const ModelWorkspace& ws);

 private:
  LearnedWorkspace& resolve(ModelWorkspace* ws, Eigen::Index cols) const;
  void inputs(CMatRef states, CMatRef actions, LearnedWorkspace& w) const;
  void finish(CMatRef states, MatRef next) const;  // wrap angles (ObsMap::wrap_output)
  // Every member's normalised output for the n columns whose inputs() are in w: (K * net_out) x n, in w.out.
  Eigen::Block<Mat> forward_members(LearnedWorkspace& w, Eigen::Index n) const;
  // Mean over members of the normalised state delta (D x n) and the per-sample variance
  // sum_d Var_k (normalised units) from forward_members' output.
  void member_moments(const Eigen::Block<Mat>& out, MatRef mean, VecRef var) const;
  // next = states + denormalised delta (before angle wrapping).
  void add_delta(CMatRef states, CMatRef delta, MatRef next) const;

  std::shared_ptr<const Ensemble> ens_;
  ObsMap obs_;
  ActionBounds bounds_;
  Propagation prop_ = Propagation::TSinf;
  bool noise_ = false;
  int particles_ = 1;
};

}  // namespace mbrl
