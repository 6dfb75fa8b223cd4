#pragma once
// Task: what an environment states about the problem, apart from its dynamics and cost -- its
// identity (names for menus, help and plots), where an episode starts, how hard process noise
// shoves each state dimension, how long an episode runs, what counts as success, its
// parameters and the planner settings it recommends. Every method except the identity and
// reset() has a default, so an environment writes only what it has.
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/types.hpp"

namespace mbrl {

// What an episode did so far (for success predicates and status lines).
struct EpisodeView {
  const std::vector<Vec>* states = nullptr;   // s_0 .. s_T
  const std::vector<Vec>* actions = nullptr;  // a_0 .. a_{T-1}
};

struct Outcome {
  bool success = false;
  std::string detail;  // one short line, e.g. "upright for 20 steps" / "collided at step 31"
  // Progress in the task's own units, for lessons' checks: how far the last state is from the
  // goal (pendulum and cart-pole: |angle| from upright [rad]; navigation [m]; hill: [position]
  // short of the flag; gridworld: moves), and how many states were in collision. NaN / -1: the task
  // has no such notion.
  double distance = std::numeric_limits<double>::quiet_NaN();
  int collisions = -1;
};

class Task {
 public:
  virtual ~Task() = default;

  virtual std::string name() const = 0;                       // registry name, e.g. "pendulum"
  virtual std::string display_name() const = 0;               // "Pendulum swing-up"
  virtual std::string description() const { return ""; }      // one paragraph for the help panel
  virtual std::vector<std::string> state_names() const = 0;   // "theta", "theta_dot", ...
  virtual std::vector<std::string> action_names() const = 0;  // "torque", ...

  // Initial state for an episode; `seed` may perturb it (documented per env).
  virtual Vec reset(uint64_t seed) const = 0;
  // Scale of process noise per state dimension (noise = std * scale .* N(0, 1)). Default (in
  // Env, which knows the state dimension): ones.
  virtual Vec process_noise_scale() const = 0;
  // Episode length the tests and `run` default to.
  virtual int default_steps() const { return 200; }

  // Success of an episode. Default: no success criterion (never a success).
  virtual Outcome evaluate(const EpisodeView& /*ep*/) const { return {false, "no success criterion"}; }

  // Environment parameters (physical constants, obstacle layout knobs, ...). Default: none.
  virtual ParamSet params() const { return {}; }
  // "" on success, else a message naming the key; keeps the old parameters on error. Default:
  // every key is unknown.
  virtual std::string set_params(const ParamSet& p);

  // Planner settings this env wants unless the user overrides them, keyed by planner param
  // key ("horizon", "samples", "sigma", "lambda", ...). Keys a planner lacks are ignored.
  // Default: none.
  virtual std::map<std::string, double> recommended_planner_settings() const { return {}; }
};

}  // namespace mbrl
