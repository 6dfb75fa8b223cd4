#pragma once
// What MCTS did in one plan, for the tree inspector: a snapshot of the tree (live nodes in
// breadth-first order, so children are contiguous and levels are consecutive), the paths of
// the simulations, the best path, and -- when stepping phase by phase -- a log of what each
// phase touched with a caption. Read-only for the app (PlanTrace::mcts).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace mbrl {

enum class MctsPhase : uint8_t { Selection, Expansion, Simulation, Backpropagation };
inline const char* mcts_phase_name(MctsPhase p) {
  switch (p) {
    case MctsPhase::Selection:
      return "selection";
    case MctsPhase::Expansion:
      return "expansion";
    case MctsPhase::Simulation:
      return "simulation";
    case MctsPhase::Backpropagation:
      return "backpropagation";
  }
  return "?";
}

struct MctsTraceNode {
  int32_t parent = -1;       // index into MctsTrace::nodes, -1 for the root
  int32_t first_child = -1;  // children are nodes [first_child, first_child + child_count)
  int32_t child_count = 0;
  int32_t action = 0;  // index into MctsTrace::action_set (edge parent -> node)
  int32_t depth = 0;
  int32_t visits = 0;  // N
  float q = 0.f;       // mean backed-up return (reward = -cost), Q = W / N
};

// The two terms of the UCT score of a child (the MCTS lecture: Q + c sqrt(ln N(s) / N(s, a))).
struct UcbTerms {
  float exploit = 0.f;  // Q, normalised to [0, 1] by the search's return range when normalising
  float explore = 0.f;  // c * sqrt(ln N_parent / N_child); +inf for an unvisited child
  float total() const { return exploit + explore; }
};

// The UCT score used by selection, shared by the planner, the trace and the tests. The
// planner computes log_parent = ln N(parent) once per node and calls the second form.
inline UcbTerms ucb_terms_log(float q, int visits, float log_parent, float c, bool normalize, float q_lo, float q_hi) {
  UcbTerms t;
  if (normalize)
    t.exploit = q_hi > q_lo ? (q - q_lo) / (q_hi - q_lo) : 0.f;
  else
    t.exploit = q;
  if (visits <= 0)
    t.explore = std::numeric_limits<float>::infinity();
  else
    t.explore = c * std::sqrt(log_parent / float(visits));
  return t;
}
inline UcbTerms ucb_terms(float q, int visits, int parent_visits, float c, bool normalize, float q_lo, float q_hi) {
  return ucb_terms_log(q, visits, std::log(float(std::max(parent_visits, 1))), c, normalize, q_lo, q_hi);
}

struct MctsPhaseRecord {
  MctsPhase phase = MctsPhase::Selection;
  int simulation = 0;      // index of the simulation within this plan
  std::vector<int> nodes;  // affected nodes (indices into MctsTrace::nodes)
  std::string caption;     // what just happened, in the lecture's words
};

struct MctsTrace {
  std::vector<MctsTraceNode> nodes;        // [0] is the root
  Mat states;                              // state_dim x nodes: the state reached at the node on the
                                           // most recent pass (open loop: other passes may differ)
  Mat action_set;                          // action_dim x A: the discrete actions searched over
  std::vector<std::string> action_labels;  // A labels ("up", "torque+2")
  float c = 1.f;                           // exploration constant
  bool normalized = true;                  // exploit term is (Q - lo) / (hi - lo), else Q
  bool sibling_range = true;               // lo, hi: over the node's siblings, else q_lo, q_hi
  float q_lo = 0.f, q_hi = 0.f;            // range of all Q values seen in this search
  int simulations = 0;                     // simulations run in this plan
  int node_cap = 0;                        // node slots allowed
  int slots = 0;                           // node slots used (live nodes + unexpanded placeholders)
  int bytes_per_node = 0;                  // per slot, including the stored state
  bool reused = false;                     // the tree started from the previous plan's subtree
  std::vector<int> best_path;              // root, then the most-visited child at each level
  // Simulation paths (the most recent ones, up to a cap): nodes from the root to the leaf.
  std::vector<int> path_nodes;
  std::vector<int> path_begin;          // path k is path_nodes[path_begin[k] .. path_begin[k + 1])
  std::vector<float> path_returns;      // return backed up into the leaf of path k
  Mat last_rollout;                     // state_dim x (steps + 1): the default policy's rollout of
                                        // the last simulation, starting at its leaf
  std::vector<MctsPhaseRecord> phases;  // when stepping: the most recent phases, oldest first
  double ms_total = 0, ms_rollout = 0;  // wall time of the search and of its rollouts

  int paths() const { return path_begin.empty() ? 0 : int(path_begin.size()) - 1; }
  // UCT terms of node i as seen from its parent (the root has none).
  UcbTerms ucb(int i) const;
};

inline UcbTerms MctsTrace::ucb(int i) const {
  const MctsTraceNode& n = nodes[size_t(i)];
  if (n.parent < 0) return {};
  const MctsTraceNode& p = nodes[size_t(n.parent)];
  float lo = q_lo, hi = q_hi;
  if (sibling_range) {
    lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (int j = p.first_child; j < p.first_child + p.child_count; ++j)
      if (nodes[size_t(j)].visits > 0) lo = std::min(lo, nodes[size_t(j)].q), hi = std::max(hi, nodes[size_t(j)].q);
  }
  return ucb_terms(n.q, n.visits, p.visits, c, normalized, lo, hi);
}

}  // namespace mbrl
