#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core/mcts/mcts.hpp"
#include "mcts_test_models.hpp"

using namespace mbrl;
using mbrl::test::Bandit;
using mbrl::test::TreeModel;

namespace {
PlanRequest request(const DynamicsModel& m, const CostModel& c, Vec s, uint64_t seed = 1, int64_t plan = 0) {
  PlanRequest r;
  r.state = std::move(s);
  r.model = &m;
  r.cost = &c;
  r.seed = seed;
  r.plan_index = plan;
  return r;
}

MctsParams bandit_params(int sims) {
  MctsParams p;
  p.simulations = sims;
  p.max_depth = 1;
  p.rollout_depth = 0;
  p.discount = 1.f;
  p.reuse_tree = false;
  return p;
}
}  // namespace

TEST_CASE("MCTS on a Bernoulli bandit finds the best arm, root visits equal the simulations") {
  const Bandit bandit({0.2f, 0.5f, 0.8f, 0.4f, 0.6f});
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    Mcts mcts(bandit_params(2000));
    PlanTrace trace;
    mcts.plan(request(bandit, bandit, Vec::Zero(2), seed), trace);
    const MctsTrace& t = *trace.mcts;
    REQUIRE(t.nodes.size() == 6);
    CHECK(t.nodes[0].visits == 2000);
    CHECK(t.simulations == 2000);
    int sum = 0, best = 1;
    for (int i = 1; i <= 5; ++i) {
      sum += t.nodes[size_t(i)].visits;
      if (t.nodes[size_t(i)].visits > t.nodes[size_t(best)].visits) best = i;
    }
    CHECK(sum == 2000);
    CHECK(t.nodes[size_t(best)].action == 2);
    CHECK(t.nodes[size_t(best)].visits > 1000);  // most pulls go to the best arm
    CHECK(t.nodes[size_t(best)].q == doctest::Approx(0.8).epsilon(0.06));
    CHECK(mcts.plan_actions()(0, 0) == 2.f);
  }
}

TEST_CASE("UCB scores match the formula and selection takes their argmax") {
  const Bandit bandit({0.3f, 0.6f, 0.5f});
  using S = MctsParams::QScale;
  for (S scale : {S::Raw, S::Global, S::Siblings}) {
    MctsParams p = bandit_params(1);
    p.c = 0.7f;
    p.q_scale = scale;
    Mcts mcts(p);
    mcts.begin(request(bandit, bandit, Vec::Zero(2), 3));
    for (int i = 0; i < 40; ++i) mcts.step_simulation();
    PlanTrace trace;
    mcts.snapshot(trace);
    const MctsTrace& t = *trace.mcts;
    REQUIRE(t.nodes.size() == 4);
    const int n_root = t.nodes[0].visits;
    CHECK(n_root == 40);
    // Global: every Q value seen during the search (MuZero's min-max), so it contains the
    // current ones. Siblings: the current Q values of the children compared.
    float lo = t.q_lo, hi = t.q_hi;
    for (int i = 1; i <= 3; ++i) CHECK((lo <= t.nodes[size_t(i)].q && t.nodes[size_t(i)].q <= hi));
    if (scale == S::Siblings) {
      lo = std::min({t.nodes[1].q, t.nodes[2].q, t.nodes[3].q});
      hi = std::max({t.nodes[1].q, t.nodes[2].q, t.nodes[3].q});
    }
    REQUIRE(hi > lo);
    int argmax = -1;
    float best = -1e9f;
    for (int i = 1; i <= 3; ++i) {
      const MctsTraceNode& n = t.nodes[size_t(i)];
      const float exploit = scale == S::Raw ? n.q : (n.q - lo) / (hi - lo);
      const float explore = 0.7f * std::sqrt(std::log(float(n_root)) / float(n.visits));
      const UcbTerms u = t.ucb(i);
      CHECK(u.exploit == doctest::Approx(exploit).epsilon(1e-6));
      CHECK(u.explore == doctest::Approx(explore).epsilon(1e-6));
      if (exploit + explore > best) best = exploit + explore, argmax = i;
    }
    // The next selection phase descends to the child with the highest score.
    CHECK(mcts.next_phase() == MctsPhase::Selection);
    const std::string caption = mcts.step_phase();
    CHECK(caption.find("Selection") != std::string::npos);
    mcts.snapshot(trace);
    const MctsPhaseRecord& rec = trace.mcts->phases.back();
    CHECK(rec.phase == MctsPhase::Selection);
    REQUIRE(rec.nodes.size() == 2);
    CHECK(rec.nodes[1] == argmax);
  }
}

