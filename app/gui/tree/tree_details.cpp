// The tree inspector's side panel: the selected node (N, Q, the UCB score written out as the
// formula with its numbers, its children's terms, its state) and the root's visit distribution.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "app/gui/tree/tree_parts.hpp"
#include "app/gui/tree/tree_style.hpp"
#include "app/gui/plots/plot.hpp"

namespace mbrl::gui {

namespace {

ImVec4 vec4(Rgba c) { return {c.r, c.g, c.b, c.a}; }

// The Q range the exploitation term of node i is scaled by (as MctsTrace::ucb does).
void q_range(const MctsTrace& t, int i, float& lo, float& hi) {
  lo = t.q_lo, hi = t.q_hi;
  if (!t.sibling_range) return;
  const MctsTraceNode& p = t.nodes[size_t(t.nodes[size_t(i)].parent)];
  lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (int j = p.first_child; j < p.first_child + p.child_count; ++j)
    if (t.nodes[size_t(j)].visits > 0) lo = std::min(lo, t.nodes[size_t(j)].q), hi = std::max(hi, t.nodes[size_t(j)].q);
}

void ucb_lines(const MctsTrace& t, int i, Theme theme) {
  const MctsTraceNode& v = t.nodes[size_t(i)];
  const MctsTraceNode& p = t.nodes[size_t(v.parent)];
  const UcbTerms u = t.ucb(i);
  const ThemePalette& pal = palette(theme);
  ImGui::TextColored(vec4(pal.text_dim), "UCB score = exploitation + exploration");
  if (t.normalized) {
    float lo = 0, hi = 0;
    q_range(t, i, lo, hi);
    ImGui::TextWrapped("exploitation  (Q - lo) / (hi - lo) = (%.4g - %.4g) / (%.4g - %.4g) = %.3f", double(v.q),
                       double(lo), double(hi), double(lo), double(u.exploit));
    ImGui::TextColored(vec4(pal.text_dim), "  (lo, hi: Q range of %s)",
                       t.sibling_range ? "its siblings" : "this search");
  } else {
    ImGui::Text("exploitation  Q = %.4g", double(u.exploit));
  }
  if (v.visits <= 0) {
    ImGui::TextWrapped("exploration   c sqrt(ln %d / 0) = +inf: unvisited children are tried first", p.visits);
    return;
  }
  ImGui::TextWrapped("exploration   c sqrt(ln N_parent / N) = %.3g * sqrt(ln %d / %d) = %.3f", double(t.c), p.visits,
                     v.visits, double(u.explore));
  int rank = 1, siblings = 0;
  for (int j = p.first_child; j < p.first_child + p.child_count; ++j, ++siblings)
    if (j != i && t.ucb(j).total() > u.total()) ++rank;
  ImGui::Text("UCB = %.3f + %.3f = %.3f", double(u.exploit), double(u.explore), double(u.total()));
  ImGui::TextColored(vec4(pal.text_dim), "rank %d of %d siblings (selection takes the highest)", rank, siblings);
}

void children_table(TreeInspectorState& s, const MctsTrace& t, int i, Theme theme) {
  const MctsTraceNode& v = t.nodes[size_t(i)];
  if (v.child_count <= 0) {
    ImGui::TextDisabled("no children expanded yet");
    return;
  }
  int best = -1;
  for (int j = v.first_child; j < v.first_child + v.child_count; ++j)
    if (best < 0 || t.ucb(j).total() > t.ucb(best).total()) best = j;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##children", 6, flags)) return;
  for (const char* h : {"action", "N", "Q", "exploit", "explore", "UCB"}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  const Rgba hl = tree_colors(theme).phase;
  char buf[32];
  for (int j = v.first_child; j < v.first_child + v.child_count; ++j) {
    const MctsTraceNode& c = t.nodes[size_t(j)];
    const UcbTerms u = t.ucb(j);
    ImGui::PushID(j);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(action_label(t, c.action).c_str(), s.selected == j, ImGuiSelectableFlags_SpanAllColumns))
      select_node(s, t, j);
    ImGui::TableNextColumn();
    ImGui::Text("%d", c.visits);
    ImGui::TableNextColumn();
    ImGui::Text("%.3g", double(c.q));
    ImGui::TableNextColumn();
    ImGui::Text("%.3f", double(u.exploit));
    ImGui::TableNextColumn();
    if (std::isinf(u.explore))
      ImGui::TextUnformatted("inf");
    else
      ImGui::Text("%.3f", double(u.explore));
    ImGui::TableNextColumn();
    std::snprintf(buf, sizeof buf, std::isinf(u.total()) ? "inf" : "%.3f", double(u.total()));
    if (j == best)
      ImGui::TextColored(vec4(hl), "%s <", buf);
    else
      ImGui::TextUnformatted(buf);
    ImGui::PopID();
  }
  ImGui::EndTable();
  ImGui::TextColored(vec4(palette(theme).text_dim), "<  the child selection would take next");
}

}  // namespace

void draw_node_details(TreeInspectorState& s, const MctsTrace& t, Theme theme, const TreeInspectorContext& ctx) {
  const ThemePalette& pal = palette(theme);
  if (s.selected < 0 || size_t(s.selected) >= t.nodes.size()) {
    ImGui::TextColored(vec4(pal.text_dim), "Click a node to inspect it.");
    return;
  }
  const int i = s.selected;
  const MctsTraceNode& v = t.nodes[size_t(i)];
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(action_path(t, i).c_str());
  ImGui::PopTextWrapPos();
  if (v.parent >= 0) {
    const int pn = t.nodes[size_t(v.parent)].visits;
    ImGui::Text("depth %d   N = %d (%.0f%% of the parent's %d)", v.depth, v.visits,
                pn > 0 ? 100.0 * v.visits / pn : 0.0, pn);
  } else {
    ImGui::Text("depth %d   N = %d (the root: one visit per simulation)", v.depth, v.visits);
  }
  ImGui::Text("Q = %.4g  (mean discounted return; higher is better)", double(v.q));
  ImGui::Separator();
  if (v.parent >= 0)
    ucb_lines(t, i, theme);
  else
    ImGui::TextColored(vec4(pal.text_dim), "The root has no UCB score; its children compete:");
  ImGui::Separator();
  children_table(s, t, i, theme);
  if (t.states.cols() > i && t.states.rows() > 0) {
    ImGui::Separator();
    ImGui::TextColored(vec4(pal.text_dim), "state at this node (last simulation through it):");
    for (int k = 0; k < int(t.states.rows()); ++k) {
      const bool named = ctx.state_names && k < int(ctx.state_names->size());
      if (named)
        ImGui::Text("  %s = %.4g", (*ctx.state_names)[size_t(k)].c_str(), double(t.states(k, i)));
      else
        ImGui::Text("  x%d = %.4g", k, double(t.states(k, i)));
    }
  }
}

void draw_root_visits(const MctsTrace& t, Theme theme, float height) {
  const int A = std::max(int(t.action_labels.size()), int(t.action_set.cols()));
  Plot p("##mcts_root_visits", theme, height);
  p.title("Root visits per action").x_label("action").y_label("N").x_integer().include_y(0.0);
  p.empty_message("no simulations yet");
  if (!t.nodes.empty() && A > 0) {
    std::vector<float> n(size_t(A), 0.f);
    const MctsTraceNode& r = t.nodes[0];
    for (int j = r.first_child; j >= 0 && j < r.first_child + r.child_count; ++j) {
      const int a = t.nodes[size_t(j)].action;
      if (a >= 0 && a < A) n[size_t(a)] = float(t.nodes[size_t(j)].visits);
    }
    p.x_range(-0.6, A - 0.4);
    for (int a = 0; a < A; ++a) {
      const float x = float(a);
      p.bars(action_label(t, a).c_str(), &x, &n[size_t(a)], 1, 0.7f, series_color(a, theme));
    }
  }
  p.draw();
}

}  // namespace mbrl::gui
