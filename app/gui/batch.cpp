#include "app/gui/batch.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl::gui {

void pack_color(Color c, uint8_t out[4]) {
  auto b = [](float v) { return uint8_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); };
  out[0] = b(c.r), out[1] = b(c.g), out[2] = b(c.b), out[3] = b(c.a);
}

void Batch::clear() {
  shapes_.clear();
  fills_.clear();
  runs_.clear();
}

void Batch::add_shape(const ShapeInstance& s) {
  if (runs_.empty() || runs_.back().fill) runs_.push_back({false, int(shapes_.size()), 0});
  shapes_.push_back(s);
  ++runs_.back().count;
}

void Batch::segment(P2 a, P2 b, Color c, float width_px) {
  ShapeInstance s{{a.x(), a.y()}, {b.x(), b.y()}, {}, {width_px, 0.f, float(ShapeKind::Segment), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::polyline(const P2* pts, int n, Color c, float width_px, bool closed) {
  for (int i = 0; i + 1 < n; ++i) segment(pts[i], pts[i + 1], c, width_px);
  if (closed && n > 2) segment(pts[n - 1], pts[0], c, width_px);
}

void Batch::ring(P2 center, float radius, Color c, float width_px) {
  ShapeInstance s{{center.x(), center.y()}, {center.x(), center.y()}, {}, {width_px, radius, float(ShapeKind::Ring), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::disk(P2 center, float radius, Color c) {
  ShapeInstance s{{center.x(), center.y()}, {center.x(), center.y()}, {}, {1.f, radius, float(ShapeKind::Disk), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::point(P2 p, float size_px, Color c) {
  ShapeInstance s{{p.x(), p.y()}, {p.x(), p.y()}, {}, {1.f, 0.5f * size_px, float(ShapeKind::Point), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::polygon(const P2* pts, int n, Color c) {
  if (n < 3) return;
  FillVertex v{};
  pack_color(c, v.color);
  if (runs_.empty() || !runs_.back().fill) runs_.push_back({true, int(fills_.size()), 0});
  for (int i = 1; i + 1 < n; ++i) {
    for (int k : {0, i, i + 1}) {
      v.pos[0] = pts[k].x(), v.pos[1] = pts[k].y();
      fills_.push_back(v);
    }
  }
  runs_.back().count += 3 * (n - 2);
  // The fill is aliased; a hairline outline of the same colour smooths its edges.
  polyline(pts, n, c, 1.f, true);
}

}  // namespace mbrl::gui
