#pragma once
// One ImGui widget per parameter of a ParamSet (slider, checkbox or combo), ranged by the
// parameter's own limits, with its help text, range and default as the tooltip.
#include "core/params.hpp"

namespace mbrl::gui {

// Draws the widgets; returns the index of the parameter the user changed this frame (the set
// holds its new value), or -1.
int param_widgets(ParamSet& set, const char* id);

// A small section title with a rule under it.
void section(const char* title);

// Tooltip for the last item when hovered (wrapped text).
void item_tooltip(const char* text);

}  // namespace mbrl::gui
