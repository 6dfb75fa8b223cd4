#pragma once
// The explicit list of planners (no static self-registration: the linker may drop it).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/planner.hpp"

namespace mbrl {

// What kind of search a planner does, and so which envs it suits: Sampling planners optimise a
// continuous action sequence (shooting, CEM, MPPI); TreeSearch branches over a few discrete
// actions (MCTS; continuous actions are discretised).
enum class PlannerKind { Sampling, TreeSearch };

struct PlannerEntry {
  std::string name;          // CLI/registry key: "shooting", "cem", "mppi", ...
  std::string display_name;  // "Random shooting"
  PlannerKind kind;          // what tests and code select on (category is only the label)
  std::string category;      // its label for help texts: "Sampling (continuous)", "Tree search (discrete)"
  std::string description;   // one paragraph for help texts, in the lectures' terms
  std::function<std::unique_ptr<Planner>()> make;
};

const std::vector<PlannerEntry>& planner_registry();
const PlannerEntry* find_planner(const std::string& name);  // null if unknown
std::string planner_names();                                // "shooting, cem, mppi" for error messages

}  // namespace mbrl
