#include "app/gui/render/batch.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl::gui {

namespace {
bool finite(P2 p) { return std::isfinite(p.x()) && std::isfinite(p.y()); }
}  // namespace

void pack_color(Color c, uint8_t out[4]) {
  auto b = [](float v) { return uint8_t(std::lround(unit_channel(v) * 255.f)); };
  out[0] = b(c.r), out[1] = b(c.g), out[2] = b(c.b), out[3] = b(c.a);
}

void Batch::clear() {
  shapes_.clear();
  fills_.clear();
  lines_.clear();
  strip_first_.clear();
  strip_count_.clear();
  runs_.clear();
}

Batch::Run& Batch::run(Pipe p, int first) {
  if (runs_.empty() || runs_.back().pipe != p) runs_.push_back({p, first, 0});
  return runs_.back();
}

void Batch::add_shape(const ShapeInstance& s) {
  ++run(Pipe::Shape, int(shapes_.size())).count;
  shapes_.push_back(s);
}

void Batch::hair_strip(const P2* pts, int n, Color c) {
  FillVertex v{};
  pack_color(c, v.color);
  // Each run of finite points is a strip of its own (a non-finite point breaks the line).
  for (int i = 0; i < n;) {
    while (i < n && !finite(pts[i])) ++i;
    int e = i;
    while (e < n && finite(pts[e])) ++e;
    if (e - i >= 2) {
      ++run(Pipe::Hairline, int(strip_first_.size())).count;
      strip_first_.push_back(int(lines_.size()));
      strip_count_.push_back(e - i);
      for (int k = i; k < e; ++k) {
        v.pos[0] = pts[k].x(), v.pos[1] = pts[k].y();
        lines_.push_back(v);
      }
    }
    i = e;
  }
}

void Batch::segment(P2 a, P2 b, Color c, float width_px) {
  if (!finite(a) || !finite(b) || !std::isfinite(width_px)) return;
  ShapeInstance s{{a.x(), a.y()}, {b.x(), b.y()}, {}, {width_px, 0.f, float(ShapeKind::Segment), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::polyline(const P2* pts, int n, Color c, float width_px, bool closed) {
  for (int i = 0; i + 1 < n; ++i) segment(pts[i], pts[i + 1], c, width_px);
  if (closed && n > 2) segment(pts[n - 1], pts[0], c, width_px);
}

void Batch::ring(P2 center, float radius, Color c, float width_px) {
  if (!finite(center) || !std::isfinite(radius) || !std::isfinite(width_px)) return;
  ShapeInstance s{
      {center.x(), center.y()}, {center.x(), center.y()}, {}, {width_px, radius, float(ShapeKind::Ring), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::disk(P2 center, float radius, Color c) {
  if (!finite(center) || !std::isfinite(radius)) return;
  ShapeInstance s{{center.x(), center.y()}, {center.x(), center.y()}, {}, {1.f, radius, float(ShapeKind::Disk), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::point(P2 p, float size_px, Color c) {
  if (!finite(p) || !std::isfinite(size_px)) return;
  ShapeInstance s{{p.x(), p.y()}, {p.x(), p.y()}, {}, {1.f, 0.5f * size_px, float(ShapeKind::Point), 0.f}};
  pack_color(c, s.color);
  add_shape(s);
}

void Batch::polygon(const P2* pts, int n, Color c) {
  if (n < 3 || !std::all_of(pts, pts + n, finite)) return;  // a polygon missing a corner would be another shape
  FillVertex v{};
  pack_color(c, v.color);
  Run& r = run(Pipe::Fill, int(fills_.size()));
  for (int i = 1; i + 1 < n; ++i) {
    for (int k : {0, i, i + 1}) {
      v.pos[0] = pts[k].x(), v.pos[1] = pts[k].y();
      fills_.push_back(v);
    }
  }
  r.count += 3 * (n - 2);
  // The fill is aliased; a hairline outline of the same colour smooths its edges.
  polyline(pts, n, c, 1.f, true);
}

}  // namespace mbrl::gui
