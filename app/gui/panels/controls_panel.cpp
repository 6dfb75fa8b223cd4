#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"

namespace mbrl::gui {

void controls_panel(Session& session, const SessionView& v, UiState& ui) {
  const float w = ImGui::GetContentRegionAvail().x;
  const float bw = (w - 3 * ImGui::GetStyle().ItemSpacing.x) / 4.f;
  const bool playing = session.playing();
  if (ImGui::Button(playing ? "Pause" : "Play", ImVec2(bw, 0))) session.set_playing(!playing);
  item_tooltip("Play / pause the episode (P or Space)");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(bw, 0))) {
    session.set_playing(false);
    session.step_once();
  }
  item_tooltip("Execute one environment step with the current plan's first action (O)");
  ImGui::SameLine();
  if (ImGui::Button("Plan", ImVec2(bw, 0))) session.apply(Event::plan());
  item_tooltip(
      "Run the planner once more from the current state without stepping (I): watch the samples "
      "and the plan refine from the warm start");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(bw, 0))) session.apply(Event::reset(v.seed));
  item_tooltip("Start the episode again from the same seed (R)");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("speed");
  ImGui::SameLine(ImGui::GetFontSize() * 4.f);
  ImGui::BeginDisabled(ui.max_speed);
  ImGui::SetNextItemWidth(w - ImGui::GetFontSize() * 4.f - ImGui::GetFrameHeight() * 1.f - ImGui::GetFontSize() * 3.5f);
  ImGui::SliderFloat("##speed", &ui.speed, 0.05f, 4.f, "%.2fx real time",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  ImGui::EndDisabled();
  item_tooltip("Playback speed relative to the environment's real time (dt per step). Below 1: slow motion.");
  ImGui::SameLine();
  ImGui::Checkbox("max", &ui.max_speed);
  item_tooltip("As fast as planning allows: step as soon as each plan is ready");

  // Status: where the episode is and whether the planner keeps up.
  const double t = double(v.step) * double(v.dt);
  ImGui::TextDisabled("step %lld  (t = %.2f s)   plan %.1f ms", (long long)v.step, t, v.last_plan_ms);
  if (session.behind()) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "planner is behind: a plan takes %.0f ms, a step is %.0f ms",
                       std::max(v.last_plan_ms, v.planning_for_s * 1000.0), double(v.dt) * 1000.0);
    ImGui::PopTextWrapPos();
    item_tooltip(
        "Real time would need a new plan every step. The window keeps drawing; the environment waits "
        "for each plan (so the episode is the same as headless). Fewer samples or a shorter horizon "
        "make planning faster.");
  } else if (!playing) {
    ImGui::TextDisabled("paused");
  } else {
    ImGui::TextDisabled(ui.max_speed ? "running as fast as planning allows" : "running");
  }
}

}  // namespace mbrl::gui
