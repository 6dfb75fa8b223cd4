#include "app/gui/render/renderer.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "app/gui/render/shader.hpp"

namespace mbrl::gui {

GpuBatch::~GpuBatch() {
  if (shape_vbo_) glDeleteBuffers(1, &shape_vbo_);
  if (fill_vbo_) glDeleteBuffers(1, &fill_vbo_);
  if (shape_vao_) glDeleteVertexArrays(1, &shape_vao_);
  if (fill_vao_) glDeleteVertexArrays(1, &fill_vao_);
  if (line_vbo_) glDeleteBuffers(1, &line_vbo_);
  if (line_vao_) glDeleteVertexArrays(1, &line_vao_);
}

namespace {
// Uploads `data` into `vbo`, orphaning the old storage: the driver may still be drawing from it
// (llvmpipe would otherwise make this call wait for the previous frame's rasterisation).
template <class T>
void upload_buffer(GLuint vbo, const std::vector<T>& data, size_t& cap) {
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  if (data.size() > cap) cap = data.size() + data.size() / 2;
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(std::max<size_t>(cap, 1) * sizeof(T)), nullptr, GL_DYNAMIC_DRAW);
  if (!data.empty()) glBufferSubData(GL_ARRAY_BUFFER, 0, GLsizeiptr(data.size() * sizeof(T)), data.data());
}
}  // namespace

void GpuBatch::upload() {
  if (!shape_vao_) {
    glGenVertexArrays(1, &shape_vao_);
    glGenBuffers(1, &shape_vbo_);
    glGenVertexArrays(1, &fill_vao_);
    glGenBuffers(1, &fill_vbo_);
    glGenVertexArrays(1, &line_vao_);
    glGenBuffers(1, &line_vbo_);
  }
  upload_buffer(shape_vbo_, cpu.shapes(), shape_cap_);
  upload_buffer(fill_vbo_, cpu.fills(), fill_cap_);
  upload_buffer(line_vbo_, cpu.lines(), line_cap_);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  dirty_ = false;
}

Layer::~Layer() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
}

bool Layer::same_camera(const Camera& cam) const {
  const Viewport& vp = cam.viewport();
  const P2 o = cam.offset();
  return fbo_ && w_ == std::max(1, int(vp.w)) && h_ == std::max(1, int(vp.h)) && cam_[0] == cam.pixels_per_unit() &&
         cam_[1] == o.x() - vp.x && cam_[2] == o.y() - vp.y;
}

bool Layer::valid(uint64_t key, const Camera& cam) const { return key == key_ && same_camera(cam); }

Renderer::~Renderer() {
  if (shape_prog_) glDeleteProgram(shape_prog_);
  if (fill_prog_) glDeleteProgram(fill_prog_);
  if (composite_prog_) glDeleteProgram(composite_prog_);
  if (empty_vao_) glDeleteVertexArrays(1, &empty_vao_);
}

bool Renderer::init(std::string& err) {
  shape_prog_ = load_program("shape.vert", "shape.frag", err);
  if (!shape_prog_) return false;
  fill_prog_ = load_program("fill.vert", "fill.frag", err);
  if (!fill_prog_) return false;
  composite_prog_ = load_program("composite.vert", "composite.frag", err);
  if (!composite_prog_) return false;
  glGenVertexArrays(1, &empty_vao_);
  composite_rect_ = glGetUniformLocation(composite_prog_, "u_rect");
  const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const std::string renderer = r ? r : "";
  software_ = renderer.find("llvmpipe") != std::string::npos || renderer.find("softpipe") != std::string::npos ||
              renderer.find("Software") != std::string::npos;
  const char* names[3] = {"u_scale", "u_offset", "u_fb_size"};
  for (int i = 0; i < 3; ++i) {
    shape_u_[i] = glGetUniformLocation(shape_prog_, names[i]);
    fill_u_[i] = glGetUniformLocation(fill_prog_, names[i]);
  }
  return true;
}

