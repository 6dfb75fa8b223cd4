#pragma once
// Monte-Carlo tree search with UCT (the lectures' MBRL v5 "from MPPI to MCTS" and the planning
// lecture's "discrete case: TreePolicy / DefaultPolicy"). Each simulation runs four phases:
//   selection        descend while a node is fully expanded, picking the child with the best
//                    Q + c sqrt(ln N(parent) / N(child))  (Q scaled to [0, 1] by q_scale);
//   expansion        add ONE new child (the next untried action) with N = Q = 0;
//   simulation       run the default policy (random, or a supplied one) for rollout_depth steps
//                    from there and add the terminal cost (reward = -cost, discounted);
//   backpropagation  add the discounted return to every node on the path back to the root.
// The executed action is the most visited root child; plan_actions() is the most-visited path
// (action_dim x max_depth, padded with its last action).
//
// Stochastic transitions: OPEN-LOOP MCTS. A node is an action sequence from the root, not a
// state; every simulation re-simulates the states along its path from the root through the
// model, drawing the model's randomness from (seed, plan, depth, simulation index). Q is then
// the expected return of the action sequence, averaged over outcomes (no chance nodes, sound
// for any stochastic model, and MPC replanning supplies the feedback). The state stored per
// node is the one reached on the most recent pass. The price (open- vs closed-loop planning):
// a fixed sequence cannot react to a slip, so open-loop values are cautious near hazards.
// Likewise, long random rollouts make cells near traps look expensive (a random walk lingers);
// short rollouts plus the model's terminal cost, or a supplied default policy, fix that.
//
// Actions: the model's own discrete set (DiscreteActionSpace: gridworld, *_discrete envs), else
// K evenly spaced values per action dimension over the bounds (K = actions_per_dim; 0 = auto:
// the whole numbers 0..n-1 when the bounds are [0, n-1] with n <= 8, as for a learned model of
// an index-coded discrete env, else 3). At most 256 actions.
//
// Determinism: model draws from StepContext{stream(seed, plan_index), depth, simulation};
// default-policy draws from Rng(seed, plan_index, simulation, 1). Same seed, same tree (unless a
// time budget cuts the search). Single-threaded: simulations depend on each other.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/mcts/mcts_trace.hpp"
#include "core/mcts/mcts_tree.hpp"
#include "core/planner.hpp"
#include "core/rng.hpp"

namespace mbrl {

struct MctsParams {
  enum class Rollout { Random, Supplied };
  // How Q enters the UCT score: raw; min-max scaled by all Q values of the search (MuZero);
  // or min-max scaled among the children being compared (the best child scores 1, the worst 0).
  enum class QScale { Raw, Global, Siblings };
  int simulations = 500;       // simulations per plan [1, 1e6]
  float time_budget_ms = 0.f;  // > 0: simulate until this much time passed (simulations ignored) [0, 60000]
  float c = 1.0f;              // exploration constant c of UCT [0, 100] (the lectures' 2C sqrt(2): c = 2 sqrt(2) C)
  QScale q_scale = QScale::Global;    // scaling of Q in the score, so c does not depend on the cost scale
  int rollout_depth = 30;             // default-policy steps after the new node [0, 10000]
  float discount = 0.98f;             // gamma per step [0, 1]
  int max_depth = 20;                 // deepest tree level = plan horizon [1, 1000]
  int node_cap = 200000;              // node slots (children come in blocks of A) [1, 1e7]
  Rollout rollout = Rollout::Random;  // default policy: uniform random, or the supplied function
  bool reuse_tree = true;             // keep the subtree under the executed action for the next plan
  int actions_per_dim = 0;            // K for continuous actions (0 = auto) [0, 16]
  int trace_paths = 256;              // most recent simulation paths kept in the trace [0, 100000]
  bool trace_tree = true;             // copy the tree into the trace (off: benchmarks)

  template <class V>
  void visit(V& v) {
    v.field("simulations", simulations, 1, 1e6, "Simulations per plan (each: select, expand, simulate, back up)", true);
    v.field("time_budget_ms", time_budget_ms, 0.0, 60000.0,
            "If > 0: search for this many ms instead (not deterministic)");
    v.field("c", c, 0.0, 100.0, "UCT exploration constant: Q + c sqrt(ln N(s) / N(s,a))");
    v.choice("q_scale", q_scale, {"raw", "global", "siblings"},
             "Q in the UCT score: raw, scaled to [0, 1] by all Q values seen, or by the compared siblings' Q values");
    v.field("rollout_depth", rollout_depth, 0, 10000, "Steps of the default policy (DefaultPolicy) after expansion");
    v.field("discount", discount, 0.0, 1.0, "Discount gamma per step");
    v.field("max_depth", max_depth, 1, 1000, "Maximum tree depth (also the length of the returned plan)");
    v.field("node_cap", node_cap, 1, 1e7, "The tree stops growing at this many node slots", true);
    v.choice("rollout", rollout, {"random", "supplied"}, "Default policy: uniform random, or a supplied policy");
    v.flag("reuse_tree", reuse_tree, "Keep the subtree under the executed action for the next plan");
    v.field("actions_per_dim", actions_per_dim, 0, 16, "Actions per dimension for continuous envs (0 = auto)");
    v.field("trace_paths", trace_paths, 0, 100000, "Simulation paths kept for the inspector");
    v.flag("trace_tree", trace_tree, "Copy the tree into the trace for the inspector");
  }
  std::string validate() const { return ""; }
};

class Mcts : public Planner {
 public:
  // A supplied default policy: returns an index into the action set for `state` at depth t.
  using RolloutPolicy = std::function<int(CVecRef state, int t, Rng& rng)>;

