#pragma once
// An environment is four small interfaces in one object:
//   DynamicsModel + CostModel (core/model.hpp)  what a planner plans through: batched step and cost
//   Task (envs/task.hpp)                        names, reset, noise scale, episode length, success,
//                                               parameters, recommended planner settings
//   EnvView (envs/env_view.hpp)                 picture, trajectory points, camera box, mouse hooks
// Only the dynamics, the cost, the names and reset() must be written; everything else has a
// default. EnvWithParams below adds params()/set_params()/clone()/settings() for an env whose
// parameters are a Params struct with visit() (core/params.hpp).
//
// An Env holds no episode state: the state vector lives with the caller, so one Env (or a
// clone of it) serves as the real system, as the planner's true-dynamics model and as the
// cost, on any thread.
#include <memory>
#include <string>
#include <utility>

#include "core/model.hpp"
#include "core/params.hpp"
#include "envs/env_view.hpp"
#include "envs/task.hpp"

namespace mbrl {

class Env : public DynamicsModel, public CostModel, public Task, public EnvView {
 public:
  // One real step (defaults to the batched step on a single column).
  virtual Vec step_one(const Vec& s, const Vec& a, const StepContext& ctx = {}) const;
  // Default process noise: ones over the state dimensions.
  Vec process_noise_scale() const override;

  // A copy with the same parameters (all four facets), e.g. for a planner's model.
  virtual std::unique_ptr<Env> clone() const = 0;
};

// CRTP base for an env whose parameters are one Params struct P with visit() and validate():
// params() describes it, set_params() applies a ParamSet through apply_params() (all-or-nothing;
// an env with extra validation or side effects overrides it), clone() copies the Self, and
// settings() reads the struct. The derived env reads and writes the parameters as p_.
//
//   class MyEnv final : public EnvWithParams<MyEnv, MyParams> {
//    public:
//     using EnvWithParams::EnvWithParams;  // MyEnv(MyParams p = {})
//     ...
//   };
template <class Self, class P>
class EnvWithParams : public Env {
 public:
  explicit EnvWithParams(P p = {}) : p_(std::move(p)) {}

  const P& settings() const { return p_; }
  ParamSet params() const override { return describe(p_); }
  std::string set_params(const ParamSet& p) override { return apply_params(p_, p); }
  std::unique_ptr<Env> clone() const override { return std::make_unique<Self>(static_cast<const Self&>(*this)); }

 protected:
  P p_;
};

// The env's time step [s]: its "dt" parameter when it has one, else 0.05 (the window's clock,
// the CSV's time column).
double env_time_step(const Env& env);

}  // namespace mbrl
