#pragma once
// The environments' DrawList implemented on a Batch: world-space primitives go to the GL
// renderer, text is collected and drawn later through ImGui (at the camera's screen position).
// Roles map to the current theme; line widths are multiplied by the classroom line scale. Nothing
// non-finite is kept (a diverged state draws what of it is finite).
#include <cmath>
#include <string>
#include <vector>

#include "app/gui/render/batch.hpp"
#include "app/gui/render/colormap.hpp"

namespace mbrl::gui {

struct WorldText {
  P2 at;
  std::string text;
  Color color;
  float size_px;
};

class WorldDrawList : public DrawList {
 public:
  WorldDrawList(Batch& batch, std::vector<WorldText>& texts, Theme theme, float line_scale)
      : b_(batch), texts_(texts), theme_(theme), line_scale_(line_scale) {}

  // Everything drawn is faded to this opacity (a ghost of another state, e.g. an MCTS node's).
  void set_fade(float alpha) { fade_ = alpha; }

  Color role(Role r) const override { return role_color(r, theme_); }
  void segment(P2 a, P2 b, Color c, float w) override { b_.segment(a, b, f(c), w * line_scale_); }
  void polyline(const P2* p, int n, Color c, float w, bool closed) override {
    b_.polyline(p, n, f(c), w * line_scale_, closed);
  }
  void circle(P2 c0, float r, Color c, float w) override { b_.ring(c0, r, f(c), w * line_scale_); }
  void solid_circle(P2 c0, float r, Color c) override { b_.disk(c0, r, f(c)); }
  void solid_polygon(const P2* p, int n, Color c) override { b_.polygon(p, n, f(c)); }
  void point(P2 p, float s, Color c) override { b_.point(p, s * line_scale_, f(c)); }
  void text(P2 at, const std::string& s, Color c, float size) override {
    // Shapes are culled by the Batch; text is drawn later through ImGui, so it is culled here.
    if (std::isfinite(at.x()) && std::isfinite(at.y()) && std::isfinite(size)) texts_.push_back({at, s, f(c), size});
  }

 private:
  Color f(Color c) const { return c.with_alpha(c.a * fade_); }
  Batch& b_;
  std::vector<WorldText>& texts_;
  Theme theme_;
  float line_scale_;
  float fade_ = 1.f;
};

}  // namespace mbrl::gui
