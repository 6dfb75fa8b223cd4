#pragma once
// The world view's GL renderer: draws Batches (instanced anti-aliased shapes + filled polygons)
// with the programs from shaders/shape.* and shaders/fill.*. A GpuBatch keeps its buffers on
// the GPU and re-uploads only when marked dirty, so a trajectory overlay that changes once per
// plan costs one draw call per frame, not one upload.
#include <string>

#include <epoxy/gl.h>

#include "app/gui/batch.hpp"
#include "app/gui/camera.hpp"

namespace mbrl::gui {

class GpuBatch {
 public:
  GpuBatch() = default;
  ~GpuBatch();
  GpuBatch(const GpuBatch&) = delete;
  GpuBatch& operator=(const GpuBatch&) = delete;

  Batch cpu;                 // edit, then mark_dirty()
  void mark_dirty() { dirty_ = true; }

 private:
  friend class Renderer;
  void upload();
  GLuint shape_vao_ = 0, shape_vbo_ = 0, fill_vao_ = 0, fill_vbo_ = 0;
  size_t shape_cap_ = 0, fill_cap_ = 0;
  bool dirty_ = true;
};

class Renderer {
 public:
  ~Renderer();
  // Compiles the shaders; false with a message naming the file on failure.
  bool init(std::string& err);
  // Draws into the camera's viewport (scissored), keeping the batch's run order.
  void draw(GpuBatch& b, const Camera& cam, float fb_w, float fb_h);
  // Clears the viewport to a colour.
  void clear_viewport(const Camera& cam, Color c);

 private:
  GLuint shape_prog_ = 0, fill_prog_ = 0;
  GLint shape_u_[3] = {-1, -1, -1}, fill_u_[3] = {-1, -1, -1};
};

}  // namespace mbrl::gui
