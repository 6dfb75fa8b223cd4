// The tree inspector's frame: toolbar (stepping controls, prune, fit, overlays), the caption of
// the last phase, the canvas and the side panel. Keeps the layout cached per trace.
//
// Wiring (the app owns the planner through its session; the inspector only returns commands):
//   Phase       if !mcts.searching(): mcts.begin(request from the current state);  mcts.step_phase();
//               mcts.snapshot(trace); publish the trace (bump its version)
//   Simulation  same begin rule; mcts.step_simulation(); snapshot; publish
//   Run         keep doing Simulation at TreeInspectorState::run_rate simulations per second
//   Pause       stop that
//   NewSearch   mcts.begin(request from the current state); snapshot; publish
// Stepping belongs with the MPC loop paused; a normal plan() replaces the stepped search.
#include "app/gui/tree/tree_inspector.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "app/gui/tree/tree_parts.hpp"
#include "app/gui/tree/tree_style.hpp"

namespace mbrl::gui {

namespace {

ImU32 col(Rgba c) { return ImU32(pack_abgr(c)); }

int phase_key(const MctsTrace& t) {
  if (t.phases.empty()) return 0;
  return t.phases.back().simulation * 4 + int(t.phases.back().phase) + 1;
}

// Relayout when the trace or the prune threshold changed; re-find the selection.
void sync(TreeInspectorState& s, const MctsTrace& t, const TreeInspectorContext& ctx) {
  const int root_n = t.nodes.empty() ? -1 : t.nodes[0].visits;
  const bool changed = ctx.trace_version >= 0 ? ctx.trace_version != s.laid_version
                                              : (&t != s.laid_trace || t.nodes.size() != s.laid_nodes ||
                                                 root_n != s.laid_root_visits || size_t(phase_key(t)) != s.laid_phases);
  if (!changed && s.min_visits == s.laid_min_visits) return;
  layout_tree(t.nodes, s.min_visits, s.layout);
  s.laid_trace = &t, s.laid_version = ctx.trace_version, s.laid_nodes = t.nodes.size();
  s.laid_root_visits = root_n, s.laid_min_visits = s.min_visits, s.laid_phases = size_t(phase_key(t));
  const QColorRange cr = q_color_range(t.nodes, s.layout.visible);
  s.color_lo = cr.lo, s.color_hi = cr.hi, s.color_clipped_lo = cr.clipped_lo, s.color_clipped_hi = cr.clipped_hi;
  if (!changed || s.selected < 0) return;
  const int u = node_by_actions(t, s.selected_actions);  // same action path, new trace
  s.selected = u;
  if (u < 0) s.selected_actions.clear();
}

bool button(const char* label, const char* help, bool enabled = true) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  if (help && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", help);
  return pressed && enabled;
}

TreeCommand toolbar(TreeInspectorState& s, const MctsTrace* t, const TreeInspectorContext& ctx) {
  TreeCommand cmd = TreeCommand::None;
  if (button("Phase", "Run ONE phase: selection, expansion, simulation or backpropagation", ctx.can_step))
    cmd = TreeCommand::Phase;
  ImGui::SameLine();
  if (button("Simulation", "Run the rest of this simulation (all four phases)", ctx.can_step))
    cmd = TreeCommand::Simulation;
  ImGui::SameLine();
  if (ctx.running) {
    if (button("Pause", "Stop running simulations")) cmd = TreeCommand::Pause;
  } else if (button("Run", "Run simulations continuously at the rate on the right", ctx.can_step)) {
    cmd = TreeCommand::Run;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(7.f * ImGui::GetFontSize());
  ImGui::SliderFloat("##rate", &s.run_rate, 1.f, 1000.f, "%.0f sims/s", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Simulations per second while running");
  ImGui::SameLine();
  if (button("New search", "Start a new search from the current state (an empty tree)", ctx.can_step))
    cmd = TreeCommand::NewSearch;
  ImGui::SameLine();
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  if (button("Fit", "Show the whole tree (also: double-click the canvas)")) s.auto_fit = true;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(8.f * ImGui::GetFontSize());
  const int max_n = t && !t->nodes.empty() ? std::max(t->nodes[0].visits, 1) : 1;
  int mv = s.min_visits;
  if (ImGui::SliderInt("min visits", &mv, 0, max_n, "%d", ImGuiSliderFlags_Logarithmic))
    s.min_visits = std::clamp(mv, 0, max_n);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide nodes visited fewer times (with their subtrees)");
  ImGui::SameLine();
  ImGui::Checkbox("labels", &s.show_labels);
  ImGui::SameLine();
  ImGui::Checkbox("best path", &s.show_best);
  ImGui::SameLine();
  ImGui::Checkbox("last simulation", &s.show_last);
  return cmd;
}

// The four phases as chips (the last one run filled) and its caption in a larger font.
void caption(const MctsTrace& t, Theme theme) {
  const ThemePalette& pal = palette(theme);
  const Rgba hl = tree_colors(theme).phase;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float f = ImGui::GetFontSize(), w = ImGui::GetContentRegionAvail().x;
  const MctsPhaseRecord* last = t.phases.empty() ? nullptr : &t.phases.back();
  ImVec2 p = ImGui::GetCursorScreenPos();
  for (int k = 0; k < 4; ++k) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d %s", k + 1, mcts_phase_name(MctsPhase(k)));
    const ImVec2 ts = ImGui::CalcTextSize(buf);
    const ImVec2 a{p.x, p.y}, b{p.x + ts.x + f, p.y + ts.y + 0.4f * f};
    const bool on = last && int(last->phase) == k;
    if (on)
      dl->AddRectFilled(a, b, col(hl), 0.4f * f);
    else
      dl->AddRect(a, b, col(pal.grid), 0.4f * f);
    dl->AddText({a.x + 0.5f * f, a.y + 0.2f * f}, col(on ? pal.panel : pal.text_dim), buf);
    p.x = b.x + 0.3f * f;
    if (k < 3) dl->AddText({p.x, a.y + 0.2f * f}, col(pal.text_dim), ">"), p.x += 0.9f * f;
  }
  char info[160];
  if (last)
    std::snprintf(info, sizeof info, "simulation %d of this search", last->simulation + 1);
  else
    std::snprintf(info, sizeof info, "full search: %d simulations in %.1f ms (rollouts %.0f%%)%s", t.simulations,
                  t.ms_total, t.ms_total > 0 ? 100.0 * t.ms_rollout / t.ms_total : 0.0,
                  t.reused ? ", tree reused from the last step" : "");
  dl->AddText({p.x + 0.6f * f, p.y + 0.2f * f}, col(pal.text_dim), info);
  ImGui::Dummy({w, f * 1.5f});
  const char* text = last ? last->caption.c_str()
                          : "Press Phase to step through one simulation: selection, expansion, simulation "
                            "(rollout), backpropagation.";
  const float size = 1.2f * f, wrap = std::max(w - 0.5f * f, 10.f);
  ImFont* font = ImGui::GetFont();
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, wrap, text);
  const ImVec2 q = ImGui::GetCursorScreenPos();
  dl->AddText(font, size, q, col(last ? pal.text : pal.text_dim), text, nullptr, wrap);
  ImGui::Dummy({w, ts.y + 0.3f * f});
}

}  // namespace

const char* tree_command_name(TreeCommand c) {
  switch (c) {
    case TreeCommand::None:
      return "none";
    case TreeCommand::Phase:
      return "phase";
    case TreeCommand::Simulation:
      return "simulation";
    case TreeCommand::Run:
      return "run";
    case TreeCommand::Pause:
      return "pause";
    case TreeCommand::NewSearch:
      return "new search";
  }
  return "?";
}

void select_node(TreeInspectorState& s, const MctsTrace& t, int i) {
  s.selected = i >= 0 && size_t(i) < t.nodes.size() ? i : -1;
  s.selected_actions = s.selected >= 0 ? actions_to(t, s.selected) : std::vector<int>{};
}

std::optional<Vec> selected_state(const TreeInspectorState& s, const MctsTrace* t) {
  if (!t || s.selected < 0 || s.selected >= int(t->states.cols()) || size_t(s.selected) >= t->nodes.size())
    return std::nullopt;
  return Vec(t->states.col(s.selected));
}

TreeCommand draw_tree_inspector(TreeInspectorState& s, const MctsTrace* t, const Theme& theme,
                                const TreeInspectorContext& ctx) {
  ImGui::PushID("mcts_tree_inspector");
  TreeCommand cmd = toolbar(s, t, ctx);
  if (!t || t->nodes.empty()) {
    ImGui::TextDisabled("No search tree yet: the planner has not planned (or is not MCTS). Phase starts a search.");
    ImGui::PopID();
    return cmd;
  }
  sync(s, *t, ctx);
  const TreeLayout& l = s.layout;
  ImGui::TextDisabled(
      "%d nodes shown, %d hidden (N < %d)  |  %d simulations  |  depth %d  |  %d B/node  |  "
      "drag: pan, wheel: zoom, click: inspect; under a node: its visits N; +k: k hidden below",
      l.visible_count, l.hidden_count, s.min_visits, t->simulations, l.depth, t->bytes_per_node);
  caption(*t, theme);

  const float f = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::clamp(0.33f * avail.x, 18.f * f, 30.f * f);
  const float canvas_w = std::max(avail.x - side - ImGui::GetStyle().ItemSpacing.x, 10.f * f);
  const float h = std::max(avail.y, 12.f * f);
  draw_tree_canvas(s, *t, theme, canvas_w, h);
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0)) s.auto_fit = true;
  ImGui::SameLine();
  ImGui::BeginChild("##tree_side", {0.f, h}, false);
  draw_root_visits(*t, theme, 11.f * f);
  ImGui::Separator();
  draw_node_details(s, *t, theme, ctx);
  ImGui::EndChild();
  ImGui::PopID();
  return cmd;
}

}  // namespace mbrl::gui
