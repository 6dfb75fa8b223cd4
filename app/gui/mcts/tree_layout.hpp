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
// Cost: O(sum over nodes of their subtree heights); about 10 ms for 100000 nodes of depth 20.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/mcts/mcts_trace.hpp"

namespace mbrl::gui {

struct TreeLayout {
  std::vector<float> x;              // per trace node: horizontal position (NaN when hidden); min 0
  std::vector<uint8_t> visible;      // per trace node
  std::vector<int> hidden_below;     // per trace node: hidden descendants (pruned subtrees)
  std::vector<int> level_begin;      // visible nodes of depth d: level_nodes[level_begin[d] ..
  std::vector<int> level_nodes;      //   level_begin[d + 1]), left to right
  std::vector<int> level_pos;        // per visible node: its index within its level (-1 hidden)
  // Per visible node: its visible children are level positions [child_begin, child_end) of the
  // next level; for a node without any, begin == end is where they would be. So the children
  // of a run of nodes [a, b] are [child_begin[a], child_end[b]).
  std::vector<int> child_begin, child_end;
  int visible_count = 0, hidden_count = 0;
  float width = 0.f;                 // max x
  int depth = 0;                     // deepest visible level

  int levels() const { return int(level_begin.size()) - 1; }
  int level_size(int d) const { return level_begin[size_t(d) + 1] - level_begin[size_t(d)]; }
  int at(int d, int pos) const { return level_nodes[size_t(level_begin[size_t(d)] + pos)]; }
};

namespace tree_layout_detail {
// A subtree's contour relative to its root's x: lo[k], hi[k] = leftmost / rightmost x at
// k levels below the root (k = 0 is the root itself).
struct Contour {
  std::vector<float> lo, hi;
};
}  // namespace tree_layout_detail

// Lays out `nodes` (MctsTrace::nodes) into `out` (buffers are reused between calls).
inline void layout_tree(const std::vector<MctsTraceNode>& nodes, int min_visits, TreeLayout& out) {
  using tree_layout_detail::Contour;
  const int n = int(nodes.size());
  out.x.assign(size_t(n), std::nanf(""));
  out.visible.assign(size_t(n), 0);
  out.hidden_below.assign(size_t(n), 0);
  out.level_pos.assign(size_t(n), -1);
  out.child_begin.assign(size_t(n), 0);
  out.child_end.assign(size_t(n), 0);
  out.level_begin.assign(1, 0);
  out.level_nodes.clear();
  out.visible_count = out.hidden_count = 0;
  out.width = 0.f;
  out.depth = 0;
  if (n == 0) return;

  // Visibility (parents come before children) and subtree sizes (children after parents).
  std::vector<int> size(size_t(n), 1);
  for (int i = 0; i < n; ++i) {
    const MctsTraceNode& v = nodes[size_t(i)];
    out.visible[size_t(i)] = i == 0 || (out.visible[size_t(v.parent)] && v.visits >= min_visits);
  }
  for (int i = n - 1; i > 0; --i) {
    const int p = nodes[size_t(i)].parent;
    size[size_t(p)] += size[size_t(i)];
    if (out.visible[size_t(p)] && !out.visible[size_t(i)]) out.hidden_below[size_t(p)] += size[size_t(i)];
  }

  // Bottom-up: contours and each child's offset from its parent.
  std::vector<Contour> contour(static_cast<size_t>(n));
  std::vector<float> rel(size_t(n), 0.f);
  std::vector<float> off;
  for (int i = n - 1; i >= 0; --i) {
    if (!out.visible[size_t(i)]) continue;
    const MctsTraceNode& v = nodes[size_t(i)];
    Contour acc;
    off.clear();
    for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c) {
      if (!out.visible[size_t(c)]) continue;
      Contour& cc = contour[size_t(c)];
      if (off.empty()) {
        off.push_back(0.f);
        acc = std::move(cc);
        continue;
      }
      const size_t common = std::min(acc.lo.size(), cc.lo.size());
      float shift = -std::numeric_limits<float>::infinity();
      for (size_t k = 0; k < common; ++k) shift = std::max(shift, acc.hi[k] - cc.lo[k] + 1.f);
      off.push_back(shift);
      for (size_t k = 0; k < cc.lo.size(); ++k) {
        if (k < acc.lo.size()) acc.hi[k] = cc.hi[k] + shift;
        else acc.lo.push_back(cc.lo[k] + shift), acc.hi.push_back(cc.hi[k] + shift);
      }
      Contour().lo.swap(cc.lo), Contour().hi.swap(cc.hi);
    }
    Contour& mine = contour[size_t(i)];
    mine.lo.assign(1, 0.f), mine.hi.assign(1, 0.f);
    if (off.empty()) continue;
    const float mid = 0.5f * (off.front() + off.back());
    for (size_t k = 0; k < acc.lo.size(); ++k) mine.lo.push_back(acc.lo[k] - mid), mine.hi.push_back(acc.hi[k] - mid);
    size_t j = 0;
    for (int c = v.first_child; c < v.first_child + v.child_count; ++c)
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
  std::vector<int> count;
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
  std::vector<int> fill(out.level_begin.begin(), out.level_begin.end() - 1);
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
      const MctsTraceNode& v = nodes[size_t(i)];
      out.child_begin[size_t(i)] = next;
      for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c) next += out.visible[size_t(c)];
      out.child_end[size_t(i)] = next;
    }
  }
  out.hidden_count = n - out.visible_count;
}

}  // namespace mbrl::gui
