#include "app/gui/panels/param_widgets.hpp"

#include <cmath>
#include <string>

#include <imgui.h>

namespace mbrl::gui {

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

void item_tooltip(const char* text) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

namespace {
std::string tooltip_for(const ParamSet& s, int i) {
  const ParamInfo& in = s.infos[size_t(i)];
  ParamSet tmp;
  tmp.infos = {in};
  tmp.values = {in.def};
  return in.help + "\n\nRange " + s.range_string(i) + ", default " + tmp.value_string(0) +
         ". Ctrl+click a slider to type a value.";
}
}  // namespace

int param_widgets(ParamSet& set, const char* id) {
  int changed = -1;
  ImGui::PushID(id);
  const float label_w = ImGui::GetFontSize() * 8.5f;
  for (int i = 0; i < int(set.infos.size()); ++i) {
    const ParamInfo& in = set.infos[size_t(i)];
    double& v = set.values[size_t(i)];
    ImGui::PushID(i);
    const bool is_default = std::abs(v - in.def) <= 1e-9 * std::max(1.0, std::abs(in.def));
    // Label column on the left, widget filling the rest: reads like a form.
    ImGui::AlignTextToFramePadding();
    if (!is_default) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_CheckMark));
    ImGui::TextUnformatted(in.key.c_str());
    if (!is_default) ImGui::PopStyleColor();
    const std::string tip = tooltip_for(set, i);
    item_tooltip(tip.c_str());
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1.f);
    const bool log = in.log_scale || (in.lo > 0 && in.hi / std::max(in.lo, 1e-12) >= 1000.0);
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp | (log ? ImGuiSliderFlags_Logarithmic : 0);
    switch (in.kind) {
      case ParamKind::Float: {
        float f = float(v);
        const double span = in.hi - in.lo;
        const char* fmt =
            (std::abs(v) > 0 && std::abs(v) < 1e-2) || span < 0.1 ? "%.4g" : (span >= 100 ? "%.1f" : "%.3f");
        if (ImGui::SliderFloat("##v", &f, float(in.lo), float(in.hi), fmt, flags)) {
          v = f;
          changed = i;
        }
        break;
      }
      case ParamKind::Int: {
        int k = int(std::lround(v));
        if (ImGui::SliderInt("##v", &k, int(in.lo), int(in.hi), "%d", flags)) {
          v = k;
          changed = i;
        }
        break;
      }
      case ParamKind::Bool: {
        bool b = v != 0;
        if (ImGui::Checkbox("##v", &b)) {
          v = b ? 1 : 0;
          changed = i;
        }
        break;
      }
      case ParamKind::Choice: {
        int k = int(std::lround(v));
        const char* cur = k >= 0 && k < int(in.choices.size()) ? in.choices[size_t(k)].c_str() : "?";
        if (ImGui::BeginCombo("##v", cur)) {
          for (int c = 0; c < int(in.choices.size()); ++c) {
            if (ImGui::Selectable(in.choices[size_t(c)].c_str(), c == k)) {
              v = c;
              changed = i;
            }
          }
          ImGui::EndCombo();
        }
        break;
      }
    }
    item_tooltip(tip.c_str());
    ImGui::PopID();
  }
  ImGui::PopID();
  return changed;
}

}  // namespace mbrl::gui
