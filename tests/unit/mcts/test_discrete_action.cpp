#include <doctest/doctest.h>

#include "core/mcts/mcts.hpp"
#include "core/mpc.hpp"
#include "envs/discrete_action.hpp"
#include "envs/hill.hpp"
#include "envs/navigation.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;

TEST_CASE("Discrete pendulum: index actions map to evenly spaced torques, dynamics and cost are the inner env's") {
  const PendulumEnv inner;
  const DiscreteActionEnv env(std::make_unique<PendulumEnv>(), 3);
  CHECK(env.name() == "pendulum_discrete");
  CHECK(env.action_dim() == 1);
  CHECK(env.action_bounds().lo(0) == 0.f);
  CHECK(env.action_bounds().hi(0) == 2.f);
  const Mat table = env.discrete_actions();
  REQUIRE(table.cols() == 3);
  CHECK(env.discrete_action_labels() == std::vector<std::string>{"torque-2", "torque+0", "torque+2"});
  Mat s(2, 4), idx(1, 4), torque(1, 4);
  s << 3.0f, 0.5f, -1.f, 0.1f, 0.f, 1.f, -2.f, 0.3f;
  idx << 0.f, 1.f, 2.f, 1.6f;  // 1.6 rounds to 2
  torque << -2.f, 0.f, 2.f, 2.f;
  Mat a(2, 4), b(2, 4);
  StepContext ctx;
  env.step(s, idx, a, ctx);
  inner.step(s, torque, b, ctx);
  CHECK(a == b);
  Vec ca = Vec::Zero(4), cb = Vec::Zero(4);
  env.running_cost(s, idx, 0, ca);
  inner.running_cost(s, torque, 0, cb);
  CHECK(ca == cb);
}

TEST_CASE("Discrete navigation: 4 or 5 actions along the axes, 3 is rejected by key, keeping the old state") {
  DiscreteActionEnv env(std::make_unique<NavigationEnv>(), 5);
  const Mat t = env.discrete_actions();
  REQUIRE(t.cols() == 5);
  Mat inner(2, 5);
  env.map_actions(t, inner);
  const float m = NavigationEnv().action_bounds().hi(0);
  Mat expected(2, 5);
  expected << m, -m, 0, 0, 0, 0, 0, m, -m, 0;
  CHECK(inner == expected);
  CHECK(env.discrete_action_labels()[4] == "coast");

  ParamSet p = env.params();
  REQUIRE(p.find("discrete_actions") != nullptr);
  p.values[size_t(p.index_of("discrete_actions"))] = 3;
  const std::string err = env.set_params(p);
  CHECK(err.find("discrete_actions") != std::string::npos);
  CHECK(env.count() == 5);
  p = env.params();
  REQUIRE_FALSE(p.set_from_string("discrete_actions", "4").has_value());
  CHECK(env.set_params(p).empty());
  CHECK(env.count() == 4);
  CHECK(env.action_bounds().hi(0) == 3.f);
  // An inner key is validated by the inner env; the old state stays on error.
  p = env.params();
  const int k = p.index_of("max_accel");
  REQUIRE(k >= 0);
  p.values[size_t(k)] = -1.0;
  CHECK(env.set_params(p).find("max_accel") != std::string::npos);
  CHECK(env.params().get("max_accel") == doctest::Approx(m));
  // Clones are independent.
  std::unique_ptr<Env> copy = env.clone();
  p = env.params();
  REQUIRE_FALSE(p.set_from_string("discrete_actions", "5").has_value());
  CHECK(env.set_params(p).empty());
  CHECK(copy->action_bounds().hi(0) == 3.f);
}

TEST_CASE("MCTS discretises a continuous action box (K values per dimension)") {
  const PendulumEnv pend;
  PlanRequest req;
  req.state = pend.reset(0);
  req.model = &pend;
  req.cost = &pend;
  MctsParams p;
  p.simulations = 20;
  Mcts auto_k(p);
  PlanTrace trace;
  auto_k.plan(req, trace);
  REQUIRE(auto_k.action_set().cols() == 3);
  CHECK(auto_k.action_set()(0, 0) == -2.f);
  CHECK(auto_k.action_set()(0, 1) == 0.f);
  CHECK(auto_k.action_set()(0, 2) == 2.f);
  p.actions_per_dim = 5;
  Mcts five(p);
  five.plan(req, trace);
  CHECK(five.action_set().cols() == 5);
  CHECK(trace.mcts->action_labels[3] == "+1");
  const NavigationEnv nav;  // 2-D: K^2 combinations
  req.state = nav.reset(0);
  req.model = &nav;
  req.cost = &nav;
  p.actions_per_dim = 3;
  Mcts grid(p);
  grid.plan(req, trace);
  CHECK(grid.action_set().cols() == 9);
}
