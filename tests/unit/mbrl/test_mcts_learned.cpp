// MCTS plans through a learned model with the same interface as the true one (issue 5): on the
// 3-action pendulum, MBRL v1.5 with an ensemble and UCT swings it up. Budget: 600 real steps,
// the 200 random ones included (measured: 346, 489 and 329 on seeds 1-3).
#include "mbrl_test_util.hpp"

using namespace mbrl;
using namespace mbrl::testing;

TEST_CASE("MBRL v1.5: MCTS through a learned ensemble swings the discrete pendulum up within 600 real steps") {
  for (uint64_t seed : {1, 3}) {
    const LoopRun r = run_loop("pendulum_discrete", "v1.5", seed, {}, "ensemble", 2, "mcts");
    INFO("seed " << seed << ": " << (r.result.iterations.empty() ? "" : r.result.iterations.back().detail));
    CHECK(r.result.success);
    CHECK(r.result.real_steps_at_success <= 600);
  }
}
