#pragma once
// 2D navigation: a point mass (double integrator, semi-implicit Euler) accelerates towards a
// goal past circular obstacles. State (x, y, vx, vy), action (ax, ay) each in +-max_accel.
// Obstacles do not block the motion (the dynamics stay smooth for learned models); entering
// one is a collision, penalised by the cost and reported by evaluate(). The default layout puts
// a large obstacle on the straight line from start to goal and two smaller ones beside it, so
// the planner must choose a detour (measured with MPPI, K = 1000: horizon 30 reaches the goal
// in ~36 steps; horizon 10 cannot see past the obstacle and stops in front of it).
// Running cost per step: w_goal * |p - goal| + w_speed * |v|^2 + w_accel * |a / max_accel|^2
//   + w_collision (when the body overlaps an obstacle) + w_clearance * ((R + margin - d) / margin)^2
//   inside the margin band around an obstacle (R = obstacle radius + body radius, d = distance).
// The terminal cost is the same without the action term. reset(seed) starts at rest at the start
// position (init_noise > 0 adds a seeded uniform offset to the position).
// Success: the final position is inside the goal radius and no state collided on the way.
#include <array>

#include "envs/env.hpp"

namespace mbrl {

struct NavigationParams {
  static constexpr int kMaxObstacles = 4;
  struct Obstacle {
    float x = 0, y = 0, r = 0.5f;
  };

  float dt = 0.1f;                       // time step [s]
  float max_accel = 2.f;                 // bound on each acceleration component [m/s^2]
  float start_x = -2.5f, start_y = 0.f;  // start position [m]
  float goal_x = 2.5f, goal_y = 0.f;     // goal position [m] (the app moves it by click)
  float goal_radius = 0.25f;             // success radius around the goal [m]
  float body_radius = 0.1f;              // radius of the point mass for collisions [m]
  int obstacles = 3;                     // active obstacles (the first n of the layout)
  std::array<Obstacle, kMaxObstacles> obs{
      {{0.f, 0.f, 1.0f}, {-1.2f, 1.45f, 0.5f}, {1.2f, -1.45f, 0.5f}, {0.f, 2.0f, 0.4f}}};
  float w_goal = 1.f;        // cost per metre from the goal
  float w_speed = 0.05f;     // cost weight on |v|^2
  float w_accel = 0.01f;     // cost weight on |a / max_accel|^2
  float w_collision = 50.f;  // cost per step spent overlapping an obstacle
  float w_clearance = 2.f;   // cost weight of the smooth band around obstacles
  float margin = 0.2f;       // width of that band [m]
  float init_noise = 0.f;    // reset position perturbation half-width [m]

  template <class V>
  void visit(V& v) {
    v.field("dt", dt, 0.01, 0.5, "Integration time step [s]");
    v.field("max_accel", max_accel, 0.1, 20.0, "Bound on each acceleration component [m/s^2]");
    v.field("start_x", start_x, -5.0, 5.0, "Start position x [m]");
    v.field("start_y", start_y, -5.0, 5.0, "Start position y [m]");
    v.field("goal_x", goal_x, -5.0, 5.0, "Goal position x [m] (click in the scene to move it)");
    v.field("goal_y", goal_y, -5.0, 5.0, "Goal position y [m]");
    v.field("goal_radius", goal_radius, 0.05, 2.0, "Success radius around the goal [m]");
    v.field("body_radius", body_radius, 0.0, 1.0, "Radius of the point mass for collisions [m]");
    v.field("obstacles", obstacles, 0, kMaxObstacles, "Number of active obstacles (drag one to move it)");
    static const char* const keys[kMaxObstacles][3] = {{"obs1_x", "obs1_y", "obs1_r"},
                                                       {"obs2_x", "obs2_y", "obs2_r"},
                                                       {"obs3_x", "obs3_y", "obs3_r"},
                                                       {"obs4_x", "obs4_y", "obs4_r"}};
    for (int i = 0; i < kMaxObstacles; ++i) {
      v.field(keys[i][0], obs[size_t(i)].x, -5.0, 5.0, "Obstacle centre x [m]");
      v.field(keys[i][1], obs[size_t(i)].y, -5.0, 5.0, "Obstacle centre y [m]");
      v.field(keys[i][2], obs[size_t(i)].r, 0.05, 3.0, "Obstacle radius [m]");
    }
    v.field("w_goal", w_goal, 0.0, 100.0, "Cost per metre of distance to the goal");
    v.field("w_speed", w_speed, 0.0, 10.0, "Cost weight on speed^2");
    v.field("w_accel", w_accel, 0.0, 10.0, "Cost weight on (acceleration / max)^2");
    v.field("w_collision", w_collision, 0.0, 1e4, "Cost per step spent inside an obstacle");
    v.field("w_clearance", w_clearance, 0.0, 1e3, "Cost weight of the smooth band around obstacles");
    v.field("margin", margin, 0.01, 2.0, "Width of the band around obstacles [m]");
    v.field("init_noise", init_noise, 0.0, 1.0, "Reset position perturbation half-width [m] (0: exact)");
  }
  std::string validate() const { return ""; }
};

class NavigationEnv final : public EnvWithParams<NavigationEnv, NavigationParams> {
 public:
  using EnvWithParams::EnvWithParams;  // NavigationEnv(NavigationParams p = {})

  std::string name() const override { return "navigation"; }
  std::string display_name() const override { return "Point-mass navigation"; }
  std::string description() const override;
  std::vector<std::string> state_names() const override { return {"x", "y", "vx", "vy"}; }
  std::vector<std::string> action_names() const override { return {"ax", "ay"}; }

  int state_dim() const override { return 4; }
  int action_dim() const override { return 2; }
  ActionBounds action_bounds() const override;
  void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const override;
  void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const override;
  void terminal_cost(CMatRef states, VecRef cost) const override;

  Vec reset(uint64_t seed) const override;
  Vec process_noise_scale() const override;
  int default_steps() const override { return 150; }
  Outcome evaluate(const EpisodeView& ep) const override;

  std::map<std::string, double> recommended_planner_settings() const override;

  void draw(const Vec& state, DrawList& d) const override;
  void draw_action(const Vec& state, const Vec& action, DrawList& d) const override;
  Rect2 world_view() const override;
  bool on_click(P2 world, Vec& state) override;       // moves the goal
  bool on_drag(P2 from, P2 to, Vec& state) override;  // drags an obstacle (or the goal)

  // Index of the first active obstacle the body at (x, y) overlaps, or -1.
  int colliding_obstacle(float x, float y) const;

 private:
  void add_state_costs(CMatRef states, VecRef cost) const;  // cost(i) += state part
};

}  // namespace mbrl
