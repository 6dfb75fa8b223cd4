#include <algorithm>

#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_edits.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "core/planners/registry.hpp"
#include "envs/registry.hpp"

namespace mbrl::gui {

void environment_panel(Session& session, SessionView& v, UiState& ui) {
  const EnvEntry* cur = find_env(v.env_name);
  ImGui::SetNextItemWidth(-1.f);
  if (ImGui::BeginCombo("##env", cur ? cur->display_name.c_str() : v.env_name.c_str())) {
    for (const EnvEntry& e : env_registry()) {
      if (ImGui::Selectable(e.display_name.c_str(), e.name == v.env_name)) {
        session.apply(Event::env(e.name));
        ui.fit_view = true;
        ui.history.clear();
      }
      item_tooltip(e.description.c_str());
    }
    ImGui::EndCombo();
  }
  if (cur) item_tooltip(cur->description.c_str());
  if (cur && ImGui::TreeNode("about", "About this task")) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled("%s", cur->description.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TreePop();
  }

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("seed");
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  if (ui.seed_episode != v.episode) ui.seed_edit = v.seed, ui.seed_episode = v.episode;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float buttons =
      ImGui::CalcTextSize("Reset").x + ImGui::CalcTextSize("Next").x + 4.f * st.FramePadding.x + 2.f * st.ItemSpacing.x;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 3.f, ImGui::GetContentRegionAvail().x - buttons));
  ImGui::InputScalar("##seed", ImGuiDataType_U64, &ui.seed_edit);
  item_tooltip(
      "Scenario seed: the start state (when the env perturbs it), the process noise and every sample "
      "derive from it, so the same seed replays the same episode.");
  ImGui::SameLine();
  if (ImGui::Button("Reset")) {
    session.apply(Event::reset(ui.seed_edit));
    ui.history.clear();
  }
  item_tooltip("New episode with this seed (R resets with the current one)");
  ImGui::SameLine();
  if (ImGui::Button("Next")) {
    session.apply(Event::reset(v.seed + 1));
    ui.history.clear();
  }
  item_tooltip("New episode with the next seed");

  if (!v.mpc_params.infos.empty()) {
    section("MPC");
    edit_params(session, v.mpc_params, "mpc");
  }
  if (!v.env_params.infos.empty()) {
    section("Physics and task");
    edit_params(session, v.env_params, "env");
    if (ImGui::Button("Defaults##env")) {
      reset_params(session, v.env_params, "env");
    }
    item_tooltip("Reset the environment's parameters to their defaults");
  }
}

}  // namespace mbrl::gui
