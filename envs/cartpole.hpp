#pragma once
// Cart-pole swing-up with a continuous force. The classic cart-pole physics (Barto, Sutton &
// Anderson 1983, as in gymnasium's CartPole: cart 1 kg, pole 0.1 kg, pole half-length 0.5 m,
// g = 9.8) integrated with semi-implicit Euler at dt = 0.05 s; the force is clipped to
// +-max_force (10 N). State (x, x_dot, theta, theta_dot), theta = 0 upright, positive theta
// leans the pole to the right (tip at x + 2 l sin(theta)). No walls: leaving the track
// (|x| > track) is allowed by the dynamics, penalised by the cost and fails the episode.
// reset(seed) starts at rest hanging down (0, 0, pi, 0); init_noise > 0 adds a seeded uniform
// perturbation of that half-width to every coordinate.
// Running cost (1 - cos theta) + 0.05 x^2 + 0.01 theta_dot^2 + 0.01 x_dot^2 + 0.001 (u/max)^2
// + 10 (|x| - track)_+^2; the terminal cost is the same without the force term.
// Success: |theta| < 0.2 rad (wrapped) and |x| <= track for the last 20 states.
#include "envs/env.hpp"

namespace mbrl {

struct CartPoleParams {
  float g = 9.8f;            // gravity [m/s^2]
  float m_cart = 1.0f;       // cart mass [kg]
  float m_pole = 0.1f;       // pole mass [kg]
  float half_length = 0.5f;  // half the pole length [m] (gymnasium's "length")
  float dt = 0.05f;          // time step [s]
  float max_force = 10.f;    // force bound [N]
  float track = 2.4f;        // the track is [-track, track] [m]
  float w_x = 0.05f;         // cost weight on x^2 (keep the cart centred)
  float w_speed = 0.01f;     // cost weight on x_dot^2 and theta_dot^2
  float w_force = 0.001f;    // cost weight on (u / max_force)^2
  float w_track = 10.f;      // cost weight on the squared distance beyond the track end
  float init_noise = 0.f;    // reset perturbation half-width (0: exactly hanging down at rest)

  template <class V>
  void visit(V& v) {
    v.field("g", g, 0.0, 50.0, "Gravity [m/s^2]");
    v.field("m_cart", m_cart, 0.05, 20.0, "Cart mass [kg]");
    v.field("m_pole", m_pole, 0.01, 10.0, "Pole mass [kg]");
    v.field("half_length", half_length, 0.05, 3.0, "Half the pole length [m]");
    v.field("dt", dt, 0.005, 0.1, "Integration time step [s]");
    v.field("max_force", max_force, 0.0, 100.0, "Force bound [N]");
    v.field("track", track, 0.5, 10.0, "Half-width of the track [m]");
    v.field("w_x", w_x, 0.0, 10.0, "Cost weight on x^2 (cart centred)");
    v.field("w_speed", w_speed, 0.0, 10.0, "Cost weight on x_dot^2 and theta_dot^2");
    v.field("w_force", w_force, 0.0, 10.0, "Cost weight on (force / max_force)^2");
    v.field("w_track", w_track, 0.0, 1000.0, "Cost weight on the squared overshoot beyond the track end");
    v.field("init_noise", init_noise, 0.0, 1.0, "Reset perturbation half-width on every coordinate (0: exact)");
  }
  std::string validate() const { return ""; }
};

class CartPoleEnv final : public EnvWithParams<CartPoleEnv, CartPoleParams> {
 public:
  using EnvWithParams::EnvWithParams;  // CartPoleEnv(CartPoleParams p = {})

  std::string name() const override { return "cartpole"; }
  std::string display_name() const override { return "Cart-pole swing-up"; }
  std::string description() const override;
  std::vector<std::string> state_names() const override { return {"x", "x_dot", "theta", "theta_dot"}; }
  std::vector<std::string> action_names() const override { return {"force"}; }

  int state_dim() const override { return 4; }
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

  static constexpr int kHoldSteps = 20;
  static constexpr float kUprightTol = 0.2f;
};

}  // namespace mbrl
