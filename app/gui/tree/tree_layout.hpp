#pragma once
// A tidy layered layout of an MCTS tree (MctsTrace::nodes, breadth-first order) for the tree
// inspector. Header-only and free of ImGui, so the unit tests check it directly.
//
// Levels are depths. Each subtree is laid out on its own; siblings are then pushed apart until
// their contours (the leftmost / rightmost x on every level below) keep at least one unit apart,
// and a parent is centred over its first and last child (Reingold-Tilford, without Walker's
// spreading of small middle subtrees). Nodes with fewer than `min_visits` visits are hidden with
// their whole subtrees (the root never); each visible node knows how many it hides.
//
// Because the trace is breadth-first, the visible nodes of one level in trace order are also in
// left-to-right order, which the drawing code uses to cull with binary searches.
// Cost: O(sum over nodes of their subtree heights); no allocation once the buffers have grown.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/mcts/mcts_trace.hpp"

namespace mbrl::gui {

struct TreeLayout {
  std::vector<float> x;           // per trace node: horizontal position (NaN when hidden); min 0
  std::vector<uint8_t> visible;   // per trace node
  std::vector<int> hidden_below;  // per trace node: hidden descendants (pruned subtrees)
  std::vector<int> level_begin;   // visible nodes of depth d: level_nodes[level_begin[d] ..
  std::vector<int> level_nodes;   //   level_begin[d + 1]), left to right
  std::vector<int> level_pos;     // per visible node: its index within its level (-1 hidden)
  // Per visible node: its visible children are level positions [child_begin, child_end) of the
  // next level; for a node without any, begin == end is where they would be. So the children
  // of a run of nodes [a, b] are [child_begin[a], child_end[b]).
  std::vector<int> child_begin, child_end;
  std::vector<float> room;  // per visible node: half the gap to its nearest level neighbour
  int visible_count = 0, hidden_count = 0;
  float width = 0.f;  // max x
  int depth = 0;      // deepest visible level
  // Scratch buffers of layout_tree (kept so that a relayout does not allocate).
  std::vector<float> scratch_arena, scratch_rel, scratch_lo, scratch_hi, scratch_off;
  std::vector<int> scratch_int, scratch_int2, scratch_size, scratch_count, scratch_fill;

