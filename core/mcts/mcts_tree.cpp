#include "core/mcts/mcts_tree.hpp"

#include <algorithm>
#include <cassert>

namespace mbrl {

void MctsTree::reset(int branching, int state_dim) {
  assert(branching >= 1 && branching <= 256);
  branching_ = branching;
  state_dim_ = state_dim;
  nodes_.assign(1, MctsNode{});
  states_.assign(size_t(state_dim), 0.f);
  live_ = 1;
}

void MctsTree::reserve(int slots) {
  nodes_.reserve(size_t(slots));
  states_.reserve(size_t(slots) * size_t(state_dim_));
}

int MctsTree::add_child(int node) {
  MctsNode& n = nodes_[size_t(node)];
  assert(n.expanded < branching_);
  if (n.first_child < 0) {
    const int first = int(nodes_.size());
    nodes_[size_t(node)].first_child = first;
    const MctsNode parent = nodes_[size_t(node)];
    for (int a = 0; a < branching_; ++a) {
      MctsNode c;
      c.parent = node;
      c.action = uint8_t(a);
      c.depth = uint16_t(parent.depth + 1);
      nodes_.push_back(c);
    }
    states_.resize(nodes_.size() * size_t(state_dim_), 0.f);
  }
  MctsNode& p = nodes_[size_t(node)];
  const int child = p.first_child + p.expanded;
  ++p.expanded;
  ++live_;
  return child;
}

void MctsTree::reroot(int node) {
  scratch_nodes_.clear();
  scratch_states_.clear();
  queue_.clear();
  const uint16_t shift = nodes_[size_t(node)].depth;
  auto copy = [&](int old_index, int new_parent) {
    MctsNode n = nodes_[size_t(old_index)];
    n.parent = new_parent;
    n.depth = uint16_t(n.depth - shift);
    n.first_child = -1;
    scratch_nodes_.push_back(n);
    const float* s = state(old_index);
    scratch_states_.insert(scratch_states_.end(), s, s + state_dim_);
  };
  copy(node, -1);
  scratch_nodes_[0].action = 0;
  live_ = 1;
  // Breadth-first over live nodes; queue_ holds (old index, new index) pairs.
  queue_.push_back(node);
  queue_.push_back(0);
  for (size_t head = 0; head < queue_.size(); head += 2) {
    const int old_i = queue_[head], new_i = queue_[head + 1];
    const MctsNode& o = nodes_[size_t(old_i)];
    if (o.first_child < 0) continue;
    const int first = int(scratch_nodes_.size());
    scratch_nodes_[size_t(new_i)].first_child = first;
    for (int a = 0; a < branching_; ++a) copy(o.first_child + a, new_i);
    for (int a = 0; a < o.expanded; ++a) {
      queue_.push_back(o.first_child + a);
      queue_.push_back(first + a);
      ++live_;
    }
  }
  std::swap(nodes_, scratch_nodes_);
  std::swap(states_, scratch_states_);
}

}  // namespace mbrl
