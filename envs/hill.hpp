#pragma once
// The hill car: gymnasium's MountainCarContinuous-v0. State (position, velocity), action = force
// in [-1, 1]. Per step (dt = 1):
//   v' = clip(v + power * u - gravity * cos(3 x), -max_speed, max_speed);  x' = clip(x + v', -1.2, 0.6)
//   and at the left wall (x' == -1.2 with v' < 0) the velocity is set to 0.
// The engine (power 0.0015) is weaker than gravity on the slope (0.0025): the car cannot drive up
// to the flag at 0.45, it has to rock back and forth ("going right means we can go higher").
// reset(seed): position uniform in [-0.6, -0.4] from the seed, velocity 0 (as gymnasium).
//
// Cost (choice "cost"): gymnasium's sparse reward cannot guide a short-horizon planner, and the
// plain distance to the flag ("distance") makes it push right, stall on the slope and stay stuck
// in the valley. The default "energy" cost charges the normalised mechanical-energy deficit
//   w_energy * (E_flag - E)_+ / (E_flag - E_valley),  E = v^2 / 2 + gravity / 3 * sin(3 x)
// (E is what the dynamics conserve without the engine), plus w_distance * (goal - x)_+ / 1.65:
// every swing that adds energy lowers the cost, so rocking is rewarded even when no sampled
// sequence reaches the flag within the horizon (measured with MPPI, K = 1000: the energy cost
// reaches the flag with H = 15 or 40; the distance cost stalls with H = 40 and needs H ~ 100).
// Both add w_action * u^2; at the flag
// (x >= goal) the state cost is 0. The terminal cost is the state cost.
// Success: some state reached the flag (x >= goal with v >= 0).
#include "envs/env.hpp"

namespace mbrl {

struct HillParams {
  enum class Cost { Energy, Distance };
  float power = 0.0015f;     // engine force per unit action
  float gravity = 0.0025f;   // slope force coefficient (cos(3 x) slope)
  float max_speed = 0.07f;   // velocity clip
  float goal = 0.45f;        // flag position
  Cost cost = Cost::Energy;  // state cost: energy deficit (shaped) or distance to the flag
  float w_energy = 1.f;      // weight of the normalised energy deficit
  float w_distance = 0.2f;   // weight of the normalised distance to the flag
  float w_action = 0.001f;   // weight of u^2

  template <class V>
  void visit(V& v) {
    v.field("power", power, 0.0001, 0.01, "Engine force per unit action (gymnasium: 0.0015)");
    v.field("gravity", gravity, 0.0, 0.01, "Slope force coefficient (gymnasium: 0.0025)");
    v.field("max_speed", max_speed, 0.01, 0.5, "Velocity clip (gymnasium: 0.07)");
    v.field("goal", goal, -0.5, 0.59, "Flag position (gymnasium: 0.45)");
    v.choice("cost", cost, {"energy", "distance"},
             "State cost: energy deficit (rewards rocking) or plain distance to the flag (gets stuck)");
    v.field("w_energy", w_energy, 0.0, 100.0, "Weight of the normalised energy deficit (energy cost)");
    v.field("w_distance", w_distance, 0.0, 100.0, "Weight of the normalised distance to the flag");
    v.field("w_action", w_action, 0.0, 10.0, "Weight of force^2");
  }
  std::string validate() const { return ""; }
};

class HillEnv final : public EnvWithParams<HillEnv, HillParams> {
 public:
  static constexpr float kMinPosition = -1.2f, kMaxPosition = 0.6f;

  using EnvWithParams::EnvWithParams;  // HillEnv(HillParams p = {})

  std::string name() const override { return "hill"; }
  std::string display_name() const override { return "Hill car (mountain car)"; }
  std::string description() const override;
  std::vector<std::string> state_names() const override { return {"position", "velocity"}; }
  std::vector<std::string> action_names() const override { return {"force"}; }

  int state_dim() const override { return 2; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override;
  void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const override;
  void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const override;
  void terminal_cost(CMatRef states, VecRef cost) const override;

  Vec reset(uint64_t seed) const override;
  Vec process_noise_scale() const override;
  int default_steps() const override { return 250; }
  Outcome evaluate(const EpisodeView& ep) const override;

  std::map<std::string, double> recommended_planner_settings() const override;

  void draw(const Vec& state, DrawList& d) const override;
  void draw_action(const Vec& state, const Vec& action, DrawList& d) const override;
  void world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const override;
  Rect2 world_view() const override;
  bool on_drag(P2 from, P2 to, Vec& state) override;  // a push: changes the velocity

  // Mechanical energy v^2 / 2 + gravity / 3 sin(3 x) and the track height drawn at x.
  float energy(float x, float v) const;
  static float height(float x);
};

}  // namespace mbrl
