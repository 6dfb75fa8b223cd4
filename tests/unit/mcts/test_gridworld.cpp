#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/mcts/mcts.hpp"
#include "core/mpc.hpp"
#include "envs/gridworld.hpp"

using namespace mbrl;

namespace {
Vec cell(float r, float c) {
  Vec s(2);
  s << r, c;
  return s;
}

// A plan request from the maze's start, planning through the maze itself.
PlanRequest start_request(const Gridworld& g, uint64_t seed) {
  PlanRequest req;
  req.state = g.reset(0);
  req.model = &g;
  req.cost = &g;
  req.seed = seed;
  return req;
}
}  // namespace

TEST_CASE("Gridworld mazes: every free cell reaches the goal, walls block, the goal absorbs") {
  for (auto layout : {GridworldParams::Layout::Maze10, GridworldParams::Layout::Maze20}) {
    GridworldParams p;
    p.layout = layout;
    p.slip = 0.f;
    const Gridworld g(p);
    for (int r = 0; r < g.rows(); ++r)
      for (int c = 0; c < g.cols(); ++c)
        if (g.cell(r, c) != Gridworld::Wall) CHECK(g.distance_to_goal(r, c) >= 0);
    const Vec s0 = g.reset(123);
    CHECK(g.distance_to_goal(int(s0(0)), int(s0(1))) == (layout == GridworldParams::Layout::Maze10 ? 18 : 49));
  }
  GridworldParams p;
  p.slip = 0.f;
  const Gridworld g(p);
  const Vec s0 = g.reset(0);                                           // top-left corner, wall at (0, 3)
  CHECK(g.step_one(s0, Vec::Constant(1, 0.f)) == s0);                  // up: off the grid, stays
  CHECK(g.step_one(cell(0, 2), Vec::Constant(1, 1.f)) == cell(0, 2));  // right into the wall
  CHECK(g.step_one(s0, Vec::Constant(1, 2.f)) == cell(1, 0));          // down
  CHECK(g.step_one(s0, Vec::Constant(1, 4.f)) == s0);                  // stay
  CHECK(g.step_one(s0, Vec::Constant(1, 1.7f)) == cell(1, 0));         // rounds to 2 (down)
  CHECK(g.step_one(cell(9, 9), Vec::Constant(1, 0.f)) == cell(9, 9));  // the goal absorbs
  // Costs: step cost, trap penalty, goal reward; terminal cost = distance.
  Mat states(2, 3);
  states << 0, 6, 9, 0, 1, 9;  // start, trap (6, 1), goal (9, 9)
  Vec cost = Vec::Zero(3);
  g.running_cost(states, Mat::Zero(1, 3), 0, cost);
  CHECK(cost(0) == 1.f);
  CHECK(cost(1) == 21.f);
  CHECK(cost(2) == 0.f);
  Vec term = Vec::Zero(3);
  g.terminal_cost(states, term);
  CHECK(term(0) == 18.f);
  CHECK(term(2) == 0.f);
}

TEST_CASE("Gridworld slip: perpendicular with the set probability, batched step equals single steps") {
  GridworldParams p;
  p.slip = 0.3f;
  const Gridworld g(p);
  const int n = 4000;
  Mat s(2, n), a(1, n), next(2, n);
  for (int i = 0; i < n; ++i) s.col(i) = cell(2, 4), a(0, i) = 1.f;  // (2, 4) -> right is free
  StepContext ctx;
  ctx.seed = 77;
  ctx.t = 3;
  ctx.sample_begin = 100;
  g.step(s, a, next, ctx);
  int slipped = 0, up = 0;
  for (int i = 0; i < n; ++i) {
    const Vec e = next.col(i);
    const bool straight = e == cell(2, 5);
    slipped += !straight;
    up += e == cell(1, 4);
    if (!straight) CHECK((e == cell(1, 4) || e == cell(3, 4) || e == cell(2, 4)));  // (3, 4) is a wall: stays
    StepContext one = ctx;
    one.sample_begin = ctx.sample_begin + i;
    if (i % 97 == 0) CHECK(g.step_one(s.col(i), a.col(i), one) == e);
  }
  CHECK(slipped == doctest::Approx(0.3 * n).epsilon(0.1));
  CHECK(up == doctest::Approx(0.15 * n).epsilon(0.15));
}

