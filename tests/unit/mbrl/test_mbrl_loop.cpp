// The MBRL loop's lecture claims with the CLI's default model and loop settings (5 members,
// 2 x 64 SiLU, 30 epochs, TSinf; 4 random episodes x 50 steps, retrain every 50 real steps),
// MPPI with the env's recommended settings (on the hill with 200 samples instead of 1000, to keep
// this executable fast; the claims hold with 1000 too), fixed seeds.
//
// Pendulum: v1.5 swings up and holds for 20 steps within 400 real steps, the 200 random ones
//   included (measured 327-361 for seeds 0-4).
// Hill, distribution mismatch: with 4 x 50 random steps v0.5 does reach the flag -- the hill's
//   dynamics are so smooth that a model fitted in the valley extrapolates well enough for the
//   energy cost's "push along the velocity" plans. The claim holds in two settings:
//   (a) random data that stays at the valley bottom (1 episode x 10 steps, x < -0.3): the model
//       knows nothing of the slopes; v0.5 rocks the car but never reaches the flag (rightmost x
//       -0.5 to 0.2), v1.5 adds the swings it makes to the data, retrains every 50 steps and
//       reaches the flag in its first episode (measured at
//       116-160 real steps for seeds 1-3);
//   (b) the default random data with pessimism (model.pessimism = 1): planning stays where the random
//       data is ("go to the top and stop" short of the flag), v0.5 cannot get out, while v1.5's
//       own data keeps widening the region the ensemble agrees on (flag after 314-336 real steps).
// Each v0.5 gets one evaluation episode (250 steps); v1.5 succeeds within its first episode.
#include "mbrl_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <algorithm>

using namespace mbrl;
using mbrl::testing::run_loop;

namespace {
float max_position(const Dataset& d, int source_lo, int source_hi) {
  float best = -1e9f;
  for (int i = 0; i < d.size(); ++i)
    if (d.source(i) >= source_lo && d.source(i) <= source_hi) best = std::max(best, d.state(i)(0));
  return best;
}
}  // namespace

TEST_CASE("MBRL v1.5 with an ensemble and MPPI swings the pendulum up within 400 real steps (random data included)") {
  for (uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    const auto run = run_loop("pendulum", "v1.5", seed, {});
    const LoopResult& r = run.result;
    MESSAGE("seed " << seed << ": success after " << r.real_steps_at_success << " real steps");
    REQUIRE(r.success);
    CHECK(r.real_steps_at_success <= 400);
    // Every real transition is in the dataset, tagged random (0) or with its iteration.
    CHECK(run.data.size() == r.real_steps);
    int random = 0;
    for (int i = 0; i < run.data.size(); ++i) random += run.data.source(i) == 0;
    CHECK(random == 200);
  }
}

TEST_CASE("MBRL v1.5 planning on the expected cost over the ensemble (PETS expectation) swings the pendulum up") {
  // Every candidate is rolled under each of the 5 members and ranked by the mean cost
  // (the ensemble lecture: J = 1/N sum_i sum_t r(s_t,i, a_t)). 5x the model work of tsinf; 500 candidates.
  // It succeeds later than tsinf (484 and 373 real steps here, tsinf 337-361): the mean cost
  // over members discounts swings the members disagree about, so early plans are more cautious.
  for (uint64_t seed : {1, 2}) {
    CAPTURE(seed);
    const auto run = run_loop("pendulum", "v1.5", seed, {{"model.propagation", "expectation"}, {"samples", "500"}});
    MESSAGE("seed " << seed << ": success after " << run.result.real_steps_at_success << " real steps");
    REQUIRE(run.result.success);
    CHECK(run.result.real_steps_at_success <= 520);
  }
}

TEST_CASE("hill: v0.5 from valley-bottom random data (10 steps) fails where v1.5 reaches the flag in 260 real steps") {
  const KeyValues data = {
      {"loop.random_episodes", "1"}, {"loop.random_steps", "10"}, {"loop.iterations", "1"}, {"samples", "200"}};
  for (uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    const auto v05 = run_loop("hill", "v0.5", seed, data);
    const auto v15 = run_loop("hill", "v1.5", seed, data);
    // The random data never gets near the right hill top (the flag is at 0.45).
    CHECK(max_position(v05.data, 0, 0) < -0.3f);
    CHECK(v05.data.size() == 10);  // v0.5 never adds data
    CHECK_FALSE(v05.result.success);
    REQUIRE(v15.result.success);
    CHECK(v15.result.real_steps_at_success <= 260);
    CHECK(max_position(v15.data, 1, 1000) > 0.3f);  // its own data climbed the right hill
  }
}

