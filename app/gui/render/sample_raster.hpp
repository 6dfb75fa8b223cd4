#pragma once
// Many faint 1 px polylines rasterised on the CPU, off the frame loop: with ten thousand
// sampled trajectories (300k segments) llvmpipe's per-line setup costs more than walking the
// pixels ourselves. A job copies the hairline strips of a Batch and the camera; a helper
// thread turns them into a premultiplied RGBA8 image (row 0 at the bottom, GL's order) that
// the renderer uploads and composites. Same colours and order as the GL path.
#include <atomic>
#include <cstdint>
#include <future>
#include <vector>

#include "app/gui/render/batch.hpp"

namespace mbrl::gui {

struct RasterView {
  float ppu = 1;         // pixels per world unit
  float ox = 0, oy = 0;  // world -> image pixels: px = w * ppu + o
  int w = 1, h = 1;      // image size
};

struct RasterImage {
  RasterView view;
  uint64_t key = 0;
  double seconds = 0;         // how long the rasterisation took
  std::vector<uint8_t> rgba;  // w * h * 4, premultiplied
};

// Clips the segment (x0, y0)-(x1, y1) to [0, w] x [0, h] in place; false when nothing of it is
// inside or an end is not finite.
bool clip_segment(double& x0, double& y0, double& x1, double& y1, double w, double h);

// Rasterises the batch's hairline strips (other primitives are ignored). Each segment is clipped
// to the image before its pixels are walked, so the work per segment is at most w + h pixels
// whatever its coordinates (NaN or infinite ends draw nothing). `cancel` (optional) is checked
// before every strip: once set, the remaining strips are skipped.
void rasterize_hairlines(const std::vector<FillVertex>& verts, const std::vector<int>& first,
                         const std::vector<int>& count, const RasterView& view, RasterImage& out,
                         const std::atomic<bool>* cancel = nullptr);

// One job at a time on a helper thread; poll() hands back the finished image. Destroying it
// cancels a running job (the window's exit does not wait for a large picture).
class SampleRasterizer {
 public:
  ~SampleRasterizer();
  bool busy() const { return job_.valid(); }
  void start(const Batch& b, const RasterView& view, uint64_t key);
  // Moves a finished image into `out`; false while none is ready.
  bool poll(RasterImage& out);

 private:
  std::future<RasterImage> job_;
  std::atomic<bool> cancel_{false};
};

}  // namespace mbrl::gui
