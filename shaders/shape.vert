#version 330 core
// Instanced anti-aliased shapes: each instance is a capsule segment, a circle ring, a disk or a
// screen-size point. The vertex shader expands a quad around the shape in pixel space (with a
// feather margin); the fragment shader computes the distance to the shape and fades the edge.
layout(location = 0) in vec2 a_p0;      // world: segment start / circle centre
layout(location = 1) in vec2 a_p1;      // world: segment end (unused for circles)
layout(location = 2) in vec4 a_color;   // straight alpha
layout(location = 3) in vec4 a_shape;   // x: width px, y: radius (world; px for points), z: kind

uniform vec2 u_scale;     // world -> pixel scale (x, y)
uniform vec2 u_offset;    // world -> pixel offset (pixels, origin bottom-left of framebuffer)
uniform vec2 u_fb_size;   // framebuffer size in pixels

flat out vec2 v_a;
flat out vec2 v_b;
flat out vec4 v_color;
flat out vec3 v_shape;    // half width px, radius px, kind
out vec2 v_px;

const float FEATHER = 1.0;

void main() {
  int corner = gl_VertexID % 6;
  // Two triangles: (0,0) (1,0) (1,1)  (0,0) (1,1) (0,1)
  vec2 q = vec2((corner == 1 || corner == 2 || corner == 4) ? 1.0 : 0.0,
                (corner == 2 || corner == 4 || corner == 5) ? 1.0 : 0.0);
  vec2 a = a_p0 * u_scale + u_offset;
  vec2 b = a_p1 * u_scale + u_offset;
  float kind = a_shape.z;
  float w = max(a_shape.x, 1.0);
  float alpha_scale = min(a_shape.x, 1.0);  // sub-pixel lines: 1 px wide, fainter
  float half_w = 0.5 * w;
  float radius = kind < 2.5 ? a_shape.y * abs(u_scale.x) : a_shape.y;
  vec2 px;
  if (kind < 0.5) {
    vec2 d = b - a;
    float len = length(d);
    vec2 u = len > 1e-4 ? d / len : vec2(1.0, 0.0);
    vec2 n = vec2(-u.y, u.x);
    float m = half_w + FEATHER;
    px = mix(a - u * m, b + u * m, q.x) + n * mix(-m, m, q.y);
  } else {
    float ext = (kind < 1.5 ? radius + half_w : radius) + FEATHER;
    px = a + vec2(mix(-ext, ext, q.x), mix(-ext, ext, q.y));
  }
  v_a = a;
  v_b = b;
  v_color = vec4(a_color.rgb, a_color.a * (kind < 1.5 ? alpha_scale : 1.0));
  v_shape = vec3(half_w, radius, kind);
  v_px = px;
  gl_Position = vec4(px / u_fb_size * 2.0 - 1.0, 0.0, 1.0);
}
