#pragma once
// The world view's camera: a world rectangle framed in a viewport, pan and zoom, and the
// world <-> pixel transforms. Pixels here are framebuffer pixels with the origin at the
// bottom-left (GL convention); screen() converts to ImGui's top-left coordinates.
#include "envs/draw.hpp"
#include "envs/env.hpp"

namespace mbrl::gui {

struct Viewport {
  float x = 0, y = 0, w = 1, h = 1;  // framebuffer pixels, bottom-left origin
};

class Camera {
 public:
  void set_viewport(Viewport vp, float fb_height);
  const Viewport& viewport() const { return vp_; }
  // Frame `r` (with a margin) in the viewport, keeping the aspect ratio.
  void frame(const Rect2& r);
  void pan_pixels(float dx, float dy);       // screen-space drag (y down)
  void zoom_at(float factor, P2 screen_px);  // about a point in ImGui coordinates
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
