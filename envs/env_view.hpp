#pragma once
// EnvView: what the app's scene needs from an environment -- a picture of a state and of the
// action applied in it (through DrawList), the world point that stands for a state in
// trajectory overlays, the region the camera frames, and the mouse hooks. Every method has a
// default (draw nothing, the first two state dimensions, a 2 x 2 box, ignore the mouse).
#include "core/types.hpp"
#include "envs/draw.hpp"

namespace mbrl {

struct Rect2 {
  P2 lo{-1, -1}, hi{1, 1};
};

class EnvView {
 public:
  virtual ~EnvView() = default;

  // Picture of one state. Default: nothing.
  virtual void draw(const Vec& /*state*/, DrawList& /*d*/) const {}
  // The action being applied in `state`, drawn over draw()'s picture as a small arrow
  // (draw() alone has no action to show). Default: nothing.
  virtual void draw_action(const Vec& /*state*/, const Vec& /*action*/, DrawList& /*d*/) const {}
  // The world point that stands for a state in trajectory overlays (pendulum tip, cart-pole
  // tip, point-mass position, hill car). states: state_dim x N -> out: 2 x N. Default: the
  // first two state dimensions (a one-dimensional state is drawn at (s_0, 0)).
  virtual void world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const;
  // The region the camera frames by default. Default: [-1, 1]^2.
  virtual Rect2 world_view() const { return {}; }

  // Direct manipulation hooks (the app's mouse): move the goal, drag an obstacle, push.
  // Return true when the env or state changed. Defaults do nothing.
  virtual bool on_click(P2 /*world*/, Vec& /*state*/) { return false; }
  virtual bool on_drag(P2 /*from*/, P2 /*to*/, Vec& /*state*/) { return false; }
};

}  // namespace mbrl
