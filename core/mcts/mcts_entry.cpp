#include "core/mcts/mcts_entry.hpp"

#include "core/mcts/mcts.hpp"

namespace mbrl {

PlannerEntry mcts_planner_entry() {
  return {"mcts",
          "Monte-Carlo tree search (UCT)",
          PlannerKind::TreeSearch,
          "Tree search (discrete)",
          "MBRL v5 (from MPPI to MCTS): grow a search tree over discrete actions, one simulation at a time -- "
          "selection by UCT (Q + c sqrt(ln N(s) / N(s,a))) down the tree (TreePolicy), expansion of one new child, "
          "simulation by a default policy (random rollouts, DefaultPolicy) valued with the terminal cost, and "
          "backpropagation of the discounted return. Executes the most visited action; keeps the subtree under "
          "it for the next step. Open loop: nodes are action sequences, states are re-simulated each pass, so "
          "slippery or learned stochastic models are handled soundly. Continuous actions are discretised.",
          [] { return std::unique_ptr<Planner>(new Mcts()); }};
}

}  // namespace mbrl
