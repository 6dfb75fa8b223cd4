#pragma once
// The tree inspector's canvas maths, free of ImGui so the unit tests check it: the camera
// (layout units and depths -> pixels, pan, zoom about the cursor, fit), node size by visits,
// picking a node under the mouse, and the level of detail that keeps a 100000-node tree fast:
// per level, only the nodes whose mark or edge can touch the screen are visited (two binary
// searches), and when nodes are closer than a few pixels they are merged into one mark per
// pixel bucket (the most visited node of the bucket stands for it and draws its edge).
#include <algorithm>
#include <cmath>
#include <vector>

#include "app/gui/tree/tree_layout.hpp"

namespace mbrl::gui {

struct TreeCamera {
  float ox = 0.f, oy = 0.f;  // canvas top-left in pixels (set every frame)
  float x0 = 0.f, d0 = 0.f;  // layout x and depth at the canvas top-left
  float zoom = 40.f;         // pixels per layout unit (adjacent nodes are >= 1 unit apart)
  float level_px = 70.f;     // pixels per level
  float min_level_px = 4.f;  // the level spacing "fit" chose; zooming out stops there

  static constexpr float kMaxZoom = 400.f, kMaxLevelPx = 110.f;

  float sx(float x) const { return ox + (x - x0) * zoom; }
  float sy(float depth) const { return oy + (depth - d0) * level_px; }
  float wx(float px) const { return x0 + (px - ox) / zoom; }
  float wd(float py) const { return d0 + (py - oy) / level_px; }

  void pan(float dx_px, float dy_px) { x0 -= dx_px / zoom, d0 -= dy_px / level_px; }

  // Zooms by `factor` keeping the point under (mx, my) in place. Levels stretch with the zoom
  // only between the fitted spacing and kMaxLevelPx, so a wide tree zoomed in stays readable.
  void zoom_about(float mx, float my, float factor, float min_zoom) {
    const float ax = wx(mx), ad = wd(my);
    zoom = std::clamp(zoom * factor, min_zoom, kMaxZoom);
    level_px = std::clamp(level_px * factor, min_level_px, std::max(min_level_px, kMaxLevelPx));
    x0 = ax - (mx - ox) / zoom;
    d0 = ad - (my - oy) / level_px;
  }

