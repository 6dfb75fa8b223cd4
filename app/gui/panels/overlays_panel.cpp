#include <imgui.h>

#include "app/gui/render/overlays.hpp"
#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"

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

}  // namespace mbrl::gui
