#pragma once
// An offscreen framebuffer for exports: an RGBA8 colour renderbuffer and a depth/stencil one of
// a size of its own (the window's size and HiDPI scale do not matter), read back as top-down
// RGBA rows (media::Frame). Needs a current GL 3.3 context; one target per context.
//
//   OffscreenTarget fbo;
//   if (auto e = fbo.resize(960, 540); !e.empty()) return e;
//   fbo.bind();            // draws go here now (viewport 0, 0, 960, 540)
//   ... draw ...
//   fbo.read(frame);       // top-down RGBA8, 960 x 540
//   fbo.unbind();          // back to the framebuffer and viewport bound before
#include <string>

#include <epoxy/gl.h>

#include "media/frame.hpp"

namespace mbrl::gui {

class OffscreenTarget {
 public:
  OffscreenTarget() = default;
  ~OffscreenTarget();
  OffscreenTarget(const OffscreenTarget&) = delete;
  OffscreenTarget& operator=(const OffscreenTarget&) = delete;

  // (Re)allocates the buffers for w x h pixels. "" or one line (larger than the GL allows, or
  // the framebuffer is incomplete); the old buffers are kept on failure.
  std::string resize(int w, int h);
  int width() const { return w_; }
  int height() const { return h_; }

  // Binds it for drawing and reading with the viewport on it; unbind() restores the framebuffer
  // bindings and the viewport that were current at bind().
  void bind();
  void unbind();
  // Reads what was drawn (bound or not) into `out`: w x h, RGBA8, rows top-down, tightly packed.
  void read(media::Frame& out);

 private:
  void release();
  GLuint fbo_ = 0, color_ = 0, depth_ = 0;
  int w_ = 0, h_ = 0;
  bool bound_ = false;
  GLint prev_draw_ = 0, prev_read_ = 0, prev_viewport_[4] = {0, 0, 0, 0};
};

}  // namespace mbrl::gui