  explicit Mcts(MctsParams p = {});

  std::string name() const override { return "mcts"; }
  ParamSet params() const override { return describe(p_); }
  std::string set_params(const ParamSet& p) override;
  int horizon() const override { return p_.max_depth; }
  void reset() override;
  void plan(const PlanRequest& req, PlanTrace& trace) override;
  const Mat& plan_actions() const override { return plan_; }
  void shift(int steps) override;
  PlanMemory plan_memory(const ParamSet& p, int state_dim, int action_dim, int trace_cap) const override;

  // ---- Stepping for the inspector: begin(), then any mix of step_phase()/step_simulation(),
  // then snapshot() whenever a picture is wanted. `req`'s model and cost must outlive it.
  // reset(), shift() or a parameter change that drops the tree end the search: begin() again
  // (until then step_phase() does nothing and says so).
  // A search starts from the subtree kept by shift() when reuse_tree is on (as plan() does), or
  // from an empty tree (a root only) with `empty_tree`: the inspector's "New search".
  void begin(const PlanRequest& req, bool empty_tree = false);
  MctsPhase next_phase() const { return next_; }
  const std::string& step_phase();  // runs the next phase; returns its caption
  void step_simulation();           // finishes the current simulation (or runs a whole one)
  int simulations_done() const { return sims_done_; }
  bool searching() const { return active_; }
  // Fills `trace` (tree, paths, best plan) from the tree as it is now; updates plan_actions().
  void snapshot(PlanTrace& trace);

  void set_rollout_policy(RolloutPolicy f) { policy_ = std::move(f); }
  void set_mcts_params(const MctsParams& p);  // unvalidated (code, tests); drops the tree if its shape changes
  const MctsParams& mcts_params() const { return p_; }
  const MctsTree& tree() const { return tree_; }
  const Mat& action_set() const { return actions_; }
  int best_root_child() const;  // tree index of the most visited root child, -1 if none
  float q_lo() const { return q_lo_; }
  float q_hi() const { return q_hi_; }

 private:
  void setup_actions(const DynamicsModel& m);
  void select();
  void expand();
  void simulate();
  void backpropagate();
  float step_model(int action, int t);
  int uct_child(int node) const;
  void record(MctsPhase phase, std::string caption, const int* nodes, int n);
  std::string node_label(int node) const;

  MctsParams p_;
  RolloutPolicy policy_;
  MctsTree tree_;
  Mat actions_;  // action_dim x A
  std::vector<std::string> labels_;
  Mat plan_;         // action_dim x max_depth
  Mat plan_before_;  // plan_ as plan() began: what a cancelled plan leaves
  bool reused_ = false;

  // The search in progress.
  PlanRequest req_;
  uint64_t model_seed_ = 0;
  const DynamicsModel* ws_model_ = nullptr;
  std::unique_ptr<ModelWorkspace> ws_;
  bool active_ = false;  // begin() ran and the tree has not been dropped or rerooted since
  MctsPhase next_ = MctsPhase::Selection;
  int sims_done_ = 0;
  float q_lo_ = 0.f, q_hi_ = 0.f;
  int nonfinite_ = 0;
  double ms_rollout_ = 0, ms_total_ = 0;
  // The simulation in progress.
  std::vector<int> path_;      // tree nodes from the root
  std::vector<float> reward_;  // reward_[k]: reward of the edge into path_[k]
  int expanded_node_ = -1;
  float leaf_return_ = 0.f;
  Mat s_, s_next_, a_, rollout_states_;
  Vec cost_;
  // Recent simulation paths (a ring) and the phase log (stepping only).
  std::vector<int> ring_nodes_, ring_len_;
  std::vector<float> ring_return_;
  bool recording_ = false;
  std::vector<MctsPhaseRecord> log_;  // tree indices; remapped in snapshot()
  std::string caption_;
  std::vector<int> remap_, order_, bfs_;
  std::shared_ptr<MctsTrace> trace_;
};

}  // namespace mbrl