  // Shows the whole layout in a w x h canvas with `pad` pixels of margin (centred), and
  // `pad_bottom` (at least `pad`) below the deepest level, e.g. for a legend.
  void fit(const TreeLayout& l, float w, float h, float pad, float pad_bottom = 0.f) {
    const float uw = std::max(w - 2.f * pad, 1.f), uh = std::max(h - pad - std::max(pad, pad_bottom), 1.f);
    zoom = l.width > 0.f ? std::min(uw / l.width, 90.f) : 90.f;
    level_px = std::clamp(uh / float(std::max(l.depth, 1)), 0.25f, kMaxLevelPx);
    min_level_px = std::min(level_px, 40.f);
    x0 = 0.5f * l.width - 0.5f * w / zoom;
    d0 = -pad / level_px;
  }
  // The smallest zoom worth allowing: the whole tree in a tenth of the canvas width.
  static float min_zoom_for(const TreeLayout& l, float w) { return std::min(1.f, 0.1f * w / std::max(l.width, 1.f)); }
};

// Radius in pixels of a node with `visits` when the root has `root_visits`: the area grows with
// the visit share, limited by the room to its neighbours (`room_px`, half the gap to the nearest
// node on its level) and by the level spacing; never below a visible dot.
inline float node_radius_px(int visits, int root_visits, float room_px, float level_px, float font_px) {
  const float share = root_visits > 0 ? std::sqrt(std::clamp(float(visits) / float(root_visits), 0.f, 1.f)) : 0.f;
  const float r = font_px * (0.3f + 0.9f * share);
  return std::max(1.5f, std::min({r, 0.85f * room_px, 0.3f * level_px}));
}

// A visible node's mark in one frame: `node` stands for `count` nodes merged into its bucket.
struct TreeMark {
  int node;
  float sx;
  int count;
};

// Positions [begin, end) in level d (d >= 1) whose edge from the parent spans x in [xlo, xhi]
// (layout units) or whose node lies there; for d == 0 the root if it lies there. Children are
// sorted by x and so are their parents, so both ends are binary searches.
inline void level_span(const TreeLayout& l, const std::vector<MctsTraceNode>& nodes, int d, float xlo, float xhi,
                       int& begin, int& end) {
  const int n = l.level_size(d);
  auto lo_x = [&](int p) {
    const int i = l.at(d, p);
    const float x = l.x[size_t(i)];
    return d == 0 ? x : std::min(x, l.x[size_t(nodes[size_t(i)].parent)]);
  };
  auto hi_x = [&](int p) {
    const int i = l.at(d, p);
    const float x = l.x[size_t(i)];
    return d == 0 ? x : std::max(x, l.x[size_t(nodes[size_t(i)].parent)]);
  };
  int a = 0, b = n;  // first p with hi_x(p) >= xlo
  while (a < b) {
    const int m = (a + b) / 2;
    if (hi_x(m) >= xlo)
      b = m;
    else
      a = m + 1;
  }
  begin = a;
  b = n;  // first p >= begin with lo_x(p) > xhi
  while (a < b) {
    const int m = (a + b) / 2;
    if (lo_x(m) > xhi)
      b = m;
    else
      a = m + 1;
  }
  end = a;
}

// The marks of level d for a canvas spanning [px_lo, px_hi] horizontally: one per node when
// nodes are at least `bucket_px` apart on screen, else one per bucket of `bucket_px` pixels
// (the most visited node in it). Appends to `out`; returns how many nodes were visited.
inline int level_marks(const TreeLayout& l, const std::vector<MctsTraceNode>& nodes, const TreeCamera& cam, int d,
                       float px_lo, float px_hi, float bucket_px, std::vector<TreeMark>& out) {
  int begin = 0, end = 0;
  level_span(l, nodes, d, cam.wx(px_lo), cam.wx(px_hi), begin, end);
  const bool merge = cam.zoom < bucket_px;
  long bucket = 0;
  bool open = false;
  for (int p = begin; p < end; ++p) {
    const int i = l.at(d, p);
    const float sx = cam.sx(l.x[size_t(i)]);
    if (!merge) {
      out.push_back({i, sx, 1});
      continue;
    }
    const long b = long(std::floor(sx / bucket_px));
    if (open && b == bucket) {
      TreeMark& m = out.back();
      ++m.count;
      if (nodes[size_t(i)].visits > nodes[size_t(m.node)].visits) m.node = i, m.sx = sx;
      continue;
    }
    out.push_back({i, sx, 1});
    bucket = b, open = true;
  }
  return end - begin;
}

// The visible node nearest to (mx, my) within `tol` pixels (of its centre), or -1.
inline int pick_node(const TreeLayout& l, const TreeCamera& cam, float mx, float my, float tol) {
  if (l.levels() <= 0) return -1;
  const int dc = int(std::lround(cam.wd(my)));
  int best = -1;
  float best_d2 = tol * tol;
  for (int d = std::max(dc - 1, 0); d <= std::min(dc + 1, l.levels() - 1); ++d) {
    const float y = cam.sy(float(d)), want = cam.wx(mx);
    const int n = l.level_size(d);
    int a = 0, b = n;  // first p with x >= want
    while (a < b) {
      const int m = (a + b) / 2;
      if (l.x[size_t(l.at(d, m))] >= want)
        b = m;
      else
        a = m + 1;
    }
    for (int p = std::max(a - 1, 0); p <= std::min(a, n - 1); ++p) {
      const int i = l.at(d, p);
      const float dx = cam.sx(l.x[size_t(i)]) - mx, dy = y - my, d2 = dx * dx + dy * dy;
      if (d2 <= best_d2) best = i, best_d2 = d2;
    }
  }
  return best;
}

}  // namespace mbrl::gui
