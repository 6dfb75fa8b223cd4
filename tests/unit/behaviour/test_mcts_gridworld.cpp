// MCTS through whole gridworld episodes (moved from tests/unit/mcts: it needs the episode
// engine, the MCTS tests link only mbrl_core and mbrl_envs).
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/mcts/mcts.hpp"
#include "core/mpc.hpp"
#include "../run_engine.hpp"
#include "envs/gridworld.hpp"

using namespace mbrl;

// Budget (documented): 10 x 10 maze, slip 0.1, traps 20 per step; MCTS with 300 simulations per
// step, tree depth 20, c = 1, Q scaled globally, tree reuse on; MPC replans every step; 60 steps
// (the shortest path is 18 moves). The default policy is random for 2 steps, then the maze
// distance is the cost-to-go (terminal cost). Longer random rollouts make MCTS timid here: a
// random walk lingers on traps in corridors, so every cell near a trap looks expensive -- the
// seeds' "start with a random policy, then replace it with rollouts from pi" (next test).
namespace {
int episodes_reaching_goal(const Gridworld& g, MctsParams p, std::string& log, const Mcts::RolloutPolicy& policy = {}) {
  int reached = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto mcts = std::make_unique<Mcts>(p);
    if (policy) mcts->set_rollout_policy(policy);
    const auto r = mbrl::testing::run_mpc(g, std::move(mcts), seed, 60);
    log += "seed " + std::to_string(seed) + ": " + r.outcome.detail + "\n";
    reached += r.outcome.success;
  }
  return reached;
}
}  // namespace

TEST_CASE("MCTS drives the slippery gridworld to the goal on at least 9 of 10 seeds") {
  const Gridworld g;
  REQUIRE(g.gridworld_params().slip == doctest::Approx(0.1f));
  MctsParams p;
  p.simulations = 300;
  p.rollout_depth = 2;
  p.max_depth = 20;
  p.trace_tree = false;
  std::string log;
  const int reached = episodes_reaching_goal(g, p, log);
  INFO(log);
  CHECK(reached >= 9);
}

TEST_CASE("With a supplied default policy long rollouts work too (rollouts from pi)") {
  const Gridworld g;
  // pi: step to the neighbour closest to the goal (by maze distance), random 30% of the time.
  auto pi = [&g](CVecRef s, int, Rng& rng) {
    if (rng.uniform() < 0.3f) return int(rng.below(5));
    const int r = int(s(0)), c = int(s(1));
    const int dr[4] = {-1, 0, 1, 0}, dc[4] = {0, 1, 0, -1};
    int best = 4, best_d = g.distance_to_goal(r, c);
    for (int a = 0; a < 4; ++a) {
      const int nr = r + dr[a], nc = c + dc[a];
      if (nr < 0 || nr >= g.rows() || nc < 0 || nc >= g.cols() || g.cell(nr, nc) == Gridworld::Wall) continue;
      if (g.distance_to_goal(nr, nc) < best_d) best = a, best_d = g.distance_to_goal(nr, nc);
    }
    return best;
  };
  MctsParams p;
  p.simulations = 300;
  p.rollout_depth = 20;
  p.max_depth = 20;
  p.rollout = MctsParams::Rollout::Supplied;
  p.trace_tree = false;
  std::string log;
  const int reached = episodes_reaching_goal(g, p, log, pi);
  INFO(log);
  CHECK(reached >= 9);
}

TEST_CASE("The 20 x 20 maze with the env's recommended MCTS settings reaches the goal (5 seeds, 150 steps)") {
  GridworldParams gp;
  gp.layout = GridworldParams::Layout::Maze20;
  const Gridworld g(gp);
  Mcts proto;
  ParamSet s = proto.params();
  for (const auto& [key, value] : g.recommended_planner_settings())
    if (s.find(key)) REQUIRE_FALSE(s.set(key, value).has_value());
  REQUIRE(proto.set_params(s).empty());
  MctsParams p = proto.mcts_params();
  p.trace_tree = false;
  std::string log;
  int reached = 0;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const auto r = mbrl::testing::run_mpc(g, std::make_unique<Mcts>(p), seed, 150);
    log += "seed " + std::to_string(seed) + ": " + r.outcome.detail + "\n";
    reached += r.outcome.success;
  }
  INFO(log);
  CHECK(reached == 5);
}
