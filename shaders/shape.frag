#version 330 core
// Distance-based coverage for the shapes expanded by shape.vert (1 px feathered edge).
flat in vec2 v_a;
flat in vec2 v_b;
flat in vec4 v_color;
flat in vec3 v_shape;
in vec2 v_px;
out vec4 frag;

void main() {
  float half_w = v_shape.x, radius = v_shape.y, kind = v_shape.z;
  float coverage;
  if (kind < 0.5) {  // capsule segment
    vec2 ab = v_b - v_a;
    float h = clamp(dot(v_px - v_a, ab) / max(dot(ab, ab), 1e-6), 0.0, 1.0);
    float d = length(v_px - v_a - ab * h);
    coverage = clamp(half_w - d + 0.5, 0.0, 1.0);
  } else if (kind < 1.5) {  // ring
    float d = abs(length(v_px - v_a) - radius);
    coverage = clamp(half_w - d + 0.5, 0.0, 1.0);
  } else {  // disk (world radius) or point (pixel radius)
    float d = length(v_px - v_a);
    coverage = clamp(radius - d + 0.5, 0.0, 1.0);
  }
  if (coverage <= 0.0) discard;
  frag = vec4(v_color.rgb, v_color.a * coverage);
}
