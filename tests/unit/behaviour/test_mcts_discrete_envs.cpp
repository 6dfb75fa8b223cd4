// MCTS through whole episodes on the discrete-action envs (moved from tests/unit/mcts: it
// needs the episode engine, the MCTS tests link only mbrl_core and mbrl_envs).
#include <doctest/doctest.h>

#include <memory>

#include "core/mcts/mcts.hpp"
#include "core/mpc.hpp"
#include "../run_engine.hpp"
#include "envs/discrete_action.hpp"
#include "envs/hill.hpp"
#include "envs/navigation.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;

// Budget (documented): MCTS with 200 simulations per step, random rollouts of 20 steps, tree
// depth 20, c = 1, discount 0.98, tree reuse; MPC replans every step for the env's default
// episode length; 3 seeds each.
namespace {
int solved(const Env& env) {
  int ok = 0;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    MctsParams p;
    p.simulations = 200;
    p.rollout_depth = 20;
    p.max_depth = 20;
    p.trace_tree = false;
    const auto r = mbrl::testing::run_mpc(env, std::make_unique<Mcts>(p), seed);
    INFO(env.name() << " seed " << seed << ": " << r.outcome.detail);
    CHECK(r.outcome.success);
    ok += r.outcome.success;
  }
  return ok;
}
}  // namespace

TEST_CASE("MCTS swings up the 3-action pendulum") {
  CHECK(solved(DiscreteActionEnv(std::make_unique<PendulumEnv>(), 3)) == 3);
}

TEST_CASE("MCTS rocks the 3-action hill car up to the flag") {
  CHECK(solved(DiscreteActionEnv(std::make_unique<HillEnv>(), 3)) == 3);
}

TEST_CASE("MCTS steers the 5-action navigation point mass to the goal without collisions") {
  CHECK(solved(DiscreteActionEnv(std::make_unique<NavigationEnv>(), 5)) == 3);
}
