#version 330 core
// Filled convex polygons, triangulated on the CPU into a fan; edges are smoothed by an
// anti-aliased outline the renderer draws right after each polygon.
layout(location = 0) in vec2 a_pos;    // world
layout(location = 1) in vec4 a_color;  // straight alpha

uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_fb_size;

out vec4 v_color;

void main() {
  vec2 px = a_pos * u_scale + u_offset;
  v_color = a_color;
  gl_Position = vec4(px / u_fb_size * 2.0 - 1.0, 0.0, 1.0);
}
