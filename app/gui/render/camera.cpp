#include "app/gui/render/camera.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl::gui {

void Camera::set_viewport(Viewport vp, float fb_height) {
  vp_ = vp;
  fb_h_ = fb_height;
}

float grid_step(float ppu) {
  const float target = 90.f / std::max(std::isfinite(ppu) ? ppu : 1.f, 1e-6f);
  const float p10 = std::pow(10.f, std::floor(std::log10(target)));
  for (float m : {1.f, 2.f, 5.f, 10.f})
    if (m * p10 >= target) return m * p10;
  return 10.f * p10;
}

void grid_lines(float lo, float hi, float step, std::vector<float>& out, int max_lines) {
  out.clear();
  if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(step) || !(step > 0.f) || hi < lo) return;
  const double first = std::ceil(double(lo) / step), last = std::floor(double(hi) / step);
  if (!(last - first < double(max_lines))) return;  // too many to tell apart
  const int n = int(last - first) + 1;              // an int count: never `x += step` in float
  for (int i = 0; i < n; ++i) out.push_back(float((first + i) * step));
}

void Camera::frame(const Rect2& r) {
  if (!r.lo.allFinite() || !r.hi.allFinite()) return;
  const P2 size = (r.hi - r.lo).cwiseMax(P2(1e-3f, 1e-3f));
  center_ = 0.5f * (r.lo + r.hi);
  ppu_ = 0.94f * std::min(vp_.w / size.x(), vp_.h / size.y());
}

void Camera::pan_pixels(float dx, float dy) {
  if (std::isfinite(dx) && std::isfinite(dy)) center_ += P2(-dx / ppu_, dy / ppu_);
}

void Camera::zoom_at(float factor, P2 screen_px) {
  if (!std::isfinite(factor) || !(factor > 0.f) || !screen_px.allFinite()) return;
  const P2 before = to_world(screen_px);
  ppu_ = std::clamp(ppu_ * factor, 1e-2f, 1e6f);
  const P2 after = to_world(screen_px);
  center_ += before - after;
}

P2 Camera::offset() const {
  const P2 mid(vp_.x + 0.5f * vp_.w, vp_.y + 0.5f * vp_.h);
  return mid - ppu_ * center_;
}

P2 Camera::to_screen(P2 w) const {
  const P2 px = w * ppu_ + offset();
  return {px.x(), fb_h_ - px.y()};
}

P2 Camera::to_world(P2 s) const {
  const P2 px(s.x(), fb_h_ - s.y());
  return (px - offset()) / ppu_;
}

bool Camera::contains_screen(P2 s) const {
  const float y = fb_h_ - s.y();
  return s.x() >= vp_.x && s.x() < vp_.x + vp_.w && y >= vp_.y && y < vp_.y + vp_.h;
}

}  // namespace mbrl::gui
