#pragma once
// The world view's camera: a world rectangle framed in a viewport, pan and zoom, and the
// world <-> pixel transforms. Pixels here are framebuffer pixels with the origin at the
// bottom-left (GL convention); screen() converts to ImGui's top-left coordinates.
#include <vector>

#include "envs/draw.hpp"
#include "envs/env.hpp"

namespace mbrl::gui {

struct Viewport {
  float x = 0, y = 0, w = 1, h = 1;  // framebuffer pixels, bottom-left origin
};

// The world grid's spacing at `ppu` pixels per unit: a 1-2-5 step giving lines every 60-150 px.
float grid_step(float ppu);
// The grid lines' positions across [lo, hi] on multiples of `step` (out cleared first), at most
// `max_lines`; none when an argument is not finite or step <= 0. Counted by index: `x += step`
// stops advancing in float far from the origin (at max zoom 2000 units out it looped forever).
void grid_lines(float lo, float hi, float step, std::vector<float>& out, int max_lines = 1000);

class Camera {
 public:
  void set_viewport(Viewport vp, float fb_height);
  const Viewport& viewport() const { return vp_; }
  // Frame `r` (with a margin) in the viewport, keeping the aspect ratio. A rectangle with a
  // non-finite corner is ignored (the camera keeps its framing).
  void frame(const Rect2& r);
  void pan_pixels(float dx, float dy);       // screen-space drag (y down); non-finite: ignored
  void zoom_at(float factor, P2 screen_px);  // about a point in ImGui coordinates; non-finite: ignored
  float pixels_per_unit() const { return ppu_; }

  // world -> framebuffer pixels (bottom-left origin): px = w * scale + offset.
  P2 scale() const { return {ppu_, ppu_}; }
  P2 offset() const;
  P2 to_screen(P2 world) const;  // ImGui coordinates (top-left origin)
  P2 to_world(P2 screen) const;
  bool contains_screen(P2 screen) const;

 private:
  Viewport vp_;
  float fb_h_ = 1;
  P2 center_{0, 0};
  float ppu_ = 100;
};

}  // namespace mbrl::gui
