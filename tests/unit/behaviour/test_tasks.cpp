// The other environments are solved by MPC on the true model with the documented budgets,
// and feedback matters: open-loop execution under process noise ends farther from the goal.
#include <cmath>

#include "episode_helpers.hpp"

using namespace mbrl;
using namespace mbrl::testing;

TEST_CASE("navigation: every planner reaches the goal without a collision (150 steps, 5 seeds)") {
  for (const char* planner : {"mppi", "cem", "shooting"}) {
    INFO(planner);
    CHECK(successes("navigation", planner, 5, 150) == 5);
  }
}

TEST_CASE("hill: every planner reaches the flag (250 steps, 5 seeds)") {
  for (const char* planner : {"mppi", "cem", "shooting"}) {
    INFO(planner);
    CHECK(successes("hill", planner, 5, 250) == 5);
  }
}

TEST_CASE("cart-pole: MPPI and CEM swing the pole up and hold it (200 steps, 5 seeds)") {
  CHECK(successes("cartpole", "mppi", 5, 200) == 5);
  CHECK(successes("cartpole", "cem", 5, 200) == 5);
}

TEST_CASE("open-loop execution under process noise ends farther from the goal than MPC (10 seeds)") {
  // One 60-step plan executed blindly vs replanning every step, same planner budget per plan.
  const KeyValues common = {{"horizon", "60"}, {"iterations", "20"}, {"mpc.process_noise", "0.03"}};
  KeyValues open_loop = common, closed_loop = common;
  open_loop.push_back({"mpc.open_loop", "true"});
  double open_dist = 0, closed_dist = 0;
  int closed_wins = 0;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    const auto dist = [](const EpisodeResult& r) {
      const Vec& s = r.states.back();
      return std::hypot(double(s(0)) - 2.5, double(s(1)));  // default goal (2.5, 0)
    };
    const EpisodeResult o = episode("navigation", "mppi", seed, 60, open_loop);
    const EpisodeResult c = episode("navigation", "mppi", seed, 60, closed_loop);
    CHECK(o.plans == 1);
    CHECK(c.plans == 60);
    open_dist += dist(o);
    closed_dist += dist(c);
    closed_wins += dist(c) < dist(o);
  }
  INFO("mean final distance: open loop " << open_dist / 10 << ", MPC " << closed_dist / 10);
  CHECK(closed_dist < 0.5 * open_dist);
  CHECK(closed_wins >= 9);
}
