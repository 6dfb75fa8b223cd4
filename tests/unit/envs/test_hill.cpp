#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "envs/hill.hpp"

using namespace mbrl;

namespace {
// gymnasium MountainCarContinuous-v0 step in double precision.
void gym_step(double& x, double& v, double u) {
  u = std::clamp(u, -1.0, 1.0);
  v += u * 0.0015 - 0.0025 * std::cos(3 * x);
  v = std::clamp(v, -0.07, 0.07);
  x += v;
  x = std::clamp(x, -1.2, 0.6);
  if (x == -1.2 && v < 0) v = 0;
}
}  // namespace

TEST_CASE("hill: steps match gymnasium's MountainCarContinuous, left wall included") {
  HillEnv env;
  Vec s = env.reset(4);
  CHECK(s(0) >= -0.6f);
  CHECK(s(0) <= -0.4f);
  CHECK(s(1) == 0.f);
  CHECK(env.reset(4) == s);
  CHECK(env.reset(5) != s);
  double x = s(0), v = 0;
  for (int k = 0; k < 150; ++k) {
    const double u = k < 40 ? 1.0 : (k < 100 ? -3.0 : 1.0);  // -3 is clipped to -1
    gym_step(x, v, u);
    s = env.step_one(s, Vec::Constant(1, float(u)));
    CHECK(s(0) == doctest::Approx(x).epsilon(1e-4).scale(1.0));
    CHECK(s(1) == doctest::Approx(v).epsilon(1e-4).scale(1e-2));
  }
  // Driving into the left wall zeroes the velocity.
  Vec w(2);
  w << -1.19f, -0.05f;
  const Vec n = env.step_one(w, Vec::Constant(1, -1.f));
  CHECK(n(0) == HillEnv::kMinPosition);
  CHECK(n(1) == 0.f);
}

TEST_CASE("hill: the energy cost falls as the car gains energy and is zero at the flag") {
  HillEnv env;
  Mat S(2, 4), A = Mat::Zero(1, 4);
  S << -0.52f, -0.52f, -0.9f, 0.5f,  //
      0.f, 0.04f, 0.f, 0.f;
  Vec c = Vec::Zero(4);
  env.running_cost(S, A, 0, c);
  CHECK(c(1) < c(0));  // same place, faster: more energy, lower cost
  CHECK(c(2) < c(0));  // higher up the left hill: more potential energy
  CHECK(c(3) == 0.f);  // past the flag
  // The distance cost ignores the velocity.
  ParamSet p = env.params();
  REQUIRE_FALSE(p.set_from_string("cost", "distance").has_value());
  REQUIRE(env.set_params(p).empty());
  Vec d = Vec::Zero(4);
  env.running_cost(S, A, 0, d);
  CHECK(d(0) == d(1));
  CHECK(d(0) == doctest::Approx(0.2 * (0.45 + 0.52) / 1.65).epsilon(1e-5));
  CHECK(d(2) > d(0));  // further from the flag
}

TEST_CASE("hill: success is reaching the flag moving right") {
  HillEnv env;
  std::vector<Vec> states, actions;
  for (int t = 0; t <= 30; ++t) {
    Vec s(2);
    s << -0.5f + 0.035f * float(t), 0.035f;
    states.push_back(s);
  }
  EpisodeView ep{&states, &actions};
  Outcome o = env.evaluate(ep);
  CHECK(o.success);
  CHECK(o.detail.find("step 28") != std::string::npos);  // -0.5 + 0.035 * 28 = 0.48 >= 0.45
  states.resize(20);                                     // rightmost 0.165: not there
  CHECK_FALSE(env.evaluate(ep).success);
}
