#include "app/gui/panels/timeline_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/gui/panels/param_widgets.hpp"

namespace mbrl::gui {

namespace {
constexpr float kSpeeds[] = {0.25f, 0.5f, 1.f, 2.f, 4.f};

void refresh_markers(TimelineState& t, const Recording& rec) {
  if (t.markers_of == &rec && t.markers_entries == rec.entries().size()) return;
  if (t.markers_of != &rec) {
    t.markers.clear();
    t.markers_entries = 0;
  }
  t.markers_of = &rec;
  if (t.markers_entries > rec.entries().size()) {  // cut by a branch
    t.markers.clear();
    t.markers_entries = 0;
  }
  for (size_t i = t.markers_entries; i < rec.entries().size(); ++i) {
    const RecordEntry& e = rec.entries()[i];
    if (e.kind != RecordEntry::Kind::Event) continue;
    // A drag sends one event per mouse move: one marker per frame and kind.
    std::string what = rec.events()[e.index].describe();
    if (!t.markers.empty() && t.markers.back().first == e.position &&
        t.markers.back().second.substr(0, 5) == what.substr(0, 5))
      t.markers.back().second = what;
    else
      t.markers.emplace_back(e.position, std::move(what));
  }
  t.markers_entries = rec.entries().size();
}
}  // namespace

namespace {
float button_w(const char* label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImGui::CalcTextSize(label).x + st.FramePadding.x * 2.f + st.ItemSpacing.x;
}
// Whether transport, position and the other buttons fit on one row of width `w`.
bool one_row(float w) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float need = button_w("|<") + button_w("<") + button_w("Pause") + button_w(">") + ImGui::GetFontSize() * 4.5f +
                     st.ItemSpacing.x + button_w("Live") + button_w("Continue") + button_w("Bookmark") +
                     button_w("Stop rec");
  return need <= w - st.WindowPadding.x * 2.f;
}
}  // namespace

float timeline_height(float w) {
  // Two rows (transport, track), three when the buttons do not fit beside the transport.
  const int rows = one_row(w) ? 2 : 3;
  return ImGui::GetFrameHeightWithSpacing() * float(rows) + ImGui::GetStyle().WindowPadding.y * 2.f;
}

