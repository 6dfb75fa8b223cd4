#include <doctest/doctest.h>

#include <cmath>

#include "envs/navigation.hpp"

using namespace mbrl;

namespace {
std::vector<Vec> line_path(P2 a, P2 b, int n) {
  std::vector<Vec> out;
  for (int t = 0; t <= n; ++t) {
    const P2 p = a + (b - a) * float(t) / float(n);
    Vec s(4);
    s << p.x(), p.y(), 0.f, 0.f;
    out.push_back(s);
  }
  return out;
}
}  // namespace

TEST_CASE("navigation: a double integrator with clipped acceleration") {
  NavigationEnv env;
  Vec s(4);
  s << 1.f, -1.f, 0.5f, 0.2f;
  Vec a(2);
  a << 1.f, -5.f;  // ay clipped to -2
  const Vec n = env.step_one(s, a);
  CHECK(n(2) == doctest::Approx(0.5 + 0.1));
  CHECK(n(3) == doctest::Approx(0.2 - 0.2));
  CHECK(n(0) == doctest::Approx(1 + 0.6 * 0.1));
  CHECK(n(1) == doctest::Approx(-1 + 0.0 * 0.1));
  const Vec s0 = env.reset(3);
  CHECK(s0(0) == -2.5f);
  CHECK(s0(2) == 0.f);
}

TEST_CASE("navigation: the default layout blocks the straight line and a collision is detected") {
  NavigationEnv env;
  const auto& p = env.settings();
  std::vector<Vec> actions;
  // Straight from start to goal runs through obstacle 1.
  std::vector<Vec> straight = line_path(P2(p.start_x, p.start_y), P2(p.goal_x, p.goal_y), 50);
  Outcome o = env.evaluate(EpisodeView{&straight, &actions});
  CHECK_FALSE(o.success);
  CHECK(o.detail.find("collided with obstacle 1") != std::string::npos);
  // A detour well above obstacle 1 and below obstacle 2... through the gap at (0, 1.3) is not
  // needed: go around the top of the whole layout.
  std::vector<Vec> detour = line_path(P2(p.start_x, p.start_y), P2(-2.5f, 2.4f), 20);
  for (const auto& s : line_path(P2(-2.5f, 2.4f), P2(2.5f, 2.4f), 40)) detour.push_back(s);
  for (const auto& s : line_path(P2(2.5f, 2.4f), P2(p.goal_x, p.goal_y + 0.1f), 20)) detour.push_back(s);
  o = env.evaluate(EpisodeView{&detour, &actions});
  CHECK(o.success);
  detour.back()(1) = 1.0f;  // ends outside the goal radius
  o = env.evaluate(EpisodeView{&detour, &actions});
  CHECK_FALSE(o.success);
  CHECK(o.detail.find("from the goal") != std::string::npos);
}

TEST_CASE("navigation: the cost is distance + speed + action, plus collision and clearance terms") {
  NavigationEnv env;
  Mat S(4, 3), A(2, 3);
  S << 0.f, 0.f, -2.5f,  //
      2.4f, 0.f, -1.5f,  //
      1.f, 0.f, 0.f,     //
      0.f, 0.f, 0.f;
  A << 1.f, 0.f, 0.f,  //
      0.f, 0.f, 0.f;
  Vec c = Vec::Zero(3);
  env.running_cost(S, A, 0, c);
  const double d0 = std::hypot(2.5, 2.4);
  CHECK(c(0) == doctest::Approx(d0 + 0.05 * 1.0 + 0.01 * 0.25).epsilon(1e-5));  // free space
  CHECK(c(1) >= 50.f + 2.5f);  // inside obstacle 1: the collision cost on top of the distance
  CHECK(c(1) == doctest::Approx(2.5 + 50 + 2 * std::pow((1.0 + 0.1 + 0.2) / 0.2, 2)).epsilon(1e-5));
  CHECK(c(2) == doctest::Approx(std::hypot(5.0, 1.5)).epsilon(1e-5));  // far from every obstacle
  CHECK(env.colliding_obstacle(0.f, 0.f) == 0);
  CHECK(env.colliding_obstacle(-2.5f, 0.f) == -1);
}

TEST_CASE("navigation: click moves the goal, dragging moves an obstacle, params follow") {
  NavigationEnv env;
  Vec s = env.reset(0);
  CHECK(env.on_click(P2(1.f, -2.f), s));
  CHECK(env.params().get("goal_x") == doctest::Approx(1.0));
  CHECK(env.params().get("goal_y") == doctest::Approx(-2.0));
  CHECK(env.on_click(P2(9.f, 0.f), s));  // clamped to the arena
  CHECK(env.settings().goal_x <= 3.5f);
  CHECK(env.on_drag(P2(0.1f, 0.1f), P2(0.6f, -0.4f), s));  // grab obstacle 1 near its centre
  CHECK(env.params().get("obs1_x") == doctest::Approx(0.5));
  CHECK(env.params().get("obs1_y") == doctest::Approx(-0.5));
  CHECK_FALSE(env.on_drag(P2(-3.f, 2.3f), P2(-2.f, 2.3f), s));  // empty space: nothing moves
  // Fewer obstacles: obstacle 1 moved away, obstacle 2 and 3 switched off -> no collision at the origin.
  ParamSet p = env.params();
  REQUIRE_FALSE(p.set("obstacles", 1).has_value());
  REQUIRE(env.set_params(p).empty());
  CHECK(env.colliding_obstacle(-1.2f, 1.45f) == -1);
}
