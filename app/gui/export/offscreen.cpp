#include "app/gui/export/offscreen.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace mbrl::gui {

OffscreenTarget::~OffscreenTarget() { release(); }

void OffscreenTarget::release() {
  if (bound_) unbind();
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (color_) glDeleteRenderbuffers(1, &color_);
  if (depth_) glDeleteRenderbuffers(1, &depth_);
  fbo_ = color_ = depth_ = 0;
  w_ = h_ = 0;
}

std::string OffscreenTarget::resize(int w, int h) {
  if (w == w_ && h == h_ && fbo_) return "";
  GLint max_rb = 0, max_dims[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_rb);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_dims);
  const int limit = std::min<int>(max_rb, std::min(max_dims[0], max_dims[1]));
  if (w < 1 || h < 1 || (limit > 0 && (w > limit || h > limit)))
    return "the picture size " + std::to_string(w) + "x" + std::to_string(h) + " is not possible here (at most " +
           std::to_string(limit) + " pixels a side)";
  GLint prev_draw = 0, prev_read = 0, prev_rb = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_draw);
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &prev_read);
  glGetIntegerv(GL_RENDERBUFFER_BINDING, &prev_rb);
  GLuint fbo = 0, color = 0, depth = 0;
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &color);
  glGenRenderbuffers(1, &depth);
  glBindRenderbuffer(GL_RENDERBUFFER, color);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindRenderbuffer(GL_RENDERBUFFER, depth);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, depth);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindRenderbuffer(GL_RENDERBUFFER, GLuint(prev_rb));
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(prev_draw));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(prev_read));
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    glDeleteFramebuffers(1, &fbo);
    glDeleteRenderbuffers(1, &color);
    glDeleteRenderbuffers(1, &depth);
    char code[16];
    std::snprintf(code, sizeof code, "0x%04x", unsigned(status));
    return "cannot make an offscreen framebuffer of " + std::to_string(w) + "x" + std::to_string(h) + " (status " +
           code + ")";
  }
  const bool was_bound = bound_;
  if (was_bound) unbind();
  release();
  fbo_ = fbo, color_ = color, depth_ = depth;
  w_ = w, h_ = h;
  if (was_bound) bind();
  return "";
}

void OffscreenTarget::bind() {
  if (!fbo_) return;
  if (!bound_) {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_draw_);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &prev_read_);
    glGetIntegerv(GL_VIEWPORT, prev_viewport_);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, w_, h_);
  bound_ = true;
}

void OffscreenTarget::unbind() {
  if (!bound_) return;
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(prev_draw_));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(prev_read_));
  glViewport(prev_viewport_[0], prev_viewport_[1], prev_viewport_[2], prev_viewport_[3]);
  bound_ = false;
}

void OffscreenTarget::read(media::Frame& out) {
  out.width = w_;
  out.height = h_;
  out.rgba.resize(size_t(w_) * size_t(h_) * 4);
  if (!fbo_) return;
  GLint prev_read = 0, prev_pack = 0, prev_pbo = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &prev_read);
  glGetIntegerv(GL_PACK_ALIGNMENT, &prev_pack);
  glGetIntegerv(GL_PIXEL_PACK_BUFFER_BINDING, &prev_pbo);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, out.rgba.data());
  glPixelStorei(GL_PACK_ALIGNMENT, prev_pack);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, GLuint(prev_pbo));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(prev_read));
  // GL's rows run bottom-up: swap them in place to top-down.
  const size_t row = size_t(w_) * 4;
  std::vector<uint8_t> tmp(row);
  for (int y = 0; y < h_ / 2; ++y) {
    uint8_t* a = out.rgba.data() + size_t(y) * row;
    uint8_t* b = out.rgba.data() + size_t(h_ - 1 - y) * row;
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
  // The app's frames are opaque; blending may have left alpha below 1 where it drew.
  for (size_t i = 3; i < out.rgba.size(); i += 4) out.rgba[i] = 255;
}

}  // namespace mbrl::gui
