#pragma once
// The state -> network-input transform an environment supplies (e.g. an angle theta becomes
// sin(theta), cos(theta) so the network never sees the 2*pi jump). core/learn does not know
// environments: they hand over an ObsMap built from these helpers or from their own functions.
// Angle dimensions are wrapped in residual targets (s' - s) and errors, and in predicted states
// only if the environment wraps its own state (wrap_output).
#include <functional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace mbrl {

struct ObsMap {
  std::string name = "identity";  // stored in model files to catch a model loaded for another env
  int state_dim = 0;
  int obs_dim = 0;
  std::vector<int> angle_dims;  // state dims that are angles: residuals wrapped to [-pi, pi)
  bool wrap_output = false;     // also wrap predicted angles (for envs whose state is wrapped)
  // obs (obs_dim x N) = phi(states (state_dim x N)).
  std::function<void(CMatRef states, MatRef obs)> forward;
  // grad_states = (d phi / d s)^T grad_obs, per column. Empty: central finite differences.
  std::function<void(CMatRef states, CMatRef grad_obs, MatRef grad_states)> backward;

  void apply(CMatRef states, MatRef obs) const { forward(states, obs); }
  void vjp(CMatRef states, CMatRef grad_obs, MatRef grad_states) const;
  bool is_angle(int d) const;

  static ObsMap identity(int state_dim, std::string name = "identity");
  // Every dim in `angles` becomes (sin, cos); the other dims pass through. Output order: state
  // dims in order, an angle replaced by its sin followed by its cos.
  static ObsMap angles(int state_dim, std::vector<int> angles, std::string name, bool wrap_output = false);
};

// Wrap to [-pi, pi).
float wrap_angle(float x);

}  // namespace mbrl
