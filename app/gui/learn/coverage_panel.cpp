// Dataset coverage (the lectures' distribution mismatch p_pi0 != p_pif made visible): the visited
// states in the slice of state dims 0 and 1, coloured by where they came from (random data,
// model-based episode k), over a heat map of the ensemble's disagreement on the same slice (viridis, log
// scale, CVD-safe). Drawn with ImDrawList: a grid of cells is not a Plot series.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/gui/learn/learn_panels.hpp"
#include "app/gui/panels/param_widgets.hpp"

namespace mbrl::gui {

namespace {
// Source colours: random data white (outlined: it must show on both ends of viridis, in either
// theme), then one Okabe-Ito colour per model-based episode (cycling).
Rgba source_color(int src, Theme theme) {
  if (src <= 0) return detail::hex(0xF4F4F4);
  return series_color(src - 1, theme);
}
}  // namespace

void coverage_view(const SessionView& v, UiState& ui) {
  const ModelEvaluation* ev = v.learn.eval.get();
  if (!ev || ev->coverage.grid == 0) {
    ImGui::TextDisabled("shown once the first model is trained");
    return;
  }
  const ModelEvaluation::Coverage& c = ev->coverage;
  const std::vector<std::string> names = v.env ? v.env->state_names() : std::vector<std::string>{};
  const char* xn = names.size() > 0 ? names[0].c_str() : "s[0]";
  const char* yn = names.size() > 1 ? names[1].c_str() : "s[1]";
  ImGui::TextUnformatted("Visited states over the ensemble's disagreement");
  const float fs = ImGui::GetFontSize();
  const float w = ImGui::GetContentRegionAvail().x - fs * 4.4f;
  const float h = std::min(w, fs * 14.f);
  const ImVec2 cur = ImGui::GetCursorScreenPos();
  const ImVec2 o(cur.x + fs * 4.2f, cur.y);  // plot area's top-left (labels to its left)
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Heat map: log10 variance mapped over its range on the slice.
  const int G = c.grid;
  float lo = 1e30f, hi = -1e30f;
  for (float x : c.variance) {
    const float l = std::log10(std::max(x, 1e-12f));
    lo = std::min(lo, l), hi = std::max(hi, l);
  }
  const float span = std::max(hi - lo, 1e-6f);
  for (int j = 0; j < G; ++j)
    for (int i = 0; i < G; ++i) {
      const float l = std::log10(std::max(c.variance[size_t(j * G + i)], 1e-12f));
      const float x0 = o.x + w * float(i) / float(G), x1 = o.x + w * float(i + 1) / float(G);
      const float y1 = o.y + h * (1.f - float(j) / float(G)), y0 = o.y + h * (1.f - float(j + 1) / float(G));
      dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1 + 0.5f, y1 + 0.5f), pack_abgr(viridis((l - lo) / span)));
    }
  // Training data over it, oldest first (the newest on top).
  const float r = std::max(1.5f, fs * 0.13f);
  for (size_t q = 0; q < c.px.size(); ++q) {
    const float x = o.x + w * (c.px[q] - c.x0) / (c.x1 - c.x0);
    const float y = o.y + h * (1.f - (c.py[q] - c.y0) / (c.y1 - c.y0));
    dl->AddCircleFilled(ImVec2(x, y), r + 0.8f, IM_COL32(0, 0, 0, 160), 8);
    dl->AddCircleFilled(ImVec2(x, y), r, pack_abgr(source_color(c.source[q], ui.theme)), 8);
  }
  const ImU32 axis = pack_abgr(palette(ui.theme).axis), text = pack_abgr(palette(ui.theme).text_dim);
  dl->AddRect(o, ImVec2(o.x + w, o.y + h), axis);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", double(c.y1));
  dl->AddText(ImVec2(cur.x, o.y), text, buf);
  std::snprintf(buf, sizeof buf, "%.3g", double(c.y0));
  dl->AddText(ImVec2(cur.x, o.y + h - fs), text, buf);
  dl->AddText(ImVec2(cur.x, o.y + h * 0.5f - fs * 0.5f), text, yn);
  std::snprintf(buf, sizeof buf, "%.3g", double(c.x0));
  dl->AddText(ImVec2(o.x, o.y + h + 2.f), text, buf);
  std::snprintf(buf, sizeof buf, "%.3g", double(c.x1));
  dl->AddText(ImVec2(o.x + w - ImGui::CalcTextSize(buf).x, o.y + h + 2.f), text, buf);
  dl->AddText(ImVec2(o.x + w * 0.5f - ImGui::CalcTextSize(xn).x * 0.5f, o.y + h + 2.f), text, xn);
  ImGui::Dummy(ImVec2(w + fs * 4.2f, h + fs * 1.4f));
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float fx = (m.x - o.x) / w, fy = 1.f - (m.y - o.y) / h;
    if (fx >= 0 && fx < 1 && fy >= 0 && fy < 1) {
      const int i = std::min(G - 1, int(fx * float(G))), j = std::min(G - 1, int(fy * float(G)));
      ImGui::SetTooltip("%s = %.3g, %s = %.3g\ndisagreement %.3g (variance across members)", xn,
                        double(c.x0 + fx * (c.x1 - c.x0)), yn, double(c.y0 + fy * (c.y1 - c.y0)),
                        double(c.variance[size_t(j * G + i)]));
    }
  }
  // Key: the colour bar and the sources.
  {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bw = fs * 6.f, bh = fs * 0.6f;
    for (int k = 0; k < 24; ++k)
      dl->AddRectFilled(ImVec2(p.x + bw * float(k) / 24.f, p.y + fs * 0.2f),
                        ImVec2(p.x + bw * float(k + 1) / 24.f + 0.5f, p.y + fs * 0.2f + bh),
                        pack_abgr(viridis(float(k) / 23.f)));
    ImGui::Dummy(ImVec2(bw, fs));
    ImGui::SameLine();
    ImGui::TextDisabled("members agree -> disagree (log)");
  }
  int max_src = 0;
  for (int s : c.source) max_src = std::max(max_src, s);
  auto swatch = [&](int src, const char* label) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddCircleFilled(ImVec2(p.x + fs * 0.4f, p.y + fs * 0.55f), fs * 0.3f + 1.f, IM_COL32(0, 0, 0, 200));
    dl->AddCircleFilled(ImVec2(p.x + fs * 0.4f, p.y + fs * 0.55f), fs * 0.3f, pack_abgr(source_color(src, ui.theme)));
    ImGui::Dummy(ImVec2(fs * 0.9f, fs));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
  };
  swatch(0, "random data (pi_0)");
  const int shown = std::min(max_src, 8);
  for (int s = 1; s <= shown; ++s) {
    ImGui::SameLine();
    std::snprintf(buf, sizeof buf, "ep %d%s", s, s == 8 && max_src > 8 ? "+" : "");
    swatch(s, buf);
  }
  char note[256];
  std::snprintf(
      note, sizeof note,
      "Slice: %s and %s%s, as of model v%d. ep k: steps of model-based episode k (planned through the model).", xn, yn,
      names.size() > 2 ? " (other state dims at their data mean)" : "", ev->version);
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextDisabled("%s", note);
  ImGui::PopTextWrapPos();
}

}  // namespace mbrl::gui
