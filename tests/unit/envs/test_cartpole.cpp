#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "envs/cartpole.hpp"

using namespace mbrl;

namespace {
// The classic cart-pole equations (gymnasium CartPole, semi-implicit Euler) in double precision.
void ref_step(double s[4], double force) {
  const double g = 9.8, mc = 1.0, mp = 0.1, l = 0.5, dt = 0.05, total = mc + mp, pml = mp * l;
  force = std::clamp(force, -10.0, 10.0);
  const double sn = std::sin(s[2]), cs = std::cos(s[2]);
  const double temp = (force + pml * s[3] * s[3] * sn) / total;
  const double thacc = (g * sn - cs * temp) / (l * (4.0 / 3.0 - mp * cs * cs / total));
  const double xacc = temp - pml * thacc * cs / total;
  s[1] += dt * xacc;
  s[0] += dt * s[1];
  s[3] += dt * thacc;
  s[2] += dt * s[3];
}
}  // namespace

TEST_CASE("cartpole: steps follow the classic cart-pole equations, the force is clipped") {
  CartPoleEnv env;
  Vec s = env.reset(0);
  CHECK(s(0) == 0.f);
  CHECK(s(2) == doctest::Approx(M_PI));
  double ref[4] = {0, 0, M_PI, 0};
  const double forces[] = {10, 25, -10, -3, 0.5, -40, 7, 0};
  for (int k = 0; k < 40; ++k) {
    ref_step(ref, forces[k % 8]);
    s = env.step_one(s, Vec::Constant(1, float(forces[k % 8])));
    for (int i = 0; i < 4; ++i) CHECK(s(i) == doctest::Approx(ref[i]).epsilon(1e-4).scale(1.0));
  }
  // Hanging straight down at rest is an equilibrium; upright at rest too (unstable).
  Vec down(4), up = Vec::Zero(4);
  down << 0.f, 0.f, float(M_PI), 0.f;
  CHECK((env.step_one(down, Vec::Zero(1)) - down).norm() < 1e-5f);
  CHECK((env.step_one(up, Vec::Zero(1)) - up).norm() == 0.f);
  // Pushing right accelerates the cart right and swings the hanging pole's tip back (left).
  const Vec pushed = env.step_one(down, Vec::Constant(1, 10.f));
  CHECK(pushed(1) > 0.f);
  CHECK(pushed(3) > 0.f);  // theta grows past pi: the tip moves to the left of the pivot
}

TEST_CASE("cartpole: cost rewards an upright pole and a centred cart, punishes leaving the track") {
  CartPoleEnv env;
  Mat S(4, 4), A(1, 4);
  S << 0.f, 1.f, 3.f, 0.f,          //
      0.f, 0.5f, 0.f, 0.f,          //
      0.f, 0.4f, 0.f, float(M_PI),  //
      0.f, -1.f, 0.f, 0.f;
  A << 0.f, 5.f, 0.f, 20.f;
  Vec c = Vec::Zero(4), ct = Vec::Zero(4);
  env.running_cost(S, A, 0, c);
  env.terminal_cost(S, ct);
  CHECK(c(0) == 0.f);  // upright, centred, at rest, no force
  const double c1 = (1 - std::cos(0.4)) + 0.05 * 1 + 0.01 * (0.25 + 1) + 0.001 * 0.25;
  CHECK(c(1) == doctest::Approx(c1).epsilon(1e-5));
  CHECK(ct(1) == doctest::Approx(c1 - 0.001 * 0.25).epsilon(1e-5));
  CHECK(c(2) == doctest::Approx(0.05 * 9 + 10 * 0.6 * 0.6).epsilon(1e-5));  // 0.6 m beyond the track end
  CHECK(c(3) == doctest::Approx(2.0 + 0.001).epsilon(1e-5));                // hanging down, force clipped to 10
}

TEST_CASE("cartpole: success needs upright and on the track for the last 20 steps") {
  CartPoleEnv env;
  std::vector<Vec> states, actions;
  for (int t = 0; t <= 60; ++t) {
    Vec s(4);
    s << 0.1f * float(t) / 60.f, 0.f, t < 30 ? 2.f : 0.15f - float(2 * M_PI), 0.f;
    states.push_back(s);
  }
  EpisodeView ep{&states, &actions};
  CHECK(env.evaluate(ep).success);
  states.back()(0) = 2.5f;  // off the track at the end
  Outcome o = env.evaluate(ep);
  CHECK_FALSE(o.success);
  CHECK(o.detail.find("off the track") != std::string::npos);
  states.back()(0) = 0.f;
  states[50](2) = 0.25f;  // tilted beyond 0.2 rad ten steps before the end
  CHECK_FALSE(env.evaluate(ep).success);
}

TEST_CASE("cartpole: dragging the cart pushes it, dragging the pole tip spins the pole") {
  CartPoleEnv env;
  Vec s = Vec::Zero(4);
  CHECK(env.on_drag(P2(0.f, -0.05f), P2(0.2f, -0.05f), s));
  CHECK(s(1) > 0.f);
  CHECK(s(3) == 0.f);
  Vec t = Vec::Zero(4);
  CHECK(env.on_drag(P2(0.f, 0.9f), P2(0.2f, 0.9f), t));  // the upright pole's tip pushed right
  CHECK(t(3) > 0.f);                                     // positive theta leans right
  CHECK(t(1) == 0.f);
}
