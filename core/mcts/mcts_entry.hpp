#pragma once
// The planner-registry entry for MCTS (name, display name, category, description, factory), so
// the explicit list in core/planner_registry.cpp only appends mcts_planner_entry().
#include "core/planners/registry.hpp"

namespace mbrl {
PlannerEntry mcts_planner_entry();
}