TEST_CASE("hill with pessimism (model.pessimism = 1): v0.5 stays in the random data's region, v1.5 reaches the flag") {
  const KeyValues set = {{"model.pessimism", "1"}, {"loop.iterations", "1"}, {"samples", "200"}};
  for (uint64_t seed : {1, 2}) {
    CAPTURE(seed);
    const auto v05 = run_loop("hill", "v0.5", seed, set);
    const auto v15 = run_loop("hill", "v1.5", seed, set);
    CHECK_FALSE(v05.result.success);
    CHECK(v15.result.success);
    CHECK(v15.result.real_steps_at_success <= 450);  // 200 random + the first episode
  }
}

TEST_CASE("loop versions: v0.5 adds no data, v1.0 executes whole plans open-loop and retrains once per episode") {
  const KeyValues set = {{"loop.random_episodes", "2"},
                         {"loop.random_steps", "20"},
                         {"loop.iterations", "2"},
                         {"loop.episode_steps", "60"},
                         {"loop.stop_on_success", "false"},
                         {"horizon", "30"},
                         {"model.epochs", "3"},
                         {"model.members", "2"},
                         {"model.width", "16"},
                         {"model.dataset_cap", "100"}};
  const auto v05 = run_loop("pendulum", "v0.5", 4, set);
  REQUIRE(v05.result.iterations.size() == 3);
  CHECK(v05.data.size() == 40);
  CHECK(v05.result.iterations.back().trainings == 1);
  CHECK(v05.result.iterations[1].plans == 60);  // MPC: a plan per step
  CHECK(v05.result.real_steps == 40 + 2 * 60);

  const auto v10 = run_loop("pendulum", "v1.0", 4, set);
  REQUIRE(v10.result.iterations.size() == 3);
  CHECK(v10.result.iterations[1].plans == 2);  // 60 steps of 30-step plans, executed whole
  CHECK(v10.result.iterations.back().trainings == 3);
  CHECK(v10.data.size() == 100);   // 160 real transitions, capped at 100 (oldest dropped)
  CHECK(v10.data.source(0) == 1);  // the random ones went first
  CHECK(v10.data.source(99) == 2);

  const auto v15 = run_loop("pendulum", "v1.5", 4, set, "ensemble");
  // Retrains every 50 real steps: at 50, 100, 150 (plus the first training on the random data).
  CHECK(v15.result.iterations.back().trainings == 4);
}

TEST_CASE("same seed, same loop: identical data, losses and episode, for 1 or 2 planning threads") {
  const KeyValues set = {{"loop.random_episodes", "2"}, {"loop.random_steps", "30"},  {"loop.iterations", "1"},
                         {"loop.episode_steps", "60"},  {"loop.retrain_every", "20"}, {"model.epochs", "5"}};
  const auto a = run_loop("pendulum", "v1.5", 9, set, "ensemble", 1);
  const auto b = run_loop("pendulum", "v1.5", 9, set, "ensemble", 2);
  REQUIRE(a.result.iterations.size() == b.result.iterations.size());
  for (size_t i = 0; i < a.result.iterations.size(); ++i) {
    CHECK(a.result.iterations[i].train_loss == b.result.iterations[i].train_loss);
    CHECK(a.result.iterations[i].episode_cost == b.result.iterations[i].episode_cost);
  }
  REQUIRE(a.states.size() == b.states.size());
  for (size_t t = 0; t < a.states.size(); ++t) CHECK(a.states[t] == b.states[t]);
  const auto c = run_loop("pendulum", "v1.5", 10, set, "ensemble", 2);
  CHECK(c.result.iterations[0].train_loss != a.result.iterations[0].train_loss);  // the seed matters
}

TEST_CASE("a diverging retraining (lr = 100) is reported and the loop goes on with finite states") {
  const KeyValues set = {{"loop.random_episodes", "2"}, {"loop.random_steps", "30"},  {"loop.iterations", "1"},
                         {"loop.episode_steps", "40"},  {"loop.retrain_every", "20"}, {"model.epochs", "5"},
                         {"model.lr", "100"},           {"model.members", "2"},       {"model.width", "16"}};
  const auto r = run_loop("pendulum", "v1.5", 3, set);
  CHECK(r.result.error.find("diverg") != std::string::npos);
  REQUIRE(r.states.size() == 41);
  for (const Vec& s : r.states) CHECK(s.allFinite());
}