  int levels() const { return int(level_begin.size()) - 1; }
  int level_size(int d) const { return level_begin[size_t(d) + 1] - level_begin[size_t(d)]; }
  int at(int d, int pos) const { return level_nodes[size_t(level_begin[size_t(d)] + pos)]; }
};

// Lays out `nodes` (MctsTrace::nodes) into `out` (buffers are reused between calls).
inline void layout_tree(const std::vector<MctsTraceNode>& nodes, int min_visits, TreeLayout& out) {
  const int n = int(nodes.size());
  out.x.assign(size_t(n), std::nanf(""));
  out.visible.assign(size_t(n), 0);
  out.hidden_below.assign(size_t(n), 0);
  out.level_pos.assign(size_t(n), -1);
  out.child_begin.assign(size_t(n), 0);
  out.child_end.assign(size_t(n), 0);
  out.room.assign(size_t(n), 0.f);
  out.level_begin.assign(1, 0);
  out.level_nodes.clear();
  out.visible_count = out.hidden_count = 0;
  out.width = 0.f;
  out.depth = 0;
  if (n == 0) return;

  // Visibility (parents come before children) and subtree sizes (children after parents).
  std::vector<int>& size = out.scratch_size;
  size.assign(size_t(n), 1);
  for (int i = 0; i < n; ++i) {
    const MctsTraceNode& v = nodes[size_t(i)];
    out.visible[size_t(i)] = i == 0 || (out.visible[size_t(v.parent)] && v.visits >= min_visits);
  }
  for (int i = n - 1; i > 0; --i) {
    const int p = nodes[size_t(i)].parent;
    size[size_t(p)] += size[size_t(i)];
    if (out.visible[size_t(p)] && !out.visible[size_t(i)]) out.hidden_below[size_t(p)] += size[size_t(i)];
  }

  // Bottom-up: each subtree's contour relative to its root's x (lo[k], hi[k]: leftmost and
  // rightmost x k levels below it), stored once in an arena, and each child's offset from its
  // parent. The buffers live in `out`, so a relayout allocates nothing after warm-up.
  std::vector<float>& arena = out.scratch_arena;
  std::vector<int>& at = out.scratch_int;       // per node: start of its contour in the arena
  std::vector<int>& height = out.scratch_int2;  // per node: contour length (levels)
  std::vector<float>& rel = out.scratch_rel;    // per node: x offset from its parent
  std::vector<float>&lo_acc = out.scratch_lo, &hi_acc = out.scratch_hi, &off = out.scratch_off;
  arena.clear();
  at.assign(size_t(n), 0), height.assign(size_t(n), 0), rel.assign(size_t(n), 0.f);
  for (int i = n - 1; i >= 0; --i) {
    if (!out.visible[size_t(i)]) continue;
    const MctsTraceNode& v = nodes[size_t(i)];
    lo_acc.clear(), hi_acc.clear(), off.clear();
    for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c) {
      if (!out.visible[size_t(c)]) continue;
      const size_t hc = size_t(height[size_t(c)]);
      const float* clo = arena.data() + at[size_t(c)];
      const float* chi = clo + hc;
      float shift = 0.f;
      if (!off.empty()) {
        shift = -std::numeric_limits<float>::infinity();
        for (size_t k = 0; k < std::min(lo_acc.size(), hc); ++k) shift = std::max(shift, hi_acc[k] - clo[k] + 1.f);
      }
      off.push_back(shift);
      for (size_t k = 0; k < hc; ++k) {
        if (k < lo_acc.size())
          hi_acc[k] = chi[k] + shift;
        else
          lo_acc.push_back(clo[k] + shift), hi_acc.push_back(chi[k] + shift);
      }
    }
    const float mid = off.empty() ? 0.f : 0.5f * (off.front() + off.back());
    const size_t h = lo_acc.size() + 1;
    at[size_t(i)] = int(arena.size()), height[size_t(i)] = int(h);
    arena.push_back(0.f);
    for (size_t k = 0; k + 1 < h; ++k) arena.push_back(lo_acc[k] - mid);
    arena.push_back(0.f);
    for (size_t k = 0; k + 1 < h; ++k) arena.push_back(hi_acc[k] - mid);
    size_t j = 0;
    for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c)
      if (out.visible[size_t(c)]) rel[size_t(c)] = off[j++] - mid;
  }

  // Top-down: absolute positions, shifted so the leftmost node is exactly at 0.
  out.x[0] = 0.f;
  float lo = 0.f;
  for (int i = 1; i < n; ++i)
    if (out.visible[size_t(i)]) {
      out.x[size_t(i)] = out.x[size_t(nodes[size_t(i)].parent)] + rel[size_t(i)];
      lo = std::min(lo, out.x[size_t(i)]);
    }
  for (int i = 0; i < n; ++i)
    if (out.visible[size_t(i)]) out.x[size_t(i)] -= lo;

  // Levels in breadth-first order (= left to right) and the child ranges.
  std::vector<int>& count = out.scratch_count;
  count.clear();
  for (int i = 0; i < n; ++i) {
    if (!out.visible[size_t(i)]) continue;
    const int d = nodes[size_t(i)].depth - nodes[0].depth;
    if (d >= int(count.size())) count.resize(size_t(d) + 1, 0);
    ++count[size_t(d)];
    ++out.visible_count;
    out.width = std::max(out.width, out.x[size_t(i)]);
    out.depth = std::max(out.depth, d);
  }
  out.level_begin.assign(count.size() + 1, 0);
  for (size_t d = 0; d < count.size(); ++d) out.level_begin[d + 1] = out.level_begin[d] + count[d];
  out.level_nodes.resize(size_t(out.visible_count));
  std::vector<int>& fill = out.scratch_fill;
  fill.assign(out.level_begin.begin(), out.level_begin.end() - 1);
  for (int i = 0; i < n; ++i) {
    if (!out.visible[size_t(i)]) continue;
    const int d = nodes[size_t(i)].depth - nodes[0].depth;
    out.level_pos[size_t(i)] = fill[size_t(d)] - out.level_begin[size_t(d)];
    out.level_nodes[size_t(fill[size_t(d)]++)] = i;
  }
  for (int d = 0; d < out.levels(); ++d) {
    int next = 0;
    for (int p = 0; p < out.level_size(d); ++p) {
      const int i = out.at(d, p);
      float gap = 1e6f;
      if (p > 0) gap = std::min(gap, out.x[size_t(i)] - out.x[size_t(out.at(d, p - 1))]);
      if (p + 1 < out.level_size(d)) gap = std::min(gap, out.x[size_t(out.at(d, p + 1))] - out.x[size_t(i)]);
      out.room[size_t(i)] = 0.5f * gap;
      const MctsTraceNode& v = nodes[size_t(i)];
      out.child_begin[size_t(i)] = next;
      for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c) next += out.visible[size_t(c)];
      out.child_end[size_t(i)] = next;
    }
  }
  out.hidden_count = n - out.visible_count;
}

}  // namespace mbrl::gui
