#pragma once
// The abstract drawing interface environments describe their pictures through (like Box2D's
// b2Draw). World-space positions; line widths in screen pixels (the app scales them for the
// projector). The app implements it with its GL renderer; tests implement it with a recorder.
#include <string>
#include <vector>

#include <Eigen/Core>

namespace mbrl {

struct Color {
  float r = 1, g = 1, b = 1, a = 1;
  constexpr Color() = default;
  constexpr Color(float r_, float g_, float b_, float a_ = 1.f) : r(r_), g(g_), b(b_), a(a_) {}
  constexpr Color with_alpha(float alpha) const { return {r, g, b, alpha}; }
};

// Semantic colours so that environments look consistent and themes can recolour them.
enum class Role { Body, BodyAccent, Ground, Obstacle, Goal, Hazard, Text, Grid };

using P2 = Eigen::Vector2f;
using P3 = Eigen::Vector3f;

class DrawList {
 public:
  virtual ~DrawList() = default;
  // The app maps roles to theme colours (dark / projector); tests can use the defaults.
  virtual Color role(Role r) const;

  virtual void segment(P2 a, P2 b, Color c, float width_px = 2.f) = 0;
  virtual void polyline(const P2* pts, int n, Color c, float width_px = 2.f, bool closed = false) = 0;
  virtual void circle(P2 center, float radius, Color c, float width_px = 2.f) = 0;
  virtual void solid_circle(P2 center, float radius, Color fill) = 0;
  virtual void solid_polygon(const P2* pts, int n, Color fill) = 0;  // convex
  virtual void point(P2 p, float size_px, Color c) = 0;
  // Text anchored at a world position (left-aligned, baseline), size in pixels.
  virtual void text(P2 at, const std::string& s, Color c, float size_px = 14.f) = 0;
  // 3D primitives for 3D scenes (optional; default ignores them).
  virtual void segment3(P3, P3, Color, float = 2.f) {}

  // Convenience built on the primitives.
  void rect(P2 lo, P2 hi, Color fill);
  void arrow(P2 from, P2 to, Color c, float width_px = 2.f);
};

// A recorder for tests: keeps every primitive with its kind, points and colour.
class RecordingDrawList : public DrawList {
 public:
  struct Item {
    std::string kind;  // "segment", "polyline", "circle", "solid_circle", "solid_polygon", "point", "text"
    std::vector<P2> pts;
    Color color;
    float size = 0;  // radius / width / text size
    std::string text;
  };
  std::vector<Item> items;

  void segment(P2 a, P2 b, Color c, float w) override { items.push_back({"segment", {a, b}, c, w, {}}); }
  void polyline(const P2* p, int n, Color c, float w, bool) override {
    items.push_back({"polyline", std::vector<P2>(p, p + n), c, w, {}});
  }
  void circle(P2 c0, float r, Color c, float) override { items.push_back({"circle", {c0}, c, r, {}}); }
  void solid_circle(P2 c0, float r, Color c) override { items.push_back({"solid_circle", {c0}, c, r, {}}); }
  void solid_polygon(const P2* p, int n, Color c) override {
    items.push_back({"solid_polygon", std::vector<P2>(p, p + n), c, 0, {}});
  }
  void point(P2 p, float s, Color c) override { items.push_back({"point", {p}, c, s, {}}); }
  void text(P2 at, const std::string& s, Color c, float size) override { items.push_back({"text", {at}, c, size, s}); }
  int count(const std::string& kind) const;
};

}  // namespace mbrl