TEST_CASE("Lookahead finds the best path of a hand-made tree where greedy search fails") {
  const TreeModel tree;
  MctsParams p;
  p.simulations = 200;
  p.max_depth = 2;
  p.rollout_depth = 0;
  p.discount = 1.f;
  Mcts deep(p);
  PlanTrace trace;
  deep.plan(request(tree, tree, Vec::Ones(1)), trace);
  CHECK(deep.plan_actions()(0, 0) == 1.f);
  CHECK(deep.plan_actions()(0, 1) == 1.f);
  CHECK(trace.plan_cost == doctest::Approx(-5.f));
  const MctsTrace& t = *trace.mcts;
  REQUIRE(t.best_path.size() == 3);
  // Q of the first move averages its visits, most of which continue with the paying action.
  CHECK(t.nodes[size_t(t.best_path[1])].q > 4.f);
  CHECK(t.nodes[size_t(t.best_path[1])].visits > 150);
  p.max_depth = 1;  // one step of lookahead: greedy
  Mcts shallow(p);
  shallow.plan(request(tree, tree, Vec::Ones(1)), trace);
  CHECK(shallow.plan_actions()(0, 0) == 0.f);
}

TEST_CASE("Backed-up values on a hand-made tree are exactly right, phase by phase") {
  TreeModel tree;
  tree.reward_[2] = {2.f, 0.f};  // after action 0, action 0 pays 2
  MctsParams p;
  p.max_depth = 2;
  p.rollout_depth = 0;
  p.discount = 0.5f;
  p.c = 1.f;
  p.q_scale = MctsParams::QScale::Raw;
  Mcts mcts(p);
  mcts.begin(request(tree, tree, Vec::Ones(1)));
  // sim 0 expands action 0 (reward 1); sim 1 expands action 1 (reward 0); sim 2: UCT prefers
  // action 0 (1 + sqrt(ln 2) > 0 + sqrt(ln 2)) and expands its child 0 (reward 2).
  mcts.step_simulation();
  mcts.step_simulation();
  std::vector<std::string> captions;
  for (int k = 0; k < 4; ++k) captions.push_back(mcts.step_phase());
  CHECK(captions[0].rfind("Selection", 0) == 0);
  CHECK(captions[1].rfind("Expansion", 0) == 0);
  CHECK(captions[2].rfind("Simulation", 0) == 0);
  CHECK(captions[3].rfind("Backpropagation", 0) == 0);
  PlanTrace trace;
  mcts.snapshot(trace);
  const MctsTrace& t = *trace.mcts;
  REQUIRE(t.nodes.size() == 4);  // root, a0, a1, a0-a0 (breadth-first)
  CHECK(t.nodes[0].visits == 3);
  CHECK(t.nodes[0].q == 1.f);  // (1 + 0 + (1 + 0.5 * 2)) / 3
  CHECK(t.nodes[1].visits == 2);
  CHECK(t.nodes[1].q == 1.5f);  // (1 + (1 + 0.5 * 2)) / 2
  CHECK(t.nodes[2].visits == 1);
  CHECK(t.nodes[2].q == 0.f);
  CHECK(t.nodes[3].visits == 1);
  CHECK(t.nodes[3].q == 2.f);
  CHECK(t.nodes[3].parent == 1);
  CHECK(t.states(0, 3) == 4.f);  // heap index of (a0, a0)
  // The phase log names the touched nodes.
  REQUIRE(t.phases.size() == 12);
  const MctsPhaseRecord& sel = t.phases[8];
  CHECK(sel.phase == MctsPhase::Selection);
  CHECK(sel.nodes == std::vector<int>{0, 1});
  CHECK(t.phases[9].nodes == std::vector<int>{3});
  CHECK(t.phases[11].phase == MctsPhase::Backpropagation);
  CHECK(t.phases[11].nodes == std::vector<int>{0, 1, 3});
  // Executing an action re-roots the tree and ends the stepped search.
  mcts.shift(1);
  CHECK_FALSE(mcts.searching());
  CHECK(mcts.step_phase().find("No search") != std::string::npos);
  CHECK(mcts.tree()[0].visits == 2);  // the kept subtree under action 0
}

