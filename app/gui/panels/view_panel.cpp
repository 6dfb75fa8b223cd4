// The view panel: theme, UI scale, line widths (the classroom settings).
#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"

namespace mbrl::gui {

void view_panel(UiState& ui) {
  int theme = ui.theme == Theme::Dark ? 0 : 1;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("theme");
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  if (ImGui::RadioButton("dark", &theme, 0)) ui.theme = Theme::Dark, ui.fonts_dirty = true;
  ImGui::SameLine();
  if (ImGui::RadioButton("projector", &theme, 1)) ui.theme = Theme::Projector, ui.fonts_dirty = true;
  item_tooltip("A light theme with strong contrast for projectors (T)");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("UI scale");
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  ImGui::SetNextItemWidth(-1.f);
  if (ui.scale_edit == 0.f) ui.scale_edit = ui.ui_scale;
  ImGui::SliderFloat("##scale", &ui.scale_edit, 0.75f, 2.5f, "%.2fx", ImGuiSliderFlags_AlwaysClamp);
  // Rebuild the font when the slider is released, not on every drag step.
  if (ImGui::IsItemDeactivatedAfterEdit() && ui.scale_edit != ui.ui_scale) {
    ui.ui_scale = ui.scale_edit;
    ui.fonts_dirty = true;
  }
  if (!ImGui::IsItemActive()) ui.scale_edit = ui.ui_scale;
  item_tooltip("Font and widget size: the font is re-rasterised at this size (Ctrl + / Ctrl -)");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("line width");
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  ImGui::SetNextItemWidth(-1.f);
  ImGui::SliderFloat("##lines", &ui.line_scale, 0.5f, 4.f, "%.1fx", ImGuiSliderFlags_AlwaysClamp);
  item_tooltip("Thicker lines in the world view for the back row");
  if (ImGui::Button("Fit view (F)")) ui.fit_view = true;
  ImGui::SameLine();
  if (ImGui::Button("Hide UI (Tab)")) ui.hide_ui = true;
  ImGui::SameLine();
  if (ImGui::Button("Help (H)")) ui.show_help = true;
}

}  // namespace mbrl::gui
