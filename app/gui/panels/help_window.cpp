#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/plots/trace_plots.hpp"
#include "core/planners/registry.hpp"
#include "envs/registry.hpp"

namespace mbrl::gui {

namespace {
void row(const char* key, const char* what) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextUnformatted(key);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextWrapped("%s", what);
}
}  // namespace

void help_window(const SessionView& v, UiState& ui) {
  if (!ui.show_help) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(fs * 40.f, 0.f), ImGuiCond_Always);
  if (!ImGui::Begin("Welcome to mbrl-playground", &ui.show_help,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                        ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  const PlannerEntry* p = find_planner(v.planner_name);
  const EnvEntry* e = find_env(v.env_name);
  ImGui::TextWrapped(
      "A planner samples many action sequences, rolls each through a model of the world and "
      "scores it; the first action of the chosen plan is executed, and it plans again "
      "(model-predictive control). Everything it considered is drawn in the world view.");
  if (p && e) ImGui::TextDisabled("Now: %s on %s.", p->display_name.c_str(), e->display_name.c_str());
  ImGui::Spacing();
  ImGui::TextUnformatted("What you see");
  if (ImGui::BeginTable("overlays", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthFixed, fs * 9.f);
    ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch);
    row("samples",
        "Every sampled trajectory of the last plan. Bright = heavy MPPI weight exp(-S/lambda) or cheap "
        "cost rank; faint = ignored.");
    row("elites", "CEM: the best samples its Gaussian is refitted to. Step through refits with [ and ].");
    row("best sample", "The cheapest sample (random shooting executes its first action).");
    row("plan", "The plan returned, rolled through the model; the dots are its steps.");
    row("executed path", "Where the real system went.");
    row("learned model",
        "Model panel: plan through a learned ensemble instead (the MBRL loop, loop.version v0.5, "
        "v1.0 or v1.5: random data, then plans through the model, retrained as the version says). Its views are in the "
        "right column's "
        "Learned model tab.");
    row("ensemble fan",
        "Each member's prediction of the current plan, one colour per member: where they part, "
        "the model does not know.");
    row("ghosts",
        "A recorded start state and its actions replayed open-loop by each member, over what really "
        "happened: the compounding error.");
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Keys and mouse");
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthFixed, fs * 9.f);
    ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch);
    row("P / Space", "play / pause");
    row("O", "one environment step");
    row("I", "plan once more from the current state");
    row("R", "reset the episode (same seed)");
    row("[  ]", "previous / next CEM refit");
    row("Tab", "hide all panels (projector)");
    row("T", "dark / projector theme");
    row("Ctrl + / -", "UI scale");
    row("F", "fit the view");
    row("F12", "save a screenshot (PNG)");
    row("Ctrl E", "export the recording: GIF, MP4 or PNG frames");
    row("H", "this help");
    row("Left / Right", "back to a recorded step / the next one (every session records)");
    row("Home / End", "the first recorded step / back to live");
    row("B", "bookmark this step on the timeline");
    row("F9", "mark a range for export (again: stop)");
    row("left drag", "push the pendulum or cart, drag obstacles; click to move the goal");
    row("right drag, wheel", "pan, zoom");
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ImGui::Button("Start exploring", ImVec2(-1.f, 0.f))) ui.show_help = false;
  ImGui::End();
  if (!ui.show_help) ui.help_seen = true;
}

}  // namespace mbrl::gui
