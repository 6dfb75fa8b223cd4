#pragma once
// Colours and words shared by the tree inspector's parts (canvas, details, caption): Q on
// viridis (lightness grows with Q, so it reads in grey scale and with colour-vision
// deficiencies), and highlight colours chosen apart from viridis and from each other.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "core/mcts/mcts_trace.hpp"

namespace mbrl::gui {

struct TreeColors {
  Rgba edge;      // ordinary edges
  Rgba outline;   // ring around nodes (viridis ends vanish on one theme or the other)
  Rgba best;      // the most-visited path (what MPC will execute)
  Rgba last;      // the last simulation's path
  Rgba phase;     // nodes the last phase touched
  Rgba selected;  // the clicked node
};

inline TreeColors tree_colors(Theme theme) {
  const ThemePalette& p = palette(theme);
  TreeColors c;
  c.edge = p.axis.with_alpha(theme == Theme::Dark ? 0.45f : 0.5f);
  c.outline = p.text.with_alpha(theme == Theme::Dark ? 0.35f : 0.45f);
  c.best = p.executed;      // sky blue / blue
  c.last = p.mean_plan;     // white / black
  c.phase = p.best_sample;  // vermillion
  c.selected = p.elite;     // reddish purple
  return c;
}

// Q mapped to [0, 1] over [lo, hi] (clamped; an empty range gives the middle).
inline float q_unit(float q, float lo, float hi) { return hi > lo ? (q - lo) / (hi - lo) : 0.5f; }
inline Rgba q_color(float q, float lo, float hi) { return viridis(q_unit(q, lo, hi)); }

// The Q range of the colour map: the 5th to 95th percentile of the shown, visited nodes' Q, so
// a few outliers (a trap, one unlucky rollout) do not wash out everything else. `clipped_*`:
// some shown Q values lie beyond that end (the legend then writes <= / >=).
struct QColorRange {
  float lo = 0.f, hi = 0.f;
  bool clipped_lo = false, clipped_hi = false;
};
inline QColorRange q_color_range(const std::vector<MctsTraceNode>& nodes, const std::vector<uint8_t>& visible) {
  static thread_local std::vector<float> q;
  q.clear();
  for (size_t i = 0; i < nodes.size() && i < visible.size(); ++i)
    if (visible[i] && nodes[i].visits > 0 && std::isfinite(nodes[i].q)) q.push_back(nodes[i].q);
  QColorRange r;
  if (q.empty()) return r;
  const auto [mn, mx] = std::minmax_element(q.begin(), q.end());
  const float q_min = *mn, q_max = *mx;
  const size_t a = q.size() / 20, b = q.size() - 1 - q.size() / 20;
  std::nth_element(q.begin(), q.begin() + long(a), q.end());
  r.lo = q[a];
  std::nth_element(q.begin(), q.begin() + long(b), q.end());
  r.hi = q[b];
  if (!(r.hi > r.lo)) r.lo = q_min, r.hi = q_max;
  r.clipped_lo = q_min<r.lo, r.clipped_hi = q_max> r.hi;
  return r;
}

inline std::string action_label(const MctsTrace& t, int action) {
  if (action >= 0 && action < int(t.action_labels.size())) return t.action_labels[size_t(action)];
  std::string s = "a";
  return s += std::to_string(action);
}

// The actions from the root to node i, and back: the node reached from the root by `actions`
// (-1 if the tree has no such node). A selection survives a new trace this way.
inline std::vector<int> actions_to(const MctsTrace& t, int i) {
  std::vector<int> acts;
  for (int u = i; u > 0; u = t.nodes[size_t(u)].parent) acts.push_back(t.nodes[size_t(u)].action);
  return {acts.rbegin(), acts.rend()};
}
inline int node_by_actions(const MctsTrace& t, const std::vector<int>& actions) {
  int u = t.nodes.empty() ? -1 : 0;
  for (size_t k = 0; k < actions.size() && u >= 0; ++k) {
    const MctsTraceNode& v = t.nodes[size_t(u)];
    int next = -1;
    for (int c = v.first_child; c >= 0 && c < v.first_child + v.child_count; ++c)
      if (t.nodes[size_t(c)].action == actions[k]) next = c;
    u = next;
  }
  return u;
}

// "root -> up -> right": the actions from the root to node i (long paths keep both ends).
inline std::string action_path(const MctsTrace& t, int i, size_t max_steps = 12) {
  std::vector<int> acts;
  for (int u = i; u > 0; u = t.nodes[size_t(u)].parent) acts.push_back(t.nodes[size_t(u)].action);
  std::string s = "root";
  const size_t n = acts.size();
  for (size_t k = 0; k < n; ++k) {
    if (n > max_steps && k == max_steps / 2) {
      s += " -> ... (";
      s += std::to_string(n - max_steps);
      s += " more)";
      k = n - max_steps / 2 - 1;
      continue;
    }
    s += " -> " + action_label(t, acts[n - 1 - k]);
  }
  return s;
}

}  // namespace mbrl::gui
