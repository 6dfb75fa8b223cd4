#include <doctest/doctest.h>

#include <cmath>

#include "envs/pendulum.hpp"

using namespace mbrl;

namespace {
// gymnasium Pendulum-v1 step, written out in double precision as in the Python source.
void gym_step(double& th, double& thdot, double u) {
  const double g = 10, m = 1, l = 1, dt = 0.05;
  u = std::clamp(u, -2.0, 2.0);
  double newthdot = thdot + (3 * g / (2 * l) * std::sin(th) + 3.0 / (m * l * l) * u) * dt;
  newthdot = std::clamp(newthdot, -8.0, 8.0);
  th = th + newthdot * dt;
  thdot = newthdot;
}
double gym_angle_normalize(double x) { return std::fmod(std::fmod(x + M_PI, 2 * M_PI) + 2 * M_PI, 2 * M_PI) - M_PI; }
}  // namespace

TEST_CASE("pendulum: steps match gymnasium's Pendulum-v1 update, clipping included") {
  PendulumEnv env;
  Vec s = env.reset(0);
  CHECK(s(0) == doctest::Approx(M_PI));
  CHECK(s(1) == 0.f);
  double th = M_PI, thdot = 0;
  // Torques beyond the bound (clipped to +-2) and a long push that saturates the speed at 8.
  const double us[] = {1.0, -3.0, 2.0, 0.5, 5.0, 5.0, 5.0, -0.7};
  for (int k = 0; k < 60; ++k) {
    const double u = us[k % 8] + (k > 30 ? 3.0 : 0.0);
    gym_step(th, thdot, u);
    s = env.step_one(s, Vec::Constant(1, float(u)));
    CHECK(s(0) == doctest::Approx(th).epsilon(1e-4));
    CHECK(s(1) == doctest::Approx(thdot).epsilon(1e-4));
  }
  // The speed clip: from (pi/2, 7.9) gravity and torque push past 8, which is clipped.
  Vec sc(2);
  sc << float(M_PI) / 2, 7.9f;
  const Vec sc1 = env.step_one(sc, Vec::Constant(1, 5.f));
  CHECK(sc1(1) == 8.f);
  CHECK(sc1(0) == doctest::Approx(M_PI / 2 + 8 * 0.05));
  // One step by hand from (0.3, -1.0) with u = 1.5: thdot' = -1 + (15 sin 0.3 + 4.5) 0.05.
  Vec s0(2);
  s0 << 0.3f, -1.0f;
  const Vec s1 = env.step_one(s0, Vec::Constant(1, 1.5f));
  const double hand_thdot = -1.0 + (15.0 * std::sin(0.3) + 4.5) * 0.05;
  CHECK(s1(1) == doctest::Approx(hand_thdot).epsilon(1e-6));
  CHECK(s1(0) == doctest::Approx(0.3 + hand_thdot * 0.05).epsilon(1e-6));
}

TEST_CASE("pendulum: running and terminal costs follow the gymnasium formula") {
  PendulumEnv env;
  Mat S(2, 4), A(1, 4);
  S << 0.5f, 3.5f, -7.0f, 12.0f,  //
      1.0f, -2.0f, 8.0f, 0.0f;
  A << 0.3f, -1.0f, 4.0f, -2.0f;  // 4 is clipped to 2 in the cost as in gymnasium
  Vec c = Vec::Zero(4), ct = Vec::Zero(4);
  env.running_cost(S, A, 0, c);
  env.terminal_cost(S, ct);
  for (int i = 0; i < 4; ++i) {
    const double th = gym_angle_normalize(S(0, i)), td = S(1, i);
    const double u = std::clamp(double(A(0, i)), -2.0, 2.0);
    CHECK(c(i) == doctest::Approx(th * th + 0.1 * td * td + 0.001 * u * u).epsilon(1e-5));
    CHECK(ct(i) == doctest::Approx(th * th + 0.1 * td * td).epsilon(1e-5));
  }
  // Costs accumulate (+=) rather than overwrite.
  env.running_cost(S, A, 1, c);
  CHECK(c(0) == doctest::Approx(2 * (0.25 + 0.1 + 0.001 * 0.09)).epsilon(1e-5));
}

TEST_CASE("pendulum: reset is exact by default and seed-perturbed only with init_noise") {
  PendulumEnv env;
  CHECK(env.reset(1) == env.reset(2));
  ParamSet p = env.params();
  REQUIRE_FALSE(p.set("init_noise", 0.05).has_value());
  REQUIRE(env.set_params(p).empty());
  const Vec a = env.reset(1), b = env.reset(2);
  CHECK(a != b);
  CHECK(a == env.reset(1));
  CHECK(std::abs(a(0) - float(M_PI)) <= 0.05f);
  CHECK(std::abs(a(1)) <= 0.05f);
}

TEST_CASE("pendulum: success needs the last 20 states upright") {
  PendulumEnv env;
  std::vector<Vec> states, actions;
  for (int t = 0; t <= 100; ++t) {
    Vec s(2);
    s << (t < 75 ? 2.0f : 0.05f + 2 * float(M_PI)), 0.f;  // upright modulo 2 pi for 26 states
    states.push_back(s);
  }
  EpisodeView ep{&states, &actions};
  Outcome o = env.evaluate(ep);
  CHECK(o.success);
  CHECK_FALSE(o.detail.empty());
  states[95](0) = 0.2f;  // one wobble beyond 0.1 rad breaks the streak
  o = env.evaluate(ep);
  CHECK_FALSE(o.success);
  CHECK(o.detail.find("only 5") != std::string::npos);
}

TEST_CASE("pendulum: a drag at the bob pushes it along the drag") {
  PendulumEnv env;
  Vec s = env.reset(0);  // hanging down, bob at (0, -1)
  CHECK(env.on_drag(P2(0.f, -1.f), P2(0.3f, -1.f), s));
  // Moving the hanging bob to the right is counter-clockwise: theta_dot > 0 (theta = 0 is up).
  CHECK(s(1) > 0.f);
  CHECK(s(1) <= 8.f);
  Vec up = Vec::Zero(2);  // upright, bob at (0, 1): a push to the right is clockwise
  CHECK(env.on_drag(P2(0.f, 1.f), P2(0.3f, 1.f), up));
  CHECK(up(1) < 0.f);
  // The drawn bob is where world_points says the tip is.
  RecordingDrawList d;
  env.draw(s, d);
  Eigen::Matrix2Xf tip(2, 1);
  env.world_points(s, tip);
  bool found = false;
  for (const auto& it : d.items)
    if (it.kind == "solid_circle" && (it.pts[0] - tip.col(0)).norm() < 1e-5f) found = true;
  CHECK(found);
}
