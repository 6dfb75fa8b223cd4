#pragma once
// Internal to the plot widget (plot.cpp, plot_render.cpp): the data-to-pixel mapping of a plot
// area and small ImDrawList helpers.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/gui/render/colormap.hpp"
#include "app/gui/plots/plot_math.hpp"

namespace mbrl::gui {

namespace pm = plotmath;

namespace plotdraw {
inline ImU32 col(Rgba c) { return ImU32(pack_abgr(c)); }
inline ImU32 col(Rgba c, float alpha_mul) { return col(c.with_alpha(c.a * alpha_mul)); }
}  // namespace plotdraw

// Maps data (axis values) to screen pixels inside the plot area.
struct PlotFrame {
  ImVec2 lo, hi;  // area in pixels (lo = top-left)
  pm::Range xr, yr;
  // Far-away values are clamped so that the rasteriser never sees huge coordinates.
  static float clamp_px(double v) { return v > -1e5 ? (v < 1e5 ? float(v) : 1e5f) : -1e5f; }  // NaN -> -1e5
  float sx(double x) const { return clamp_px(lo.x + (x - xr.lo) / xr.span() * (hi.x - lo.x)); }
  float sy(double y) const { return clamp_px(hi.y - (y - yr.lo) / yr.span() * (hi.y - lo.y)); }
  double dx(float px) const { return xr.lo + double(px - lo.x) / double(hi.x - lo.x) * xr.span(); }
  ImVec2 p(double x, double y) const { return {sx(x), sy(y)}; }
};

namespace plotdraw {
inline void dashed_segment(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float th, float dash) {
  const float len = std::hypot(b.x - a.x, b.y - a.y);
  if (!(len >= 1e-3f) || !std::isfinite(len)) return;  // also NaN
  const ImVec2 u{(b.x - a.x) / len, (b.y - a.y) / len};
  const int n = pm::dash_count(len, dash);  // an int count: `t += 2 * dash` never ends for dash 0
  if (n == 0) dl->AddLine(a, b, c, th);
  for (int i = 0; i < n; ++i) {
    const float t = 2.f * dash * float(i), e = std::min(t + dash, len);
    dl->AddLine({a.x + u.x * t, a.y + u.y * t}, {a.x + u.x * e, a.y + u.y * e}, c, th);
  }
}
}  // namespace plotdraw

}  // namespace mbrl::gui