void Renderer::clear_viewport(const Camera& cam, Color c) {
  const Viewport& vp = cam.viewport();
  glEnable(GL_SCISSOR_TEST);
  glScissor(GLint(vp.x), GLint(vp.y), GLsizei(vp.w), GLsizei(vp.h));
  glClearColor(c.r, c.g, c.b, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
}

void Renderer::set_uniforms(P2 s, P2 o, float fb_w, float fb_h) {
  for (GLuint prog : {shape_prog_, fill_prog_}) {
    const GLint* u = prog == shape_prog_ ? shape_u_ : fill_u_;
    glUseProgram(prog);
    glUniform2f(u[0], s.x(), s.y());
    glUniform2f(u[1], o.x(), o.y());
    glUniform2f(u[2], fb_w, fb_h);
  }
}

void Renderer::draw(GpuBatch& b, const Camera& cam, float fb_w, float fb_h) {
  if (b.cpu.empty()) return;
  if (b.dirty_) b.upload();
  const Viewport& vp = cam.viewport();
  glViewport(0, 0, GLsizei(fb_w), GLsizei(fb_h));
  glEnable(GL_SCISSOR_TEST);
  glScissor(GLint(vp.x), GLint(vp.y), GLsizei(vp.w), GLsizei(vp.h));
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  set_uniforms(cam.scale(), cam.offset(), fb_w, fb_h);
  draw_runs(b);
  glDisable(GL_SCISSOR_TEST);
}

void Renderer::render_layer(GpuBatch& b, Layer& layer, uint64_t key, const Camera& cam) {
  const Viewport& vp = cam.viewport();
  const int w = std::max(1, int(vp.w)), h = std::max(1, int(vp.h));
  GLint target = 0;  // the window's framebuffer, or an export's offscreen one: bound again at the end
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &target);
  if (b.dirty_) b.upload();
  if (!layer.fbo_ || layer.w_ != w || layer.h_ != h) {
    if (!layer.tex_) glGenTextures(1, &layer.tex_);
    glBindTexture(GL_TEXTURE_2D, layer.tex_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, 0);
    if (!layer.fbo_) glGenFramebuffers(1, &layer.fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, layer.fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, layer.tex_, 0);
    layer.w_ = w, layer.h_ = h;
  }
  const GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);  // a pane's clip is in window pixels, not layer ones
  glDisable(GL_SCISSOR_TEST);
  glBindFramebuffer(GL_FRAMEBUFFER, layer.fbo_);
  glViewport(0, 0, w, h);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_BLEND);
  // Colour blends as usual over transparent black (so it ends up premultiplied); alpha accumulates.
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  const P2 o = cam.offset() - P2(vp.x, vp.y);  // layer pixels start at the viewport corner
  set_uniforms(cam.scale(), o, float(w), float(h));
  if (!b.cpu.empty()) draw_runs(b);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
  if (scissor) glEnable(GL_SCISSOR_TEST);
  layer.key_ = key;
  layer.cam_[0] = cam.pixels_per_unit(), layer.cam_[1] = o.x(), layer.cam_[2] = o.y();
}

// Draws `tex` (premultiplied) over framebuffer pixels [x0, x1] x [y0, y1], clipped to the view.
void Renderer::draw_texture(GLuint tex, float x0, float y0, float x1, float y1, const Camera& cam, float fb_w,
                            float fb_h) {
  const Viewport& vp = cam.viewport();
  glViewport(0, 0, GLsizei(fb_w), GLsizei(fb_h));
  glEnable(GL_SCISSOR_TEST);
  glScissor(GLint(vp.x), GLint(vp.y), GLsizei(vp.w), GLsizei(vp.h));
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(composite_prog_);
  glUniform4f(composite_rect_, x0 / fb_w * 2.f - 1.f, y0 / fb_h * 2.f - 1.f, x1 / fb_w * 2.f - 1.f,
              y1 / fb_h * 2.f - 1.f);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, tex);
  glBindVertexArray(empty_vao_);
  glDrawArrays(GL_TRIANGLES, 0, 6);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

void Renderer::composite(const Layer& layer, const Camera& cam, float fb_w, float fb_h) {
  const Viewport& vp = cam.viewport();
  draw_texture(layer.tex_, vp.x, vp.y, vp.x + float(layer.w_), vp.y + float(layer.h_), cam, fb_w, fb_h);
}

ImageLayer::~ImageLayer() {
  if (tex) glDeleteTextures(1, &tex);
}

