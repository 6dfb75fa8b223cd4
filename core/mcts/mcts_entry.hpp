#pragma once
// The planner-registry entry for MCTS (name, display name, kind, category, description, factory), so
// the explicit list in core/planners/registry.cpp only appends mcts_planner_entry().
#include "core/planners/registry.hpp"

namespace mbrl {
PlannerEntry mcts_planner_entry();
}
