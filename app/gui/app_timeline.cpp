// The window's timeline: every session records, so any past step can be shown again from its
// stored frame (scrubbing never re-simulates). At a recorded step the scene is read-only; an
// edit there asks to continue live from that step, which re-simulates the session up to it.
#include <algorithm>
#include <cmath>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/gui/app.hpp"
#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/timeline_bar.hpp"

namespace mbrl::gui {

void App::show_frame(int64_t frame) {
  TimelineState& t = ui_.timeline;
  const auto rec = session_->recording();
  if (frame >= 0 && frame >= rec->last_frame() && !t.playing && !scrubbing()) return;  // already there, live
  if (frame < 0 || frame > rec->last_frame()) {                                        // live
    if (scrubbing()) std::swap(view_, live_);
    t.frame = -1;
    t.playing = false;
    hist_episode_ = -2;  // the plots' history follows the live episode again
    scrub_built_ = -2;
    return;
  }
  if (!scrubbing()) {
    session_->set_playing(false);  // the live session waits while the past is shown
    std::swap(view_, live_);
  }
  t.frame = std::max(frame, rec->first_detailed());
}

void App::open_recording(std::unique_ptr<Recording> rec, const std::string& name, int64_t at) {
  if (!session_) return;
  session_->open_recording(std::move(rec), name);
  if (at < 0) {
    pending_live_ = true;
    show_frame(0);
  } else {
    show_frame(at);
  }
}

void App::advance_playback(double frame_dt) {
  TimelineState& t = ui_.timeline;
  if (!t.playing || !scrubbing()) return;
  t.owed += frame_dt * double(t.speed) / std::max(1e-3, double(view_.dt));
  const int64_t n = int64_t(t.owed);
  if (n <= 0) return;
  t.owed -= double(n);
  const int64_t last = session_->recording()->last_frame();
  if (t.frame + n >= last) {
    show_frame(-1);  // the end of the recording: live again, paused
    return;
  }
  t.frame += n;
}

void App::timeline(float x, float y, float w, float h) {
  const auto rec = session_->recording();
  const TimelineCommands c =
      timeline_bar(ui_.timeline, *rec, session_->rebuild_status(), scrubbing() ? live_.step : view_.step, x, y, w, h);
  if (c.cancel_rebuild) {
    session_->cancel_rebuild();
    pending_live_ = false;
  }
  if (c.seek != -2) show_frame(c.seek);
  if (c.continue_here && scrubbing()) {
    session_->continue_from(ui_.timeline.frame);
    pending_live_ = true;
  }
  if (c.bookmark) session_->add_bookmark(scrubbing() ? ui_.timeline.frame : rec->last_frame(), "");
  if (c.export_range) open_export_dialog(ui_, ui_.timeline.capture_from, ui_.timeline.capture_to);
}

void App::scrub_input() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard) return;
  TimelineState& t = ui_.timeline;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  auto repeat = [](int key) { return ImGui::IsKeyPressed(key, true); };
  if (pressed(GLFW_KEY_P) || pressed(GLFW_KEY_SPACE)) {
    t.playing = !t.playing;
    t.owed = 0;
  }
  if (repeat(GLFW_KEY_LEFT)) show_frame(std::max<int64_t>(0, t.frame - 1));
  if (repeat(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_O)) show_frame(t.frame + 1);
  if (pressed(GLFW_KEY_HOME)) show_frame(0);
  if (pressed(GLFW_KEY_END) || pressed(GLFW_KEY_ESCAPE)) show_frame(-1);
  if (pressed(GLFW_KEY_B)) session_->add_bookmark(t.frame, "");
  if (pressed(GLFW_KEY_R)) ask_continue("a reset");
  if (pressed(GLFW_KEY_I)) ask_continue("a new plan");
  if (pressed(GLFW_KEY_TAB)) ui_.hide_ui = !ui_.hide_ui;
  if (pressed(GLFW_KEY_H) || pressed(GLFW_KEY_F1)) ui_.show_help = !ui_.show_help;
  if (pressed(GLFW_KEY_F)) ui_.fit_view = true;
  if (pressed(GLFW_KEY_F12)) ui_.screenshot_requested = true;
}

void App::ask_continue(const std::string& what) {
  ui_.timeline.ask_continue = true;
  ui_.timeline.ask_reason = what;
  ui_.timeline.playing = false;
}

void App::continue_dialog() {
  TimelineState& t = ui_.timeline;
  if (!t.ask_continue) return;
  const char* title = "Continue live from here?";
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.9f, ImGui::GetFontSize() * 32.f), 0.f));
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    const int64_t last = session_->recording()->last_frame();
    ImGui::TextWrapped(
        "This is step %lld of the recording: what you see here is read-only, so %s changes nothing yet.\n\n"
        "Continue live from here re-simulates the session from its start to this step (the same states, "
        "bit for bit) and goes on live from it; the %lld steps after it are dropped.",
        (long long)t.frame, t.ask_reason.c_str(), (long long)(last - t.frame));
    const float bw = ImGui::GetFontSize() * 9.f;
    if (ImGui::Button("Continue from here", ImVec2(bw, 0))) {
      session_->continue_from(t.frame);
      pending_live_ = true;
      t.ask_continue = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Back to live", ImVec2(bw, 0))) {
      show_frame(-1);
      t.ask_continue = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Stay here", ImVec2(bw * 0.8f, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      t.ask_continue = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

void App::scrub_banner() {
  TimelineState& t = ui_.timeline;
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextColored(ImVec4(0.34f, 0.71f, 0.91f, 1.f), "Recorded step %lld: the scene is read-only here.",
                     (long long)t.frame);
  ImGui::PopTextWrapPos();
  // Side by side when both labels fit, else one under the other (large UI scale).
  const ImGuiStyle& st = ImGui::GetStyle();
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool side = ImGui::CalcTextSize("Continue from here").x + ImGui::CalcTextSize("Back to live").x +
                        st.FramePadding.x * 4.f + st.ItemSpacing.x <
                    avail;
  const float bw = side ? (avail - st.ItemSpacing.x) * 0.5f : avail;
  if (ImGui::Button("Continue from here##banner", ImVec2(bw, 0))) {
    session_->continue_from(t.frame);
    pending_live_ = true;
  }
  if (side) ImGui::SameLine();
  if (ImGui::Button("Back to live##banner", ImVec2(bw, 0))) show_frame(-1);
  const auto rec = session_->recording();
  auto lk = rec->lock();
  if (const std::string note = rec->note(); !note.empty()) ImGui::TextDisabled("%s", note.c_str());
  if (!rec->plan_at(t.frame))
    ImGui::TextDisabled("no plan kept for this step (recordings keep the last plans; Continue plans again)");
  ImGui::Separator();
}

}  // namespace mbrl::gui
