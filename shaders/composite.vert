#version 330 core
// A quad covering the world viewport that shows a cached layer texture (see renderer.hpp).
out vec2 v_uv;

void main() {
  int c = gl_VertexID % 6;
  vec2 q = vec2((c == 1 || c == 2 || c == 4) ? 1.0 : 0.0, (c == 2 || c == 4 || c == 5) ? 1.0 : 0.0);
  v_uv = q;
  gl_Position = vec4(q * 2.0 - 1.0, 0.0, 1.0);
}
