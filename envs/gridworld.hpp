#pragma once
// Gridworld: a maze with walls, goal cells, traps and slip -- the discrete world the MCTS
// lectures use (MBRL v5 "from MPPI to MCTS", the planning lecture's "discrete case").
//
// State (row, col) as floats (whole numbers; row 0 is the top row). Action: ONE dimension
// holding an action index, rounded and clamped: 0 up, 1 right, 2 down, 3 left, 4 stay (only
// with `stay_action`). Continuous planners may sample it in [0, n-1]; MCTS reads the exact
// set from discrete_actions(). A move into a wall or off the grid leaves the agent in place.
// Slip: with probability `slip` a move goes in one of the two perpendicular directions
// instead, drawn from Rng(ctx.seed, ctx.t, ctx.sample_begin + column), so a batch equals the
// same columns stepped one by one. Goal cells are absorbing.
// Cost of (s, a): step_cost off the goal (+ trap_penalty on a trap), 0 at a goal -- so an
// episode's cost is the time to reach the goal plus the traps fallen into.
// Terminal cost: distance_cost x maze distance (cells, walls respected) to the nearest goal:
// with distance_cost = step_cost and no slip, exactly the cost
// still to come, so truncated rollouts are valued consistently (0 turns it off). (A per-step
// goal reward was tried and dropped: no distance-based terminal cost is consistent with it.)
#include <cstdint>
#include <string>
#include <vector>

#include "envs/discrete_action.hpp"
#include "envs/env.hpp"

namespace mbrl {

struct GridworldParams {
  enum class Layout { Maze10, Maze20 };
  Layout layout = Layout::Maze10;  // built-in maze: 10 x 10 or 20 x 20
  float slip = 0.1f;               // probability that a move goes sideways [0, 0.5]
  float step_cost = 1.f;           // cost per step off the goal [0, 100]
  float trap_penalty = 20.f;       // extra cost per step on a trap [0, 1000]
  float distance_cost = 1.f;       // terminal cost per cell of maze distance to the goal [0, 100]
  bool stay_action = true;         // 5 actions (with "stay") instead of 4

  template <class V>
  void visit(V& v) {
    v.choice("layout", layout, {"maze10", "maze20"}, "Built-in maze: 10 x 10 or 20 x 20 (resets edits)");
    v.field("slip", slip, 0.0, 0.5, "Probability that a move slips to a perpendicular direction");
    v.field("step_cost", step_cost, 0.0, 100.0, "Cost per step while not at the goal");
    v.field("trap_penalty", trap_penalty, 0.0, 1000.0, "Extra cost per step spent on a trap cell");
    v.field("distance_cost", distance_cost, 0.0, 100.0,
            "Terminal cost per cell of maze distance to the goal (cost-to-go for truncated rollouts)");
    v.flag("stay_action", stay_action, "Offer a fifth action 'stay'");
  }
  std::string validate() const { return ""; }
};

class Gridworld : public EnvWithParams<Gridworld, GridworldParams>, public DiscreteActionSpace {
 public:
  enum Cell : uint8_t { Free = 0, Wall = 1, Trap = 2, Goal = 3 };

  explicit Gridworld(GridworldParams p = {});

  // DynamicsModel / CostModel
  int state_dim() const override { return 2; }
  int action_dim() const override { return 1; }
  ActionBounds action_bounds() const override;
  void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const override;
  void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const override;
  void terminal_cost(CMatRef states, VecRef cost) const override;

  // DiscreteActionSpace
  Mat discrete_actions() const override;
  std::vector<std::string> discrete_action_labels() const override;

  // Env
  std::string name() const override { return "gridworld"; }
  std::string display_name() const override { return "Gridworld (maze with slip)"; }
  std::string description() const override;
  std::vector<std::string> state_names() const override { return {"row", "col"}; }
  std::vector<std::string> action_names() const override { return {"move"}; }
  Vec reset(uint64_t seed) const override;                           // the start cell; the seed does not perturb it
  Vec process_noise_scale() const override { return Vec::Zero(2); }  // cells stay whole
  int default_steps() const override { return 100; }
  Outcome evaluate(const EpisodeView& ep) const override;
  std::string set_params(const ParamSet& p) override;  // a new layout reloads the maze
  std::map<std::string, double> recommended_planner_settings() const override;
  void draw(const Vec& state, DrawList& d) const override;
  void world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const override;
  Rect2 world_view() const override;
  bool on_click(P2 world, Vec& state) override;       // toggles a wall (not on goal, start, agent)
  bool on_drag(P2 from, P2 to, Vec& state) override;  // moves the goal under `from`

  // Layout queries (tests, the app's status line).
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  Cell cell(int r, int c) const { return Cell(cells_[size_t(r * cols_ + c)]); }
  int distance_to_goal(int r, int c) const;  // -1 if no goal is reachable
  bool at_goal(const Vec& s) const;
  int action_count() const { return p_.stay_action ? 5 : 4; }
  const GridworldParams& gridworld_params() const { return p_; }

 private:
  void load_layout();
  void update_distances();
  int cell_index(float row, float col) const;  // clamps to the grid
  int cell_at(P2 world) const;                 // -1 outside the grid
  P2 cell_center(int r, int c) const { return {float(c) + 0.5f, float(rows_ - r) - 0.5f}; }

  int rows_ = 0, cols_ = 0;
  int start_r_ = 0, start_c_ = 0;
  std::vector<uint8_t> cells_;
  std::vector<int> dist_;  // maze distance to the nearest goal, -1 unreachable
};

}  // namespace mbrl
