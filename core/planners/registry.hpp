#pragma once
// The explicit list of planners (no static self-registration: the linker may drop it).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/planner.hpp"

namespace mbrl {

struct PlannerEntry {
  std::string name;          // CLI/registry key: "shooting", "cem", "mppi", ...
  std::string display_name;  // "Random shooting"
  std::string category;      // "Sampling (continuous)", "Tree search (discrete)"
  std::string description;   // one paragraph for help texts, in the lectures' terms
  std::function<std::unique_ptr<Planner>()> make;
};

const std::vector<PlannerEntry>& planner_registry();
const PlannerEntry* find_planner(const std::string& name);  // null if unknown
std::string planner_names();                                // "shooting, cem, mppi" for error messages

}  // namespace mbrl
