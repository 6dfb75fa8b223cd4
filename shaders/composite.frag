#version 330 core
// The layer holds premultiplied colour (rendered with separate alpha blending into a cleared
// transparent target); it is blended with ONE, ONE_MINUS_SRC_ALPHA.
in vec2 v_uv;
uniform sampler2D u_layer;
out vec4 frag;

void main() { frag = texture(u_layer, v_uv); }
