#include <imgui.h>

#include "app/gui/overlays.hpp"
#include "app/gui/panels.hpp"
#include "app/gui/param_widgets.hpp"

namespace mbrl::gui {

void overlays_panel(Session& session, const SessionView& v, UiState& ui) {
  Overlays& o = ui.overlays;
  ImGui::Checkbox("samples", &o.samples);
  item_tooltip(
      "Every sampled trajectory of the last plan, as the model predicts it, mapped into the world "
      "(pendulum tip, cart-pole tip, point mass, hill car)");
  ImGui::SameLine(ImGui::GetFontSize() * 7.f);
  ImGui::Checkbox("elites", &o.elites);
  item_tooltip("CEM: the elite samples the distribution is refitted to");
  ImGui::Checkbox("best sample", &o.best);
  item_tooltip("The cheapest sample of the shown iteration (what random shooting executes)");
  ImGui::SameLine(ImGui::GetFontSize() * 7.f);
  ImGui::Checkbox("plan", &o.mean_plan);
  item_tooltip(
      "The plan the planner returned (MPPI: weighted mean; CEM: final mean; shooting: best), "
      "rolled through the model; dots are the steps");
  ImGui::Checkbox("executed path", &o.trail);
  item_tooltip("Where the real system actually went");

  const char* modes[] = {"auto", "MPPI weight", "cost rank"};
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("colour by");
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  ImGui::SetNextItemWidth(-1.f);
  ImGui::Combo("##colour", &o.color_mode, modes, 3);
  item_tooltip(
      "auto: MPPI colours samples by their weight exp(-S/lambda) (relative, over 3 decades); the "
      "other planners by cost rank (brightest = cheapest)");

  if (v.has_trace && v.trace.iterations_used > 1) {
    int it = o.cem_iteration < 0 ? v.trace.iterations_used : o.cem_iteration + 1;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("refit shown");
    ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
    ImGui::SetNextItemWidth(-1.f);
    if (ImGui::SliderInt("##iter", &it, 1, v.trace.iterations_used, "iteration %d"))
      o.cem_iteration = it == v.trace.iterations_used ? -1 : it - 1;
    item_tooltip(
        "CEM refits its Gaussian to the elites several times per plan: step through the iterations "
        "([ and ] keys) to watch the samples contract");
  }

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("drawn at most");
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  ImGui::SetNextItemWidth(-1.f);
  if (ImGui::SliderInt("##cap", &ui.trace_cap, 16, 20000, "%d samples",
                       ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    session.set_trace_cap(ui.trace_cap);
  item_tooltip(
      "Samples kept per iteration for drawing (the cheapest when the planner draws more). The planner "
      "itself always uses all of its samples.");
}

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
