#include "envs/draw.hpp"

#include <cmath>

namespace mbrl {

Color DrawList::role(Role r) const {
  switch (r) {
    case Role::Body:
      return {0.85f, 0.87f, 0.91f};
    case Role::BodyAccent:
      return {0.95f, 0.62f, 0.20f};
    case Role::Ground:
      return {0.45f, 0.47f, 0.52f};
    case Role::Obstacle:
      return {0.55f, 0.36f, 0.42f};
    case Role::Goal:
      return {0.30f, 0.75f, 0.45f};
    case Role::Hazard:
      return {0.85f, 0.30f, 0.25f};
    case Role::Text:
      return {0.9f, 0.9f, 0.9f};
    case Role::Grid:
      return {0.3f, 0.3f, 0.35f, 0.5f};
  }
  return {};
}

void DrawList::rect(P2 lo, P2 hi, Color fill) {
  const P2 pts[4] = {lo, {hi.x(), lo.y()}, hi, {lo.x(), hi.y()}};
  solid_polygon(pts, 4, fill);
}

void DrawList::arrow(P2 from, P2 to, Color c, float width_px) {
  segment(from, to, c, width_px);
  const P2 d = to - from;
  const float len = d.norm();
  if (len < 1e-6f) return;
  const P2 u = d / len, n(-u.y(), u.x());
  const float head = 0.25f * len;
  const P2 tri[3] = {to, to - head * u + 0.5f * head * n, to - head * u - 0.5f * head * n};
  solid_polygon(tri, 3, c);
}

int RecordingDrawList::count(const std::string& kind) const {
  int n = 0;
  for (const auto& it : items) n += it.kind == kind;
  return n;
}

}  // namespace mbrl
