// The tree inspector's canvas: edges, nodes, highlights, labels and the legend, drawn with
// ImDrawList, level by level through the level-of-detail marks of tree_view.hpp.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "app/gui/tree/tree_parts.hpp"
#include "app/gui/tree/tree_style.hpp"

namespace mbrl::gui {

namespace {

ImU32 col(Rgba c) { return ImU32(pack_abgr(c)); }

// Screen pixels per mark bucket: nodes closer than this are merged.
constexpr float kBucketPx = 3.f;

struct Canvas {
  ImDrawList* dl;
  const MctsTrace& t;
  const TreeLayout& l;
  const TreeCamera& cam;
  TreeColors tc;
  ThemePalette pal;
  float font;
  int root_n;
  ImVec2 lo, hi;

  int depth(int i) const { return t.nodes[size_t(i)].depth - t.nodes[0].depth; }
  ImVec2 at(int i) const { return {cam.sx(l.x[size_t(i)]), cam.sy(float(depth(i)))}; }
  bool shown(int i) const { return i >= 0 && size_t(i) < l.visible.size() && l.visible[size_t(i)]; }
  float radius(int i) const {
    return node_radius_px(t.nodes[size_t(i)].visits, root_n, l.room[size_t(i)] * cam.zoom, cam.level_px, font);
  }
  float edge_width(int i) const {
    const float share = root_n > 0 ? float(t.nodes[size_t(i)].visits) / float(root_n) : 0.f;
    return (1.f + 3.5f * std::sqrt(std::clamp(share, 0.f, 1.f))) * font / 16.f;
  }
  bool on_screen(ImVec2 p, float m) const {
    return p.x >= lo.x - m && p.x <= hi.x + m && p.y >= lo.y - m && p.y <= hi.y + m;
  }
};

// Edges along a chain of nodes (each the parent of the next), skipping hidden ones.
void chain_edges(const Canvas& c, const int* nodes, int n, Rgba color, float width) {
  for (int k = 1; k < n; ++k) {
    const int a = nodes[k - 1], b = nodes[k];
    if (!c.shown(a) || !c.shown(b) || c.t.nodes[size_t(b)].parent != a) continue;
    c.dl->AddLine(c.at(a), c.at(b), col(color), width);
  }
}

void ring(const Canvas& c, int i, Rgba color, float gap, float width) {
  if (!c.shown(i)) return;
  c.dl->AddCircle(c.at(i), c.radius(i) + gap, col(color), 0, width);
}

void draw_legend(const Canvas& c, const TreeInspectorState& s, bool phase_on) {
  const float f = c.font, pad = 0.5f * f;
  char lo_s[32], hi_s[32];  // "<=" / ">=" when the colours clip Q values beyond the range
  std::snprintf(lo_s, sizeof lo_s, "%s%.3g", s.color_clipped_lo ? "<=" : "", double(s.color_lo));
  std::snprintf(hi_s, sizeof hi_s, "%s%.3g", s.color_clipped_hi ? ">=" : "", double(s.color_hi));
  struct Entry {
    const char* name;
    Rgba color;
  };
  Entry entries[4];
  int n = 0;
  if (s.show_best) entries[n++] = {"most-visited path (plan)", c.tc.best};
  if (s.show_last && c.t.paths() > 0) entries[n++] = {"last simulation", c.tc.last};
  if (phase_on) entries[n++] = {"touched by this phase", c.tc.phase};
  if (s.selected >= 0) entries[n++] = {"selected", c.tc.selected};
  const float bar_w = 9.f * f, line_h = 1.25f * f;
  float w = ImGui::CalcTextSize("Q = mean return").x;
  for (int k = 0; k < n; ++k) w = std::max(w, 2.2f * f + ImGui::CalcTextSize(entries[k].name).x);
  w = std::max(w, bar_w);
  const float h = line_h * 2.f + 0.8f * f + line_h * float(n);
  const ImVec2 p0{c.lo.x + pad, c.hi.y - pad - h - pad}, p1{p0.x + w + 2 * pad, c.hi.y - pad};
  c.dl->AddRectFilled(p0, p1, col(c.pal.panel.with_alpha(0.88f)), 0.3f * f);
  c.dl->AddRect(p0, p1, col(c.pal.grid), 0.3f * f);
  float y = p0.y + pad;
  c.dl->AddText({p0.x + pad, y}, col(c.pal.text), "Q = mean return");
  y += line_h;
  const int segs = 24;
  for (int k = 0; k < segs; ++k) {
    const float a = p0.x + pad + bar_w * float(k) / segs, b = p0.x + pad + bar_w * float(k + 1) / segs;
    c.dl->AddRectFilled({a, y}, {b + 0.5f, y + 0.8f * f}, col(viridis((float(k) + 0.5f) / segs)));
  }
  y += 0.8f * f;
  c.dl->AddText({p0.x + pad, y}, col(c.pal.text_dim), lo_s);
  c.dl->AddText({p0.x + pad + bar_w - ImGui::CalcTextSize(hi_s).x, y}, col(c.pal.text_dim), hi_s);
  y += line_h;
  for (int k = 0; k < n; ++k) {
    const float my = y + 0.5f * line_h;
    c.dl->AddLine({p0.x + pad, my}, {p0.x + pad + 1.6f * f, my}, col(entries[k].color), 0.22f * f);
    c.dl->AddText({p0.x + pad + 2.2f * f, y}, col(c.pal.text), entries[k].name);
    y += line_h;
  }
}

void tooltip(const MctsTrace& t, int i) {
  const MctsTraceNode& v = t.nodes[size_t(i)];
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(action_path(t, i, 8).c_str());
  ImGui::Text("N = %d   Q = %.4g   depth %d", v.visits, double(v.q), v.depth);
  if (v.parent >= 0) {
    const UcbTerms u = t.ucb(i);
    ImGui::Text("UCB = %.3g + %.3g = %.3g", double(u.exploit), double(u.explore), double(u.total()));
  }
  ImGui::TextDisabled("click for details");
  ImGui::EndTooltip();
}

}  // namespace

void draw_tree_canvas(TreeInspectorState& s, const MctsTrace& t, Theme theme, float w, float h) {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  w = std::max(w, 50.f), h = std::max(h, 50.f);
  ImGui::InvisibleButton("##tree_canvas", {w, h}, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  const TreeLayout& l = s.layout;
  TreeCamera& cam = s.camera;
  const float font = ImGui::GetFontSize(), pad = 1.6f * font;
  cam.ox = p0.x, cam.oy = p0.y;
  if (s.auto_fit) cam.fit(l, w, h, pad, 8.f * font);  // the legend sits below the deepest level

  // Interaction: drag pans, the wheel zooms about the cursor, a click (no drag) selects.
  if (active && !ImGui::IsItemActivated() && (io.MouseDelta.x != 0.f || io.MouseDelta.y != 0.f)) {  // grab, drag
    cam.pan(io.MouseDelta.x, io.MouseDelta.y);
    s.auto_fit = false;
  }
  if (hovered && io.MouseWheel != 0.f) {
    cam.zoom_about(io.MousePos.x, io.MousePos.y, std::pow(1.2f, io.MouseWheel), TreeCamera::min_zoom_for(l, w));
    s.auto_fit = false;
  }
  const float pick_tol = std::max(1.2f * font, 4.f);
  if (hovered && ImGui::IsMouseReleased(0) && io.MouseDragMaxDistanceSqr[0] < 9.f) {
    const int i = pick_node(l, cam, io.MousePos.x, io.MousePos.y, pick_tol);
    select_node(s, t, i);
  }

  Canvas c{ImGui::GetWindowDrawList(),
           t,
           l,
           cam,
           tree_colors(theme),
           palette(theme),
           font,
           std::max(t.nodes.empty() ? 0 : t.nodes[0].visits, 1),
           p0,
           {p0.x + w, p0.y + h}};
  ImDrawList* dl = c.dl;
  dl->PushClipRect(c.lo, c.hi, true);
  dl->AddRectFilled(c.lo, c.hi, col(c.pal.panel));
  s.drawn_marks = s.visited_nodes = 0;
  if (l.levels() <= 0) {
    dl->PopClipRect();
    return;
  }

  // Marks of the levels whose nodes or edges reach the canvas.
  const float margin = 2.f * font;
  const int d_lo = std::max(0, int(std::floor(cam.wd(c.lo.y - margin))));
  const int d_hi = std::min(l.levels() - 1, int(std::ceil(cam.wd(c.hi.y + margin))) + 1);
  s.marks.clear();
  static thread_local std::vector<int> level_end, visits;
  level_end.clear();
  for (int d = d_lo; d <= d_hi; ++d) {
    s.visited_nodes += level_marks(l, t.nodes, cam, d, c.lo.x - margin, c.hi.x + margin, kBucketPx, s.marks);
    level_end.push_back(int(s.marks.size()));
  }
  s.drawn_marks = int(s.marks.size());
  const bool merged = cam.zoom < kBucketPx;

  // Edges (ordinary), width by visits. Where nodes are merged, a level keeps only the edges of
  // its kMaxMergedEdges most visited marks: the main branches stay readable instead of a grey
  // wall of lines (which would also cost the software rasteriser many pixels).
  const ImU32 edge = col(c.tc.edge);
  constexpr int kMaxMergedEdges = 160;
  int begin = 0;
  for (const int end : level_end) {
    int min_visits = 0;
    if (merged && end - begin > kMaxMergedEdges) {
      visits.clear();
      for (int k = begin; k < end; ++k) visits.push_back(t.nodes[size_t(s.marks[size_t(k)].node)].visits);
      std::nth_element(visits.begin(), visits.begin() + (kMaxMergedEdges - 1), visits.end(), std::greater<int>());
      min_visits = visits[kMaxMergedEdges - 1];
    }
    for (int k = begin; k < end; ++k) {
      const TreeMark& m = s.marks[size_t(k)];
      const MctsTraceNode& v = t.nodes[size_t(m.node)];
      if (v.parent < 0 || v.visits < min_visits) continue;
      const ImVec2 a = c.at(v.parent), b{m.sx, cam.sy(float(c.depth(m.node)))};
      dl->AddLine(a, b, edge, merged ? 1.f : c.edge_width(m.node));
    }
    begin = end;
  }

  // Highlighted paths: best, last simulation, then what the last phase touched.
  const float hw = 0.28f * font;
  if (s.show_best && !t.best_path.empty()) chain_edges(c, t.best_path.data(), int(t.best_path.size()), c.tc.best, hw);
  if (s.show_last && t.paths() > 0) {
    const int k = t.paths() - 1, b = t.path_begin[size_t(k)], e = t.path_begin[size_t(k) + 1];
    chain_edges(c, t.path_nodes.data() + b, e - b, c.tc.last, 0.6f * hw);
  }
  const MctsPhaseRecord* phase = t.phases.empty() ? nullptr : &t.phases.back();
  if (phase && phase->nodes.size() > 1)
    chain_edges(c, phase->nodes.data(), int(phase->nodes.size()), c.tc.phase, 0.8f * hw);

  // Nodes: circles coloured by Q (points when tiny or merged).
  const ImU32 outline = col(c.tc.outline);
  for (const TreeMark& m : s.marks) {
    const MctsTraceNode& v = t.nodes[size_t(m.node)];
    const ImVec2 p{m.sx, cam.sy(float(c.depth(m.node)))};
    const ImU32 fill = col(q_color(v.q, s.color_lo, s.color_hi));
    if (merged && m.count > 1) {
      dl->AddRectFilled({p.x - 0.5f * kBucketPx, p.y - 1.5f}, {p.x + 0.5f * kBucketPx, p.y + 1.5f}, fill);
      continue;
    }
    const float r = c.radius(m.node);
    if (v.visits <= 0) {  // just expanded: no Q yet, drawn hollow
      dl->AddCircleFilled(p, std::max(r, 3.f), col(c.pal.panel));
      dl->AddCircle(p, std::max(r, 3.f), col(c.pal.text), 0, 1.5f);
      continue;
    }
    if (r < 2.5f) {
      dl->AddRectFilled({p.x - r, p.y - r}, {p.x + r, p.y + r}, fill);
      continue;
    }
    dl->AddCircleFilled(p, r, fill);
    dl->AddCircle(p, r, outline, 0, 1.f);
  }

  // Rings: the phase's nodes and the selection.
  if (phase)
    for (int i : phase->nodes) ring(c, i, c.tc.phase, 0.25f * font, 0.16f * font);
  ring(c, s.selected, c.tc.selected, 0.5f * font, 0.2f * font);

  // The default policy's rollout hangs under the leaf while the simulation phase is shown.
  if (phase && phase->phase == MctsPhase::Simulation && !phase->nodes.empty() && c.shown(phase->nodes[0])) {
    const ImVec2 a = c.at(phase->nodes[0]);
    const float len = std::max(2.5f * font, 0.8f * cam.level_px);
    for (float y = 0; y < len; y += 0.5f * font) {
      const float x1 = a.x + (int(y / (0.5f * font)) % 2 ? 0.3f : -0.3f) * font;
      const float x2 = a.x + (int(y / (0.5f * font)) % 2 ? -0.3f : 0.3f) * font;
      dl->AddLine({x1, a.y + c.radius(phase->nodes[0]) + y}, {x2, a.y + c.radius(phase->nodes[0]) + y + 0.5f * font},
                  col(c.tc.phase), 0.12f * font);
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "rollout: %d steps", int(t.last_rollout.cols()) - 1);
    dl->AddText({a.x + 0.8f * font, a.y + c.radius(phase->nodes[0]) + 0.4f * len}, col(c.tc.phase), buf);
  }

  // Labels where there is room: the action on each edge, N under each node, "+k hidden".
  if (!merged) {
    const bool tall = cam.level_px >= 2.f * font;
    float label_w = 0.f;  // one test for all labels, so a level shows all of them or none
    for (const std::string& a : t.action_labels) label_w = std::max(label_w, ImGui::CalcTextSize(a.c_str()).x);
    char buf[32];
    for (const TreeMark& m : s.marks) {
      const MctsTraceNode& v = t.nodes[size_t(m.node)];
      const ImVec2 p{m.sx, cam.sy(float(c.depth(m.node)))};
      if (!c.on_screen(p, 4.f * font)) continue;
      const float r = c.radius(m.node), room = 2.f * l.room[size_t(m.node)] * cam.zoom;
      if (s.show_labels && tall && v.parent >= 0) {
        const std::string& s_act = action_label(t, v.action);
        const ImVec2 ts = ImGui::CalcTextSize(s_act.c_str());
        if (0.6f * room >= label_w + 0.3f * font) {
          const ImVec2 a = c.at(v.parent);
          const ImVec2 q{a.x + (p.x - a.x) * 0.6f, a.y + (p.y - a.y) * 0.6f};
          dl->AddRectFilled({q.x - 0.5f * ts.x - 2, q.y - 0.5f * ts.y}, {q.x + 0.5f * ts.x + 2, q.y + 0.5f * ts.y},
                            col(c.pal.panel.with_alpha(0.85f)), 3.f);
          dl->AddText({q.x - 0.5f * ts.x, q.y - 0.5f * ts.y}, col(c.pal.text_dim), s_act.c_str());
        }
      }
      std::snprintf(buf, sizeof buf, "%d", v.visits);
      const ImVec2 ts = ImGui::CalcTextSize(buf);
      if (tall && room >= ts.x + 0.3f * font) {
        const ImVec2 q{p.x - 0.5f * ts.x, p.y + r + 0.1f * font};
        dl->AddRectFilled({q.x - 1, q.y}, {q.x + ts.x + 1, q.y + ts.y}, col(c.pal.panel.with_alpha(0.8f)), 2.f);
        dl->AddText(q, col(c.pal.text), buf);
      }
      if (l.hidden_below[size_t(m.node)] > 0) {  // "+k": descendants hidden by the prune threshold
        std::snprintf(buf, sizeof buf, "+%d", l.hidden_below[size_t(m.node)]);
        const float tw = ImGui::CalcTextSize(buf).x;
        if (0.5f * room >= r + 0.2f * font + tw)
          dl->AddText({p.x + r + 0.2f * font, p.y - 0.5f * font - 0.3f * r}, col(c.pal.text_dim), buf);
      }
    }
  }

  draw_legend(c, s, phase != nullptr);
  dl->PopClipRect();

  if (hovered && !active) {
    const int i = pick_node(l, cam, io.MousePos.x, io.MousePos.y, pick_tol);
    if (i >= 0) tooltip(t, i);
  }
}

}  // namespace mbrl::gui
