// The planner panel: planner choice, every parameter live, reset to defaults.
#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_edits.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "core/planners/registry.hpp"

namespace mbrl::gui {

void planner_panel(Session& session, SessionView& v, UiState& ui) {
  const PlannerEntry* cur = find_planner(v.planner_name);
  ImGui::SetNextItemWidth(-1.f);
  if (ImGui::BeginCombo("##planner", cur ? cur->display_name.c_str() : v.planner_name.c_str())) {
    for (const PlannerEntry& p : planner_registry()) {
      if (ImGui::Selectable(p.display_name.c_str(), p.name == v.planner_name)) {
        session.apply(Event::planner(p.name));
        ui.overlays.cem_iteration = -1;
        ui.history.clear();
      }
      item_tooltip(p.description.c_str());
    }
    ImGui::EndCombo();
  }
  if (cur && ImGui::TreeNode("about", "What does %s do?", cur->display_name.c_str())) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("%s", cur->description.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TreePop();
  }
  edit_params(session, v.planner_params, "planner");
  if (ImGui::Button("Reset to defaults")) session.apply(Event::planner_defaults());
  item_tooltip("The planner's defaults with this environment's recommended settings (horizon, samples, ...)");
}

}  // namespace mbrl::gui