TEST_CASE("Every node's statistics satisfy the backup identity exactly after a long search") {
  // With rollout depth 0 and no terminal cost, each visit to node u backs up
  // R(u) + gamma * (what its child received), so W(u) = N(u) R(u) + gamma * sum W(children) and
  // N(u) = (times u was the leaf) + sum N(children). Rewards and gamma are dyadic: exact in float.
  TreeModel tree(3);
  tree.reward_[1] = {1.f, 0.f};
  tree.reward_[2] = {0.f, 3.f};
  tree.reward_[3] = {2.f, 0.f};
  tree.reward_[6] = {0.f, 4.f};
  MctsParams p;
  p.simulations = 300;
  p.max_depth = 3;
  p.rollout_depth = 0;
  p.discount = 0.5f;
  Mcts mcts(p);
  PlanTrace trace;
  mcts.plan(request(tree, tree, Vec::Ones(1)), trace);
  const MctsTree& tr = mcts.tree();
  int checked = 0;
  for (int u = 1; u < tr.slots(); ++u) {
    const MctsNode& n = tr[u];
    if (n.visits == 0) continue;
    const int parent_state = int(tr.state(n.parent)[0]);
    const float r = tree.reward_[size_t(parent_state)][n.action];
    double child_w = 0;
    int child_n = 0;
    for (int j = n.first_child; j >= 0 && j < n.first_child + n.expanded; ++j)
      child_w += tr[j].value_sum, child_n += tr[j].visits;
    CHECK(n.value_sum == float(double(n.visits) * r + 0.5 * child_w));
    CHECK(n.visits >= child_n);
    ++checked;
  }
  CHECK(checked > 10);
  CHECK(tr[0].visits == 300);
  // Best path: (0, 1) returns 1 + 0.5 * 3 = 2.5; the runner-up (1, 0, 1) returns 0 + 0.5 * 2 + 0.25 * 4 = 2.
  CHECK(mcts.plan_actions()(0, 0) == 0.f);
  CHECK(mcts.plan_actions()(0, 1) == 1.f);
}

TEST_CASE("Node cap and maximum depth bound the tree, the search goes on at the cap") {
  const TreeModel tree(6);
  MctsParams p;
  p.simulations = 500;
  p.max_depth = 4;
  p.rollout_depth = 3;
  p.node_cap = 21;
  Mcts mcts(p);
  PlanTrace trace;
  mcts.plan(request(tree, tree, Vec::Ones(1)), trace);
  CHECK(mcts.tree().slots() <= 21);
  CHECK(trace.mcts->nodes[0].visits == 500);
  p.node_cap = 1000000;
  mcts.set_mcts_params(p);
  mcts.reset();
  mcts.plan(request(tree, tree, Vec::Ones(1)), trace);
  int deepest = 0;
  for (const MctsTraceNode& n : trace.mcts->nodes) deepest = std::max(deepest, n.depth);
  CHECK(deepest == 4);  // grows to the maximum depth and never beyond
  CHECK(int(trace.mcts->nodes.size()) > 21);
}

TEST_CASE("Bad MCTS parameters are rejected by key and the old ones kept") {
  Mcts mcts;
  ParamSet s = mcts.params();
  s.values[size_t(s.index_of("rollout_depth"))] = -5;
  const std::string err = mcts.set_params(s);
  CHECK(err.find("rollout_depth") != std::string::npos);
  CHECK(mcts.params().get("rollout_depth") == 30);
  s = mcts.params();
  CHECK(s.set_from_string("discount", "1.5").value().find("discount") != std::string::npos);
  CHECK(s.set_from_string("rollout", "supplied") == std::nullopt);
  CHECK(mcts.set_params(s).empty());
  CHECK(mcts.mcts_params().rollout == MctsParams::Rollout::Supplied);
}
