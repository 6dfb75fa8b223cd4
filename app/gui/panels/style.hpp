#pragma once
// The ImGui look: a DejaVu Sans font re-rasterised at the UI scale (crisp on a projector, not
// a blown-up bitmap) and the dark / light "projector" themes built from colormap.hpp's palettes.
#include "app/gui/render/colormap.hpp"

namespace mbrl::gui {

// Rebuilds the font atlas at `scale` (base size 16 px) and re-uploads its texture. Call
// outside NewFrame/Render. Falls back to ImGui's built-in font when the TTF is missing.
void load_fonts(float scale);

// Sets ImGui's colours and sizes for the theme at the given scale.
void apply_style(Theme theme, float scale);

// The regular font's path (for messages).
const char* font_path();

}  // namespace mbrl::gui
