#pragma once
// Pendulum swing-up, exactly gymnasium's Pendulum-v1: state (theta, theta_dot) with theta = 0
// upright (theta is not wrapped in the state, as in gymnasium), action = torque clipped to
// +-max_torque. Semi-implicit Euler:
//   thdot' = clip(thdot + (3 g / (2 l) sin(theta) + 3 / (m l^2) u) dt, -max_speed, max_speed)
//   theta' = theta + thdot' dt
// Running cost angle_normalize(theta)^2 + 0.1 thdot^2 + 0.001 u^2 (u clipped); terminal cost the
// same without the torque term. The torque cannot lift the pendulum directly (max torque 2 <
// m g l / 2 = 5), so a planner has to look far enough ahead to swing back and forth first.
// reset(seed) starts hanging down at exactly (pi, 0); with init_noise > 0 the seed adds a
// uniform perturbation in +-init_noise to both coordinates.
// Success: |angle_normalize(theta)| < 0.1 for the last 20 states of the episode.
#include "envs/env.hpp"

namespace mbrl {

struct PendulumParams {
  float g = 10.f;           // gravity [m/s^2]
  float m = 1.f;            // mass [kg]
  float l = 1.f;            // length [m]
  float dt = 0.05f;         // time step [s]
  float max_torque = 2.f;   // torque bound [N m]
  float max_speed = 8.f;    // angular speed clip [rad/s]
  float w_speed = 0.1f;     // cost weight on theta_dot^2
  float w_torque = 0.001f;  // cost weight on u^2
  float init_noise = 0.f;   // reset perturbation half-width (0: start exactly at (pi, 0))

  template <class V>
  void visit(V& v) {
    v.field("g", g, 0.0, 50.0, "Gravity [m/s^2]");
    v.field("m", m, 0.05, 20.0, "Pendulum mass [kg]");
    v.field("l", l, 0.1, 5.0, "Pendulum length [m]");
    v.field("dt", dt, 0.005, 0.2, "Integration time step [s]");
    v.field("max_torque", max_torque, 0.0, 20.0, "Torque bound [N m] (gravity torque is m g l / 2 = 5)");
    v.field("max_speed", max_speed, 0.5, 50.0, "Angular speed clip [rad/s]");
    v.field("w_speed", w_speed, 0.0, 10.0, "Cost weight on theta_dot^2");
    v.field("w_torque", w_torque, 0.0, 10.0, "Cost weight on torque^2");
    v.field("init_noise", init_noise, 0.0, 3.2, "Reset perturbation half-width on theta and theta_dot (0: exact)");
  }
  std::string validate() const { return ""; }
};

class PendulumEnv final : public EnvWithParams<PendulumEnv, PendulumParams> {
 public:
  using EnvWithParams::EnvWithParams;  // PendulumEnv(PendulumParams p = {})

  std::string name() const override { return "pendulum"; }
  std::string display_name() const override { return "Pendulum swing-up"; }
  std::string description() const override;
  std::vector<std::string> state_names() const override { return {"theta", "theta_dot"}; }
  std::vector<std::string> action_names() const override { return {"torque"}; }

  int state_dim() const override { return 2; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override;
  void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const override;
  void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const override;
  void terminal_cost(CMatRef states, VecRef cost) const override;

  Vec reset(uint64_t seed) const override;
  Vec process_noise_scale() const override;
  int default_steps() const override { return 200; }
  Outcome evaluate(const EpisodeView& ep) const override;

  std::map<std::string, double> recommended_planner_settings() const override;

  void draw(const Vec& state, DrawList& d) const override;
  void draw_action(const Vec& state, const Vec& action, DrawList& d) const override;
  void world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const override;
  Rect2 world_view() const override;
  bool on_drag(P2 from, P2 to, Vec& state) override;

  static constexpr int kHoldSteps = 20;  // success: upright for this many final states
  static constexpr float kUprightTol = 0.1f;
};

}  // namespace mbrl
