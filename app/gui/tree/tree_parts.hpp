#pragma once
// Internal to the tree inspector: its parts, each drawn at the ImGui cursor.
#include "app/gui/tree/tree_inspector.hpp"

namespace mbrl::gui {

// The pan/zoom canvas (tree_canvas.cpp), `w` x `h` pixels. Clicks select nodes.
void draw_tree_canvas(TreeInspectorState& s, const MctsTrace& t, Theme theme, float w, float h);

// The selected node's numbers and its children's UCB terms (tree_details.cpp).
void draw_node_details(TreeInspectorState& s, const MctsTrace& t, Theme theme, const TreeInspectorContext& ctx);

// The root's visit distribution as a bar chart labelled by action (tree_details.cpp).
void draw_root_visits(const MctsTrace& t, Theme theme, float height);

// Selects trace node i (or none with -1), remembering its action path.
void select_node(TreeInspectorState& s, const MctsTrace& t, int i);

}  // namespace mbrl::gui
