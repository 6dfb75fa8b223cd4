#pragma once
// Synthetic MCTS traces for the tree-inspector tests: random trees in breadth-first order with
// MCTS-like statistics (a node's visits = 1 + its children's visits).
#include <algorithm>
#include <cstdint>
#include <string>

#include "core/mcts/mcts_trace.hpp"
#include "core/rng.hpp"

namespace mbrl::test {

// About `n` nodes, up to `branching` children each, children grown breadth-first.
inline MctsTrace synthetic_trace(int n, int branching, uint64_t seed) {
  MctsTrace t;
  Rng rng(seed, 0, 0, 0);
  t.nodes.push_back({});
  for (size_t h = 0; h < t.nodes.size() && int(t.nodes.size()) < n; ++h) {
    int k = int(rng.below(uint32_t(branching + 1)));
    if (h + 1 == t.nodes.size()) k = std::max(k, 1);  // never run out of nodes to grow
    k = std::min(k, n - int(t.nodes.size()));
    if (k == 0) continue;
    t.nodes[h].first_child = int(t.nodes.size());
    t.nodes[h].child_count = k;
    for (int a = 0; a < k; ++a) {
      MctsTraceNode c;
      c.parent = int(h);
      c.action = a;
      c.depth = t.nodes[h].depth + 1;
      t.nodes.push_back(c);
    }
  }
  float lo = 1e30f, hi = -1e30f;
  for (int i = int(t.nodes.size()) - 1; i >= 0; --i) {
    MctsTraceNode& v = t.nodes[size_t(i)];
    v.visits += 1;
    if (v.parent >= 0) t.nodes[size_t(v.parent)].visits += v.visits;
    v.q = -10.f * float(rng.below(1000)) / 1000.f - 0.01f * float(v.depth);
    lo = std::min(lo, v.q), hi = std::max(hi, v.q);
  }
  t.q_lo = lo, t.q_hi = hi;
  t.simulations = t.nodes[0].visits;
  t.states.setZero(2, long(t.nodes.size()));
  for (int a = 0; a < branching; ++a) t.action_labels.push_back(std::string(1, char('A' + a)));
  for (int u = 0; u >= 0;) {  // best path: most visited child
    t.best_path.push_back(u);
    const MctsTraceNode& v = t.nodes[size_t(u)];
    int best = -1;
    for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c)
      if (best < 0 || t.nodes[size_t(c)].visits > t.nodes[size_t(best)].visits) best = c;
    u = best;
  }
  return t;
}

}  // namespace mbrl::test
