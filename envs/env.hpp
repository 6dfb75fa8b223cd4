#pragma once
// An environment: dynamics (single and batched), cost, success, parameters, recommended
// planner settings, and a picture drawn through DrawList. An Env holds no episode state: the
// state vector lives with the caller, so one Env (or a clone of it) serves as the real
// system, as the planner's true-dynamics model and as the cost, on any thread.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/params.hpp"
#include "envs/draw.hpp"

namespace mbrl {

struct Rect2 {
  P2 lo{-1, -1}, hi{1, 1};
};

// What an episode did so far (for success predicates and status lines).
struct EpisodeView {
  const std::vector<Vec>* states = nullptr;   // s_0 .. s_T
  const std::vector<Vec>* actions = nullptr;  // a_0 .. a_{T-1}
};

struct Outcome {
  bool success = false;
  std::string detail;  // one short line, e.g. "upright for 20 steps" / "collided at step 31"
};

class Env : public DynamicsModel, public CostModel {
 public:
  virtual std::string name() const = 0;                       // registry name, e.g. "pendulum"
  virtual std::string display_name() const = 0;               // "Pendulum swing-up"
  virtual std::string description() const = 0;                // one paragraph for the help panel
  virtual std::vector<std::string> state_names() const = 0;   // "theta", "theta_dot", ...
  virtual std::vector<std::string> action_names() const = 0;  // "torque", ...

  // Initial state for an episode; `seed` may perturb it (documented per env).
  virtual Vec reset(uint64_t seed) const = 0;
  // One real step (defaults to the batched step on a single column).
  virtual Vec step_one(const Vec& s, const Vec& a, const StepContext& ctx = {}) const;
  // Scale of process noise per state dimension (noise = std * scale .* N(0, 1)).
  virtual Vec process_noise_scale() const;
  // Episode length the tests and `run` default to.
  virtual int default_steps() const = 0;

  virtual Outcome evaluate(const EpisodeView& ep) const = 0;

  // Environment parameters (physical constants, obstacle layout knobs, ...).
  virtual ParamSet params() const = 0;
  virtual std::string set_params(const ParamSet& p) = 0;  // "" on success, else message; keeps old on error

  // Planner settings this env wants unless the user overrides them, keyed by planner param
  // key ("horizon", "samples", "sigma", "lambda", ...). Keys a planner lacks are ignored.
  virtual std::map<std::string, double> recommended_planner_settings() const = 0;

  // Picture of one state.
  virtual void draw(const Vec& state, DrawList& d) const = 0;
  // The action being applied in `state`, drawn over draw()'s picture as a small arrow
  // (draw() alone has no action to show). Default: nothing.
  virtual void draw_action(const Vec& /*state*/, const Vec& /*action*/, DrawList& /*d*/) const {}
  // The world point that stands for a state in trajectory overlays (pendulum tip, cart-pole
  // tip, point-mass position, hill car). states: state_dim x N -> out: 2 x N.
  virtual void world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const = 0;
  virtual Rect2 world_view() const = 0;  // the region the camera frames by default

  // Direct manipulation hooks (the app's mouse): move the goal, drag an obstacle, push.
  // Return true when the env or state changed. Defaults do nothing.
  virtual bool on_click(P2 /*world*/, Vec& /*state*/) { return false; }
  virtual bool on_drag(P2 /*from*/, P2 /*to*/, Vec& /*state*/) { return false; }

  virtual std::unique_ptr<Env> clone() const = 0;
};

}  // namespace mbrl