TEST_CASE("Gridworld params are validated by key, edits toggle walls and move the goal") {
  Gridworld g;
  ParamSet s = g.params();
  s.values[size_t(s.index_of("slip"))] = 0.9;
  const std::string err = g.set_params(s);
  CHECK(err.find("slip") != std::string::npos);
  CHECK(g.params().get("slip") == doctest::Approx(0.1));
  s = g.params();
  REQUIRE_FALSE(s.set_from_string("layout", "maze20").has_value());
  CHECK(g.set_params(s).empty());
  CHECK(g.rows() == 20);
  CHECK(g.action_bounds().hi(0) == 4.f);
  s = g.params();
  REQUIRE_FALSE(s.set_from_string("stay_action", "false").has_value());
  CHECK(g.set_params(s).empty());
  CHECK(g.discrete_actions().cols() == 4);
  CHECK(g.action_bounds().hi(0) == 3.f);

  Gridworld h;  // 10 x 10: the world has y up, row 0 at the top
  Vec agent = h.reset(0);
  const P2 cell_1_1(1.5f, 8.5f);  // row 1, col 1: a wall
  REQUIRE(h.cell(1, 1) == Gridworld::Wall);
  CHECK(h.on_click(cell_1_1, agent));
  CHECK(h.cell(1, 1) == Gridworld::Free);
  CHECK(h.on_click(cell_1_1, agent));
  CHECK(h.cell(1, 1) == Gridworld::Wall);
  CHECK_FALSE(h.on_click({0.5f, 9.5f}, agent));  // never walls in the agent (or the start)
  Vec elsewhere = cell(2, 2);
  CHECK_FALSE(h.on_click({0.5f, 9.5f}, elsewhere));
  CHECK(h.on_drag({9.5f, 0.5f}, {4.5f, 5.5f}, agent));  // goal (9, 9) -> (4, 4)
  CHECK(h.cell(4, 4) == Gridworld::Goal);
  CHECK(h.cell(9, 9) == Gridworld::Free);
  CHECK(h.distance_to_goal(0, 0) < 18);
  CHECK_FALSE(h.on_drag({2.5f, 2.5f}, {3.5f, 3.5f}, agent));  // not the goal

  RecordingDrawList d;
  h.draw(agent, d);
  int walls = 0;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) walls += h.cell(r, c) == Gridworld::Wall;
  CHECK(d.count("solid_polygon") == walls + 3 + 1);  // walls, 3 traps, 1 goal
  CHECK(d.count("solid_circle") == 1);               // the agent
}

TEST_CASE("Same seed, same tree (gridworld with slip), another seed, another tree") {
  GridworldParams gp;
  gp.slip = 0.2f;
  const Gridworld g(gp);
  auto search = [&](uint64_t seed) {
    Mcts mcts;
    PlanRequest req;
    req.state = g.reset(0);
    req.model = &g;
    req.cost = &g;
    req.seed = seed;
    req.plan_index = 4;
    PlanTrace trace;
    mcts.plan(req, trace);
    return trace.mcts;
  };
  const auto a = search(11), b = search(11), c = search(12);
  REQUIRE(a->nodes.size() == b->nodes.size());
  bool same = true;
  for (size_t i = 0; i < a->nodes.size(); ++i)
    same = same && a->nodes[i].visits == b->nodes[i].visits && a->nodes[i].q == b->nodes[i].q &&
           a->nodes[i].action == b->nodes[i].action;
  CHECK(same);
  CHECK(a->states == b->states);
  bool differs = a->nodes.size() != c->nodes.size();
  for (size_t i = 0; !differs && i < a->nodes.size(); ++i) differs = a->nodes[i].q != c->nodes[i].q;
  CHECK(differs);
}

