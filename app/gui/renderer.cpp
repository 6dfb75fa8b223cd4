#include "app/gui/renderer.hpp"

#include <cstddef>

#include "app/gui/shader.hpp"

namespace mbrl::gui {

GpuBatch::~GpuBatch() {
  if (shape_vbo_) glDeleteBuffers(1, &shape_vbo_);
  if (fill_vbo_) glDeleteBuffers(1, &fill_vbo_);
  if (shape_vao_) glDeleteVertexArrays(1, &shape_vao_);
  if (fill_vao_) glDeleteVertexArrays(1, &fill_vao_);
}

void GpuBatch::upload() {
  if (!shape_vao_) {
    glGenVertexArrays(1, &shape_vao_);
    glGenBuffers(1, &shape_vbo_);
    glGenVertexArrays(1, &fill_vao_);
    glGenBuffers(1, &fill_vbo_);
  }
  const auto& shapes = cpu.shapes();
  const auto& fills = cpu.fills();
  glBindBuffer(GL_ARRAY_BUFFER, shape_vbo_);
  if (shapes.size() > shape_cap_) {
    shape_cap_ = shapes.size() + shapes.size() / 2;
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(shape_cap_ * sizeof(ShapeInstance)), nullptr, GL_DYNAMIC_DRAW);
  }
  if (!shapes.empty())
    glBufferSubData(GL_ARRAY_BUFFER, 0, GLsizeiptr(shapes.size() * sizeof(ShapeInstance)), shapes.data());
  glBindBuffer(GL_ARRAY_BUFFER, fill_vbo_);
  if (fills.size() > fill_cap_) {
    fill_cap_ = fills.size() + fills.size() / 2;
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(fill_cap_ * sizeof(FillVertex)), nullptr, GL_DYNAMIC_DRAW);
  }
  if (!fills.empty())
    glBufferSubData(GL_ARRAY_BUFFER, 0, GLsizeiptr(fills.size() * sizeof(FillVertex)), fills.data());
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  dirty_ = false;
}

Renderer::~Renderer() {
  if (shape_prog_) glDeleteProgram(shape_prog_);
  if (fill_prog_) glDeleteProgram(fill_prog_);
}

bool Renderer::init(std::string& err) {
  shape_prog_ = load_program("shape.vert", "shape.frag", err);
  if (!shape_prog_) return false;
  fill_prog_ = load_program("fill.vert", "fill.frag", err);
  if (!fill_prog_) return false;
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
  const P2 s = cam.scale(), o = cam.offset();
  for (GLuint prog : {shape_prog_, fill_prog_}) {
    const GLint* u = prog == shape_prog_ ? shape_u_ : fill_u_;
    glUseProgram(prog);
    glUniform2f(u[0], s.x(), s.y());
    glUniform2f(u[1], o.x(), o.y());
    glUniform2f(u[2], fb_w, fb_h);
  }
  GLuint current = 0;
  for (const Batch::Run& r : b.cpu.runs()) {
    if (r.fill) {
      if (current != fill_prog_) glUseProgram(current = fill_prog_);
      glBindVertexArray(b.fill_vao_);
      glBindBuffer(GL_ARRAY_BUFFER, b.fill_vbo_);
      const size_t base = size_t(r.first) * sizeof(FillVertex);
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(FillVertex), (void*)(base + offsetof(FillVertex, pos)));
      glEnableVertexAttribArray(1);
      glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(FillVertex), (void*)(base + offsetof(FillVertex, color)));
      glDrawArrays(GL_TRIANGLES, 0, r.count);
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
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace mbrl::gui
