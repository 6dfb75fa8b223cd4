#version 330 core
// A quad showing a cached layer texture (see renderer.hpp) over a rectangle of the window.
uniform vec4 u_rect;  // where the layer goes, in clip space: x0, y0, x1, y1
out vec2 v_uv;

void main() {
  int c = gl_VertexID % 6;
  vec2 q = vec2((c == 1 || c == 2 || c == 4) ? 1.0 : 0.0, (c == 2 || c == 4 || c == 5) ? 1.0 : 0.0);
  v_uv = q;
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, q), 0.0, 1.0);
}