TEST_CASE("Tree reuse keeps the statistics of the subtree under the executed action") {
  const Gridworld g;
  MctsParams p;
  p.simulations = 400;
  Mcts mcts(p);
  PlanRequest req = start_request(g, 5);
  PlanTrace trace;
  mcts.plan(req, trace);
  const int child = mcts.best_root_child();
  REQUIRE(child > 0);
  const MctsTree& t = mcts.tree();
  const MctsNode kept = t[child];
  std::vector<std::pair<int, float>> grandchildren;
  for (int j = kept.first_child; j < kept.first_child + kept.expanded; ++j)
    grandchildren.push_back({t[j].visits, t[j].value_sum});
  REQUIRE(grandchildren.size() >= 2);
  mcts.shift(1);
  const MctsTree& u = mcts.tree();
  CHECK(u[0].visits == kept.visits);
  CHECK(u[0].value_sum == kept.value_sum);
  CHECK(u[0].depth == 0);
  REQUIRE(u[0].expanded == kept.expanded);
  for (int k = 0; k < kept.expanded; ++k) {
    CHECK(u[u[0].first_child + k].visits == grandchildren[size_t(k)].first);
    CHECK(u[u[0].first_child + k].value_sum == grandchildren[size_t(k)].second);
    CHECK(u[u[0].first_child + k].depth == 1);
  }
  req.state = g.step_one(req.state, mcts.plan_actions().col(0));
  req.plan_index = 1;
  mcts.plan(req, trace);
  CHECK(trace.mcts->reused);
  CHECK(trace.mcts->nodes[0].visits == kept.visits + 400);
  // Without reuse the next search starts from scratch.
  p.reuse_tree = false;
  Mcts fresh(p);
  fresh.plan(req, trace);
  fresh.shift(1);
  fresh.plan(req, trace);
  CHECK_FALSE(trace.mcts->reused);
  CHECK(trace.mcts->nodes[0].visits == 400);
}

TEST_CASE("The inspector's new search starts from an empty tree, also while reuse_tree keeps one") {
  const Gridworld g;
  MctsParams p;
  p.simulations = 300;
  p.reuse_tree = true;
  Mcts mcts(p);
  PlanRequest req = start_request(g, 5);
  PlanTrace trace;
  mcts.plan(req, trace);
  mcts.shift(1);
  REQUIRE(mcts.tree()[0].visits > 0);  // the kept subtree
  req.state = g.step_one(req.state, mcts.plan_actions().col(0));
  req.plan_index = 1;
  // Continuing (begin without a new tree) starts from the kept subtree, as plan() does ...
  mcts.begin(req);
  mcts.snapshot(trace);
  CHECK(trace.mcts->reused);
  CHECK(trace.mcts->nodes.size() > 1);
  // ... a new search from a root alone: no visits, no children, nothing reused.
  mcts.begin(req, true);
  CHECK(mcts.tree()[0].visits == 0);
  CHECK(mcts.tree()[0].expanded == 0);
  mcts.snapshot(trace);
  CHECK_FALSE(trace.mcts->reused);
  CHECK(trace.mcts->nodes.size() == 1);
  mcts.step_simulation();
  mcts.snapshot(trace);
  CHECK(trace.mcts->nodes[0].visits == 1);
}

TEST_CASE("A 20 s MCTS time budget is cut short by the stop flag, the plan stays and the tree is usable") {
  const Gridworld g;
  MctsParams p;
  p.simulations = 200;
  Mcts mcts(p);
  PlanRequest req = start_request(g, 5);
  PlanTrace trace;
  mcts.plan(req, trace);  // a first plan: the one a cancelled plan must leave in place
  CHECK_FALSE(trace.cancelled);
  const Mat first = mcts.plan_actions();
  p.time_budget_ms = 20000.f;
  mcts.set_mcts_params(p);
  std::atomic<bool> stop{false};
  req.stop = &stop;
  req.plan_index = 1;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.store(true);
  });
  const auto t0 = std::chrono::steady_clock::now();
  mcts.plan(req, trace);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stopper.join();
  CHECK(took < 5.0);  // not 20 s
  CHECK(trace.cancelled);
  CHECK(mcts.plan_actions() == first);
  CHECK(trace.mcts->simulations > 0);  // the tree has what was simulated
  // The next search runs to its end.
  stop.store(false);
  p.time_budget_ms = 0.f;
  mcts.set_mcts_params(p);
  mcts.plan(req, trace);
  CHECK_FALSE(trace.cancelled);
  CHECK(trace.mcts->nodes[0].visits >= 200);
}
