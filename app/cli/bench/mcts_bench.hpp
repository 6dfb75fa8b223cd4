#pragma once
// The MCTS speed case of `bench`: simulations per second on the 20 x 20 gridworld (slip 0.1)
// with rollout depth 50, and how much of the time goes to the tree (selection with its
// open-loop re-simulation of states, expansion, backpropagation) rather than to rollouts.
// "Rollouts alone" is the same number of simulations with node_cap = 1: no tree, every
// simulation a 50-step rollout from the root plus the root's update.
#include <string>

namespace mbrl {

struct MctsBenchResult {
  int simulations = 0;
  int rollout_depth = 0;
  double ms_search = 0;           // the full search (trace copy excluded)
  double ms_rollouts_inside = 0;  // time inside the default-policy rollouts of that search
  double ms_rollouts_alone = 0;   // the same number of rollouts without a tree
  double sims_per_second = 0;
  double tree_share = 0;         // (ms_search - ms_rollouts_alone) / ms_search; goal <= 0.25
  double tree_share_inside = 0;  // (ms_search - ms_rollouts_inside) / ms_search
  int live_nodes = 0, slots = 0;
  int bytes_per_node = 0;         // per slot: node record + stored state
  int bytes_per_node_record = 0;  // the node record alone
  int max_depth_reached = 0;
};

MctsBenchResult mcts_bench(int simulations = 20000, int rollout_depth = 50, unsigned long long seed = 1);
std::string mcts_bench_report(const MctsBenchResult& r);  // a few lines for the bench output

}  // namespace mbrl
