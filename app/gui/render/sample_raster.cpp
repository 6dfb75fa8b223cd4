#include "app/gui/render/sample_raster.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mbrl::gui {

bool clip_segment(double& x0, double& y0, double& x1, double& y1, double w, double h) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return false;
  // Liang-Barsky against [0, w] x [0, h].
  const double dx = x1 - x0, dy = y1 - y0;
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy}, q[4] = {x0, w - x0, y0, h - y0};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;  // parallel to this edge and outside it
      continue;
    }
    const double r = q[i] / p[i];
    if (p[i] < 0)
      t0 = std::max(t0, r);
    else
      t1 = std::min(t1, r);
    if (t0 > t1) return false;
  }
  // Only a clipped end moves (an end inside the image keeps its exact value).
  const double ax = x0, ay = y0;
  if (t0 > 0) x0 = ax + t0 * dx, y0 = ay + t0 * dy;
  if (t1 < 1) x1 = ax + t1 * dx, y1 = ay + t1 * dy;
  return true;
}

void rasterize_hairlines(const std::vector<FillVertex>& verts, const std::vector<int>& first,
                         const std::vector<int>& count, const RasterView& v, RasterImage& out,
                         const std::atomic<bool>* cancel) {
  out.view = v;
  const int w = std::max(1, v.w), h = std::max(1, v.h);
  std::vector<float> acc(size_t(w) * size_t(h) * 4, 0.f);  // premultiplied, float for exact blending
  auto blend = [&](int x, int y, const float c[4]) {
    if (unsigned(x) >= unsigned(w) || unsigned(y) >= unsigned(h)) return;
    float* d = acc.data() + (size_t(y) * size_t(w) + size_t(x)) * 4;
    const float k = 1.f - c[3];
    d[0] = c[0] + d[0] * k, d[1] = c[1] + d[1] * k, d[2] = c[2] + d[2] * k, d[3] = c[3] + d[3] * k;
  };
  const bool view_ok = std::isfinite(v.ppu) && std::isfinite(v.ox) && std::isfinite(v.oy);
  for (size_t s = 0; s < first.size() && view_ok; ++s) {
    if (cancel && cancel->load(std::memory_order_relaxed)) break;
    if (first[s] < 0 || count[s] < 0 || size_t(first[s]) + size_t(count[s]) > verts.size()) continue;
    const FillVertex* p = verts.data() + first[s];
    const int n = count[s];
    for (int i = 0; i + 1 < n; ++i) {
      const FillVertex& a = p[i];
      const FillVertex& b = p[i + 1];
      const float a_ = b.color[3] / 255.f;
      const float c[4] = {b.color[0] / 255.f * a_, b.color[1] / 255.f * a_, b.color[2] / 255.f * a_, a_};
      // In double and clipped to the image first: a NaN, infinite or far-away end would otherwise
      // make the pixel count below ceil(NaN) (about 2^31 iterations) or overflow an int.
      double x0 = double(a.pos[0]) * v.ppu + v.ox, y0 = double(a.pos[1]) * v.ppu + v.oy;
      double x1 = double(b.pos[0]) * v.ppu + v.ox, y1 = double(b.pos[1]) * v.ppu + v.oy;
      const bool last_segment = i + 2 == n;
      const double ex = x1, ey = y1;  // the unclipped end: its pixel is this segment's only when last
      if (!clip_segment(x0, y0, x1, y1, double(w), double(h))) continue;
      const bool owns_end = last_segment || ex != x1 || ey != y1;  // clipped: the next segment starts outside
      const double dx = x1 - x0, dy = y1 - y0;
      const int steps = int(std::ceil(std::max(std::abs(dx), std::abs(dy))));  // <= w + h after clipping
      // The end pixel belongs to the next segment (no double blend at joints), except the last.
      const int last = owns_end ? steps : steps - 1;
      if (steps == 0) {
        if (owns_end) blend(int(std::floor(x0)), int(std::floor(y0)), c);
        continue;
      }
      const double sx = dx / steps, sy = dy / steps;
      for (int k = 0; k <= last; ++k) blend(int(std::floor(x0 + sx * k)), int(std::floor(y0 + sy * k)), c);
    }
  }
  out.rgba.resize(size_t(w) * size_t(h) * 4);
  // Rounded to nearest (+0.5 and truncation: a loop the compiler vectorises; lround per value
  // cost more than all the lines at 960x540); unit_channel maps NaN to 0.
  for (size_t i = 0; i < acc.size(); ++i) out.rgba[i] = uint8_t(unit_channel(acc[i]) * 255.f + 0.5f);
}

SampleRasterizer::~SampleRasterizer() {
  cancel_.store(true);
  if (job_.valid()) job_.wait();
}

void SampleRasterizer::start(const Batch& b, const RasterView& view, uint64_t key) {
  job_ = std::async(std::launch::async, [verts = b.lines(), first = b.strip_first(), count = b.strip_count(), view, key,
                                         cancel = &cancel_] {
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);  // yields to the window like planning
    RasterImage img;
    const auto t0 = std::chrono::steady_clock::now();
    rasterize_hairlines(verts, first, count, view, img, cancel);
    img.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    img.key = key;
    return img;
  });
}

bool SampleRasterizer::poll(RasterImage& out) {
  if (!job_.valid() || job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  out = job_.get();
  return true;
}

}  // namespace mbrl::gui
