#pragma once
// Compact MCTS node storage: one flat vector of 20-byte nodes plus the last state seen at
// each node (state_dim floats). The children of a node live in one contiguous block of
// `branching` slots, allocated when the first child is expanded; slots [0, expanded) are real
// nodes (children are expanded one at a time, in action order), the rest are placeholders
// that cost memory but are never visited. The block layout makes UCT selection a scan over
// adjacent memory and reroot() (tree reuse) a linear copy.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mbrl {

struct MctsNode {
  int32_t parent = -1;
  int32_t first_child = -1;  // start of the child block, -1 if no child yet
  int32_t visits = 0;        // N
  float value_sum = 0.f;     // sum of backed-up returns; Q = value_sum / N
  uint8_t action = 0;        // index into the action set of the edge parent -> this node
  uint8_t expanded = 0;      // children created so far (the first `expanded` slots of the block)
  uint16_t depth = 0;        // root = 0

  float q() const { return visits > 0 ? value_sum / float(visits) : 0.f; }
};
static_assert(sizeof(MctsNode) == 20, "MctsNode should stay compact");

class MctsTree {
 public:
  // Forget everything: a lone root. Memory is kept for the next tree.
  void reset(int branching, int state_dim);
  void clear() { nodes_.clear(), states_.clear(), live_ = 0; }  // no tree at all
  int branching() const { return branching_; }
  int state_dim() const { return state_dim_; }
  int slots() const { return int(nodes_.size()); }  // nodes including placeholders
  int live() const { return live_; }                // root + expanded nodes
  bool empty() const { return nodes_.empty(); }

  MctsNode& operator[](int i) { return nodes_[size_t(i)]; }
  const MctsNode& operator[](int i) const { return nodes_[size_t(i)]; }
  float* state(int i) { return &states_[size_t(i) * size_t(state_dim_)]; }
  const float* state(int i) const { return &states_[size_t(i) * size_t(state_dim_)]; }

  // Slots a new child of `node` would take (0 if its block exists already).
  int slots_needed(int node) const { return nodes_[size_t(node)].first_child < 0 ? branching_ : 0; }
  // Expands the next untried action of `node`; returns the new child's index.
  int add_child(int node);
  // Keep only the subtree under `node`, which becomes the root (depths shift up). Statistics
  // are kept unchanged. Uses a second buffer, so no allocation after warm-up.
  void reroot(int node);
  void reserve(int slots);

  static constexpr int bytes_per_node_fixed() { return int(sizeof(MctsNode)); }
  int bytes_per_node() const { return int(sizeof(MctsNode)) + state_dim_ * int(sizeof(float)); }

 private:
  int branching_ = 1, state_dim_ = 0, live_ = 0;
  std::vector<MctsNode> nodes_, scratch_nodes_;
  std::vector<float> states_, scratch_states_;
  std::vector<int> queue_;
};

}  // namespace mbrl
