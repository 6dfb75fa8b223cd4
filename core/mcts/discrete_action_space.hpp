#pragma once
// DiscreteActionSpace: an optional interface a model implements when its action is a choice among a
// few fixed vectors (the gridworld's moves, the discrete-action variants of the continuous envs).
// MCTS asks for it (dynamic_cast) and otherwise discretises the action box itself.
#include <string>
#include <vector>

#include "core/types.hpp"

namespace mbrl {

class DiscreteActionSpace {
 public:
  virtual ~DiscreteActionSpace() = default;
  // The action vectors this model accepts, one per column (action_dim x n).
  virtual Mat discrete_actions() const = 0;
  // A short label per action ("up", "-torque") for the tree inspector.
  virtual std::vector<std::string> discrete_action_labels() const = 0;
};

}  // namespace mbrl
