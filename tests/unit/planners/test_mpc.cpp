// The MPC controller: replan every N executed steps, or execute whole plans open-loop; the
// warm start follows the consumed actions.
#include <doctest/doctest.h>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;

namespace {
struct Log {
  std::vector<int> plan_steps;  // the step at which each plan was made
  std::vector<Vec> actions;
  std::vector<Mat> plans;
};

Log drive(MpcController& mpc, const PendulumEnv& env, int steps) {
  Log log;
  Vec s = env.reset(0);
  PlanTrace tr;
  for (int t = 0; t < steps; ++t) {
    if (mpc.due()) {
      PlanRequest req;
      req.state = s;
      req.model = &env;
      req.cost = &env;
      req.seed = 1;
      mpc.plan(req, tr);
      CHECK(tr.plan_index == int64_t(log.plan_steps.size()));
      log.plan_steps.push_back(t);
      log.plans.push_back(tr.plan_actions);
    }
    log.actions.push_back(mpc.act());
    s = env.step_one(s, log.actions.back());
  }
  return log;
}

std::unique_ptr<Planner> small_mppi(int horizon) {
  auto p = find_planner("mppi")->make();
  ParamSet ps = p->params();
  REQUIRE_FALSE(ps.set("horizon", horizon));
  REQUIRE_FALSE(ps.set("samples", 64));
  REQUIRE(p->set_params(ps).empty());
  return p;
}
}  // namespace

TEST_CASE("mpc: replans every N steps and executes the plan's actions in order between plans") {
  PendulumEnv env;
  for (int n : {1, 3, 7}) {
    CAPTURE(n);
    MpcParams mp;
    mp.replan_every = n;
    MpcController mpc(small_mppi(10), mp);
    const Log log = drive(mpc, env, 20);
    CHECK(int(log.plan_steps.size()) == (20 + n - 1) / n);
    for (size_t k = 0; k < log.plan_steps.size(); ++k) CHECK(log.plan_steps[k] == int(k) * n);
    // Between plans the controller executes the plan's columns one after another.
    for (int t = 0; t < 20; ++t) {
      const size_t k = size_t(t / n);
      CHECK(log.actions[size_t(t)] == Vec(log.plans[k].col(t - log.plan_steps[k])));
    }
    CHECK(mpc.plans_made() == int64_t(log.plan_steps.size()));
  }
}

TEST_CASE("mpc: open loop executes the whole plan before planning again") {
  PendulumEnv env;
  MpcParams mp;
  mp.open_loop = true;
  mp.replan_every = 2;  // ignored in open loop
  MpcController mpc(small_mppi(8), mp);
  const Log log = drive(mpc, env, 20);
  REQUIRE(log.plan_steps.size() == 3);
  CHECK(log.plan_steps[1] == 8);
  CHECK(log.plan_steps[2] == 16);
  for (int t = 0; t < 8; ++t) CHECK(log.actions[size_t(t)] == Vec(log.plans[0].col(t)));
}

TEST_CASE("mpc: a forced open loop overrides the setting and lifting it restores classic MPC") {
  PendulumEnv env;
  MpcController mpc(small_mppi(8), MpcParams{});
  mpc.force_open_loop(true);
  CHECK(mpc.open_loop());
  CHECK_FALSE(mpc.params().open_loop);  // the user's setting is untouched
  const Log forced = drive(mpc, env, 20);
  REQUIRE(forced.plan_steps.size() == 3);
  CHECK(forced.plan_steps[1] == 8);
  mpc.force_open_loop(false);
  mpc.reset();
  const Log classic = drive(mpc, env, 5);
  CHECK(classic.plan_steps.size() == 5);  // replans every step again
}

TEST_CASE("mpc: replan_every beyond the horizon replans when the plan is used up") {
  PendulumEnv env;
  MpcParams mp;
  mp.replan_every = 50;
  MpcController mpc(small_mppi(5), mp);
  const Log log = drive(mpc, env, 12);
  REQUIRE(log.plan_steps.size() == 3);
  CHECK(log.plan_steps[1] == 5);
}

TEST_CASE("mpc: the warm start follows the consumed actions, reset forgets it") {
  PendulumEnv env;
  MpcController mpc(small_mppi(6));
  PlanRequest req;
  req.state = env.reset(0);
  req.model = &env;
  req.cost = &env;
  PlanTrace tr;
  mpc.plan(req, tr);
  const Mat plan = mpc.planner().plan_actions();
  mpc.act();
  mpc.act();
  // Two actions consumed: the remaining plan starts at column 2, the tail repeats the last action.
  const Mat& now = mpc.planner().plan_actions();
  CHECK(now.leftCols(4) == plan.rightCols(4));
  CHECK(now(0, 5) == plan(0, 5));
  CHECK(mpc.steps_since_plan() == 2);
  mpc.reset();
  CHECK(mpc.due());
  CHECK(mpc.plans_made() == 0);
}
