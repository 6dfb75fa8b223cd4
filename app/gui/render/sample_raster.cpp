#include "app/gui/render/sample_raster.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mbrl::gui {

void rasterize_hairlines(const std::vector<FillVertex>& verts, const std::vector<int>& first,
                         const std::vector<int>& count, const RasterView& v, RasterImage& out) {
  out.view = v;
  const int w = std::max(1, v.w), h = std::max(1, v.h);
  std::vector<float> acc(size_t(w) * size_t(h) * 4, 0.f);  // premultiplied, float for exact blending
  auto blend = [&](int x, int y, const float c[4]) {
    if (unsigned(x) >= unsigned(w) || unsigned(y) >= unsigned(h)) return;
    float* d = acc.data() + (size_t(y) * size_t(w) + size_t(x)) * 4;
    const float k = 1.f - c[3];
    d[0] = c[0] + d[0] * k, d[1] = c[1] + d[1] * k, d[2] = c[2] + d[2] * k, d[3] = c[3] + d[3] * k;
  };
  for (size_t s = 0; s < first.size(); ++s) {
    const FillVertex* p = verts.data() + first[s];
    const int n = count[s];
    for (int i = 0; i + 1 < n; ++i) {
      const FillVertex& a = p[i];
      const FillVertex& b = p[i + 1];
      const float a_ = b.color[3] / 255.f;
      const float c[4] = {b.color[0] / 255.f * a_, b.color[1] / 255.f * a_, b.color[2] / 255.f * a_, a_};
      const float x0 = a.pos[0] * v.ppu + v.ox, y0 = a.pos[1] * v.ppu + v.oy;
      const float x1 = b.pos[0] * v.ppu + v.ox, y1 = b.pos[1] * v.ppu + v.oy;
      if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 >= w && x1 >= w) || (y0 >= h && y1 >= h)) continue;
      const float dx = x1 - x0, dy = y1 - y0;
      const int steps = std::min(4096, int(std::ceil(std::max(std::abs(dx), std::abs(dy)))));
      // The end pixel belongs to the next segment (no double blend at joints), except the last.
      const int last = (i + 2 == n) ? steps : steps - 1;
      if (steps == 0) {
        if (i + 2 == n) blend(int(x0), int(y0), c);
        continue;
      }
      const float sx = dx / float(steps), sy = dy / float(steps);
      for (int k = 0; k <= last; ++k)
        blend(int(std::floor(x0 + sx * float(k))), int(std::floor(y0 + sy * float(k))), c);
    }
  }
  out.rgba.resize(size_t(w) * size_t(h) * 4);
  // Rounded to nearest (+0.5 and truncation: a loop the compiler vectorises; lround per value
  // cost more than all the lines at 960x540).
  for (size_t i = 0; i < acc.size(); ++i) out.rgba[i] = uint8_t(std::min(std::max(acc[i], 0.f), 1.f) * 255.f + 0.5f);
}

SampleRasterizer::~SampleRasterizer() {
  if (job_.valid()) job_.wait();
}

void SampleRasterizer::start(const Batch& b, const RasterView& view, uint64_t key) {
  job_ =
      std::async(std::launch::async, [verts = b.lines(), first = b.strip_first(), count = b.strip_count(), view, key] {
        setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);  // yields to the window like planning
        RasterImage img;
        const auto t0 = std::chrono::steady_clock::now();
        rasterize_hairlines(verts, first, count, view, img);
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
