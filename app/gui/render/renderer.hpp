#pragma once
// The world view's GL renderer: draws Batches (instanced anti-aliased shapes + filled polygons)
// with the programs from shaders/shape.* and shaders/fill.*. A GpuBatch keeps its buffers on
// the GPU and re-uploads only when marked dirty, so a trajectory overlay that changes once per
// plan costs one draw call per frame, not one upload.
#include <cstdint>
#include <string>

#include <epoxy/gl.h>

#include "app/gui/render/batch.hpp"
#include "app/gui/render/camera.hpp"

namespace mbrl::gui {

class GpuBatch {
 public:
  GpuBatch() = default;
  ~GpuBatch();
  GpuBatch(const GpuBatch&) = delete;
  GpuBatch& operator=(const GpuBatch&) = delete;

  Batch cpu;  // edit, then mark_dirty()
  void mark_dirty() { dirty_ = true; }
  bool dirty() const { return dirty_; }
  void mark_clean() { dirty_ = false; }  // the CPU data was consumed elsewhere (no upload needed)

 private:
  friend class Renderer;
  void upload();
  GLuint shape_vao_ = 0, shape_vbo_ = 0, fill_vao_ = 0, fill_vbo_ = 0, line_vao_ = 0, line_vbo_ = 0;
  size_t shape_cap_ = 0, fill_cap_ = 0, line_cap_ = 0;
  bool dirty_ = true;
};

// An offscreen copy of the world viewport (one texture + framebuffer).
class Layer {
 public:
  Layer() = default;
  ~Layer();
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;
  // True when the cached picture is for this key (and size): nothing to redraw.
  bool valid(uint64_t key, const Camera& cam) const;
  bool same_camera(const Camera& cam) const;

 private:
  friend class Renderer;
  GLuint fbo_ = 0, tex_ = 0;
  int w_ = 0, h_ = 0;
  uint64_t key_ = ~0ull;
  float cam_[4] = {0, 0, 0, 0};
};

// A batch that changes once per plan (thousands of sample segments) is rasterised offscreen
// only when it or the camera changed; every other frame costs one textured quad. Two layers:
// a new picture is rendered into the back one and shown from the next frame on, so the frame
// that renders it never waits for the rasteriser to finish it (llvmpipe would stall on reading
// a texture rendered in the same frame). While the camera moves, the batch is drawn directly.
struct LayerCache {
  Layer layers[2];
  int front = 0;
  float last_cam[5] = {0, 0, 0, 0, 0};  // the previous frame's camera, to see it resting
};

// A texture holding an image rasterised on the CPU (sample_raster.hpp) for a given camera;
// composited with the current camera, so a pan or zoom stretches it until the next one arrives.
struct ImageLayer {
  GLuint tex = 0;
  int w = 0, h = 0;
  float ppu = 1, ox = 0, oy = 0;  // the camera it was rasterised for (image pixels)
  uint64_t key = ~0ull;
  bool valid = false;
  ~ImageLayer();
};

class Renderer {
 public:
  ~Renderer();
  // Compiles the shaders; false with a message naming the file on failure.
  bool init(std::string& err);
  // True on a software rasteriser (Mesa llvmpipe / softpipe, e.g. under Xvfb), where per-line
  // setup is expensive and many faint lines are better rasterised on a helper thread.
  bool software() const { return software_; }
  // Draws into the camera's viewport (scissored), keeping the batch's run order.
  void draw(GpuBatch& b, const Camera& cam, float fb_w, float fb_h);
  // Draws `b` through `cache` (see LayerCache); `key` identifies the batch's content.
  void draw_cached(GpuBatch& b, LayerCache& cache, uint64_t key, const Camera& cam, float fb_w, float fb_h);
  void upload(ImageLayer& layer, int w, int h, const uint8_t* rgba, float ppu, float ox, float oy, uint64_t key);
  void composite_image(const ImageLayer& layer, const Camera& cam, float fb_w, float fb_h);
  // Clears the viewport to a colour.
  void clear_viewport(const Camera& cam, Color c);

 private:
  void set_uniforms(P2 scale, P2 offset, float fb_w, float fb_h);
  void render_layer(GpuBatch& b, Layer& layer, uint64_t key, const Camera& cam);
  void composite(const Layer& layer, const Camera& cam, float fb_w, float fb_h);
  void draw_runs(GpuBatch& b);
  GLuint shape_prog_ = 0, fill_prog_ = 0, composite_prog_ = 0, empty_vao_ = 0;
  bool software_ = false;
  GLint shape_u_[3] = {-1, -1, -1}, fill_u_[3] = {-1, -1, -1}, composite_rect_ = -1;
  void draw_texture(GLuint tex, float x0, float y0, float x1, float y1, const Camera& cam, float fb_w, float fb_h);
};

}  // namespace mbrl::gui