void Renderer::upload(ImageLayer& l, int w, int h, const uint8_t* rgba, float ppu, float ox, float oy, uint64_t key) {
  if (!l.tex) glGenTextures(1, &l.tex);
  glBindTexture(GL_TEXTURE_2D, l.tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (l.w != w || l.h != h) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  l.w = w, l.h = h, l.ppu = ppu, l.ox = ox, l.oy = oy, l.key = key, l.valid = true;
}

void Renderer::composite_image(const ImageLayer& l, const Camera& cam, float fb_w, float fb_h) {
  if (!l.valid) return;
  // Image corners -> world (with the camera it was made for) -> framebuffer (current camera).
  const P2 lo_w((0.f - l.ox) / l.ppu, (0.f - l.oy) / l.ppu);
  const P2 hi_w((float(l.w) - l.ox) / l.ppu, (float(l.h) - l.oy) / l.ppu);
  const P2 lo = lo_w * cam.pixels_per_unit() + cam.offset(), hi = hi_w * cam.pixels_per_unit() + cam.offset();
  draw_texture(l.tex, lo.x(), lo.y(), hi.x(), hi.y(), cam, fb_w, fb_h);
}

void Renderer::draw_cached(GpuBatch& b, LayerCache& c, uint64_t key, const Camera& cam, float fb_w, float fb_h) {
  Layer& front = c.layers[c.front];
  Layer& back = c.layers[1 - c.front];
  if (back.valid(key, cam)) {  // rendered last frame: show it from now on
    c.front = 1 - c.front;
    composite(back, cam, fb_w, fb_h);
  } else if (front.valid(key, cam)) {
    composite(front, cam, fb_w, fb_h);
  } else if (front.same_camera(cam)) {  // new content, same view: show the old picture one more frame
    render_layer(b, back, key, cam);
    composite(front, cam, fb_w, fb_h);
  } else {  // the view moved (pan, zoom, resize): draw directly; cache once it rests
    draw(b, cam, fb_w, fb_h);
    const P2 o = cam.offset();
    const Viewport& vp = cam.viewport();
    const float now[5] = {cam.pixels_per_unit(), o.x(), o.y(), vp.w, vp.h};
    if (std::equal(now, now + 5, c.last_cam)) render_layer(b, back, key, cam);
    std::copy(now, now + 5, c.last_cam);
  }
}

void Renderer::draw_runs(GpuBatch& b) {
  GLuint current = 0;
  for (const Batch::Run& r : b.cpu.runs()) {
    if (r.pipe != Batch::Pipe::Shape) {
      const bool fill = r.pipe == Batch::Pipe::Fill;
      if (current != fill_prog_) glUseProgram(current = fill_prog_);
      glBindVertexArray(fill ? b.fill_vao_ : b.line_vao_);
      glBindBuffer(GL_ARRAY_BUFFER, fill ? b.fill_vbo_ : b.line_vbo_);
      const size_t base = fill ? size_t(r.first) * sizeof(FillVertex) : 0;
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(FillVertex), (void*)(base + offsetof(FillVertex, pos)));
      glEnableVertexAttribArray(1);
      glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(FillVertex),
                            (void*)(base + offsetof(FillVertex, color)));
      if (fill)
        glDrawArrays(GL_TRIANGLES, 0, r.count);
      else
        glMultiDrawArrays(GL_LINE_STRIP, b.cpu.strip_first().data() + r.first, b.cpu.strip_count().data() + r.first,
                          r.count);
    } else {
      if (current != shape_prog_) glUseProgram(current = shape_prog_);
      glBindVertexArray(b.shape_vao_);
      glBindBuffer(GL_ARRAY_BUFFER, b.shape_vbo_);
      const size_t base = size_t(r.first) * sizeof(ShapeInstance);
      const GLsizei st = sizeof(ShapeInstance);
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, st, (void*)(base + offsetof(ShapeInstance, p0)));
      glEnableVertexAttribArray(1);
      glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, st, (void*)(base + offsetof(ShapeInstance, p1)));
      glEnableVertexAttribArray(2);
      glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, st, (void*)(base + offsetof(ShapeInstance, color)));
      glEnableVertexAttribArray(3);
      glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, st, (void*)(base + offsetof(ShapeInstance, shape)));
      for (GLuint i = 0; i < 4; ++i) glVertexAttribDivisor(i, 1);
      glDrawArraysInstanced(GL_TRIANGLES, 0, 6, r.count);
    }
  }
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glUseProgram(0);
}

}  // namespace mbrl::gui