TimelineCommands timeline_bar(TimelineState& t, const Recording& rec, const RebuildStatus& rebuild, int64_t live_frame,
                              float x, float y, float w, float h) {
  TimelineCommands cmd;
  auto lk = rec.lock();
  refresh_markers(t, rec);
  const int64_t last = std::max<int64_t>(0, rec.last_frame());
  const bool scrubbed = t.frame >= 0;
  const int64_t shown = scrubbed ? std::min(t.frame, last) : last;
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  if (!ImGui::Begin("##timeline", nullptr, flags)) {
    ImGui::End();
    return cmd;
  }
  const float fs = ImGui::GetFontSize();
  // Row 1: transport, position, speed, live, bookmark, record.
  if (rebuild.running) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s: step %lld of %lld", rebuild.what.c_str(), (long long)rebuild.frame,
                  (long long)rebuild.target);
    ImGui::ProgressBar(rebuild.target > 0 ? float(rebuild.frame) / float(rebuild.target) : 0.f, ImVec2(w - fs * 8.f, 0),
                       buf);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) cmd.cancel_rebuild = true;
  } else {
    if (ImGui::Button("|<")) cmd.seek = 0;
    item_tooltip("The first recorded step (Home)");
    ImGui::SameLine();
    if (ImGui::Button("<")) cmd.seek = std::max<int64_t>(0, shown - 1);
    item_tooltip("One recorded step back (Left)");
    ImGui::SameLine();
    if (ImGui::Button(t.playing ? "Pause##tl" : "Play##tl")) {
      t.playing = !t.playing;
      if (t.playing && !scrubbed) cmd.seek = 0;  // play the recording from its start
      t.owed = 0;
    }
    item_tooltip("Play the recorded steps back (at the end the session is live again, paused)");
    ImGui::SameLine();
    if (ImGui::Button(">")) cmd.seek = shown + 1 > last ? -1 : shown + 1;
    item_tooltip("One recorded step forward (Right)");
    ImGui::SameLine();
    int si = 2;
    for (int i = 0; i < 5; ++i)
      if (std::abs(kSpeeds[i] - t.speed) < 1e-3f) si = i;
    ImGui::SetNextItemWidth(fs * 4.5f);
    if (ImGui::BeginCombo("##tlspeed", (std::to_string(kSpeeds[si]).substr(0, 4) + "x").c_str())) {
      for (int i = 0; i < 5; ++i) {
        char label[16];
        std::snprintf(label, sizeof label, "%gx", double(kSpeeds[i]));
        if (ImGui::Selectable(label, i == si)) t.speed = kSpeeds[i];
      }
      ImGui::EndCombo();
    }
    item_tooltip("Playback speed of the recorded steps");
    // The rest goes on this row when it fits, else on the next (narrow windows, large UI scale).
    if (one_row(w)) ImGui::SameLine();
    ImGui::BeginDisabled(!scrubbed);
    if (ImGui::Button("Live")) cmd.seek = -1;
    ImGui::EndDisabled();
    item_tooltip("Back to the live session (End)");
    ImGui::SameLine();
    ImGui::BeginDisabled(!scrubbed);
    if (ImGui::Button("Continue")) cmd.continue_here = true;
    ImGui::EndDisabled();
    item_tooltip(
        "Continue live from the shown step: the session is re-simulated from its start to here (the same "
        "states, bit for bit) and the steps after it are dropped");
    ImGui::SameLine();
    if (ImGui::Button("Bookmark")) cmd.bookmark = true;
    item_tooltip("Mark this step on the track (B); bookmarks are saved with the recording");
    ImGui::SameLine();
    if (ImGui::Button(t.capturing ? "Stop rec" : "Rec")) {
      if (!t.capturing) {
        t.capturing = true;
        t.capture_from = shown;
        t.capture_to = -1;
      } else {
        t.capturing = false;
        t.capture_to = last;
        cmd.export_range = true;
      }
    }
    item_tooltip("Mark a range for export: from now until Stop (F9); Stop opens the export dialog");
  }

  // Last row: where we are, then the track.
  char where[96];
  if (scrubbed)
    std::snprintf(where, sizeof where, "%lld / %lld", (long long)shown, (long long)last);
  else
    std::snprintf(where, sizeof where, "live %lld", (long long)live_frame);
  ImGui::AlignTextToFramePadding();
  const std::string note = rec.note();  // what the memory caps dropped, or that recording stopped
  if (note.empty())
    ImGui::TextUnformatted(where);
  else
    ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s !", where);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s%s%s", scrubbed ? "the recorded step shown, of the steps recorded" : "the live session's step",
                      note.empty() ? "" : "\n", note.c_str());
  ImGui::SameLine(ImGui::CalcTextSize("000000 / 000000").x + ImGui::GetStyle().WindowPadding.x +
                  ImGui::GetStyle().ItemSpacing.x);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float tw = ImGui::GetContentRegionAvail().x, th = ImGui::GetFrameHeight();
  ImGui::InvisibleButton("##track", ImVec2(std::max(1.f, tw), th));
  const bool hovered = ImGui::IsItemHovered();
  const auto to_x = [&](int64_t f) { return p0.x + tw * (last > 0 ? float(f) / float(last) : 1.f); };
  const auto to_frame = [&](float px) {
    return std::clamp<int64_t>(int64_t(std::lround((px - p0.x) / std::max(1.f, tw) * float(last))), 0, last);
  };
  const ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg), fill = ImGui::GetColorU32(ImGuiCol_SliderGrab),
              tick = ImGui::GetColorU32(ImGuiCol_PlotLines), mark = ImGui::GetColorU32(ImGuiCol_PlotHistogram),
              text = ImGui::GetColorU32(ImGuiCol_Text);
  const float cy = p0.y + th * 0.5f;
  dl->AddRectFilled(ImVec2(p0.x, cy - th * 0.18f), ImVec2(p0.x + tw, cy + th * 0.18f), track, th * 0.18f);
  if (rec.first_detailed() > 0)  // steps whose states the memory cap dropped: not shown
    dl->AddRectFilled(ImVec2(p0.x, cy - th * 0.18f), ImVec2(to_x(rec.first_detailed()), cy + th * 0.18f),
                      ImGui::GetColorU32(ImGuiCol_TextDisabled), th * 0.18f);
  const int64_t cap_to = t.capturing ? last : t.capture_to;
  if (t.capture_from >= 0 && cap_to >= t.capture_from)
    dl->AddRectFilled(ImVec2(to_x(t.capture_from), cy - th * 0.3f), ImVec2(to_x(cap_to), cy + th * 0.3f),
                      ImGui::GetColorU32(ImVec4(0.84f, 0.2f, 0.2f, 0.45f)));
  dl->AddRectFilled(ImVec2(p0.x, cy - th * 0.18f), ImVec2(to_x(shown), cy + th * 0.18f), fill, th * 0.18f);
  // Events: ticks; hover names the nearest ones.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::string hover_text;
  for (const auto& [f, what] : t.markers) {
    const float mx = to_x(f);
    dl->AddLine(ImVec2(mx, p0.y + 1.f), ImVec2(mx, p0.y + th * 0.32f), tick, 1.5f);
    if (hovered && std::abs(mouse.x - mx) < 4.f && hover_text.size() < 400)
      hover_text += "step " + std::to_string(f) + ": " + what + "\n";
  }
  for (const Bookmark& b : rec.bookmarks) {
    const float bx = to_x(b.frame);
    dl->AddTriangleFilled(ImVec2(bx - th * 0.25f, p0.y + th), ImVec2(bx + th * 0.25f, p0.y + th),
                          ImVec2(bx, p0.y + th * 0.6f), mark);
    if (hovered && std::abs(mouse.x - bx) < 5.f) hover_text += "bookmark at step " + std::to_string(b.frame) + "\n";
  }
  const float sx = to_x(shown);
  dl->AddCircleFilled(ImVec2(sx, cy), th * 0.3f, text);
  if (hovered) {
    if (hover_text.empty()) hover_text = "step " + std::to_string(to_frame(mouse.x)) + "\n";
    ImGui::SetTooltip("%s", hover_text.substr(0, hover_text.size() - 1).c_str());
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left) && !rebuild.running) {
    const int64_t f = to_frame(mouse.x);
    cmd.seek = f >= last && !scrubbed ? -2 : f;
    t.playing = false;
  }
  ImGui::End();
  return cmd;
}

}  // namespace mbrl::gui
