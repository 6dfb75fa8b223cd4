// The Export dialog: a range of the session's recording as a GIF, an MP4 or PNG frames, at a size
// of its own, with or without the panels, every Nth step. The export re-simulates the range on a
// worker thread (the live session goes on untouched) and draws a few frames offscreen per window
// frame (about 25 ms of them), with a progress bar and Cancel; the window never waits for it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <imgui.h>

#include "app/gui/app.hpp"
#include "app/gui/export/recording_export.hpp"
#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"

namespace mbrl::gui {

struct ExportDialog {
  bool open = false;
  int format = 0;  // 0 GIF, 1 MP4, 2 PNG frames
  char path[1024] = "";
  std::string dir;  // the default folder (default_export_dir)
  int preset = 0;   // kPresets, or kCustom
  int width = 960, height = 540;
  int every = 1;
  int fps = 25;
  bool panels = false;
  int64_t first = 0, last = -1;  // frames of the recording
  bool to_end = true;            // `last` follows the recording's last frame (the session goes on)
  std::unique_ptr<RecordingExport> job;
  std::string message;  // the last export's result or error
  bool error = false;
};

namespace {

struct Preset {
  const char* name;
  int w, h;
};
constexpr Preset kPresets[] = {{"960 x 540", 960, 540}, {"1280 x 720", 1280, 720}, {"1920 x 1080", 1920, 1080}};
constexpr int kCustom = 3;
constexpr const char* kExt[] = {"gif", "mp4", "png"};
constexpr int kGifFps[] = {50, 25, 20, 10};  // GIF delays are whole hundredths of a second
constexpr double kBudgetMs = 25.0;           // offscreen frames per window frame, at most about this long

// `path` with its extension replaced by `ext` (or added).
void set_extension(char* path, size_t size, const char* ext) {
  std::string p = path;
  const size_t slash = p.find_last_of('/');
  const size_t dot = p.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) p.resize(dot);
  p += std::string(".") + ext;
  std::snprintf(path, size, "%s", p.c_str());
}

int64_t recording_last_frame(App& app) {
  const std::shared_ptr<const Recording> rec = app.session().recording();
  if (!rec) return -1;
  auto lk = rec->lock();
  return rec->last_frame();
}

void start_export(App& app, ExportDialog& d) {
  d.message.clear();
  d.error = false;
  const std::shared_ptr<const Recording> rec = app.session().recording();
  if (!rec) {
    d.message = "there is no recording to export";
    d.error = true;
    return;
  }
  ExportSettings s;
  s.path = d.path;
  if (s.path.rfind("~/", 0) == 0)  // as a shell would: the home folder, not a folder named "~"
    if (const char* home = std::getenv("HOME")) s.path = home + s.path.substr(1);
  s.every = std::max(1, d.every);
  s.width = d.width;
  s.height = d.height;
  s.fps = d.fps;
  s.panels = d.panels;
  s.first = d.first;
  s.last = d.last;
  const UiState& ui = app.ui();
  RecordingExportOptions o;
  o.trace_cap = ui.trace_cap;
  o.theme = ui.theme;
  o.source = "window session";
  o.low_priority = true;  // the re-simulation yields to the window, as planning does
  const ExportLook look{s.width, s.height, s.panels, s.captions};
  app.begin_offscreen();
  d.job = std::make_unique<RecordingExport>();
  App* a = &app;
  const std::string err =
      d.job->start(*rec, s, o, [a, look](const SessionView& v, int, int) { a->render_offscreen(v, look); });
  if (!err.empty()) {
    d.job.reset();
    d.message = err;
    d.error = true;
  }
}

// A running export's frames for this window frame; its result once it ends.
void advance(ExportDialog& d) {
  if (!d.job || d.job->state() != RecordingExport::State::Running) return;
  d.job->pump(kBudgetMs);
  switch (d.job->state()) {
    case RecordingExport::State::Done:
      d.message = d.job->summary();
      d.error = false;
      break;
    case RecordingExport::State::Failed:
      d.message = d.job->error();
      d.error = true;
      break;
    case RecordingExport::State::Cancelled:
      d.message = "cancelled: nothing was written";
      d.error = false;
      break;
    default:
      break;
  }
}

}  // namespace

void open_export_dialog(UiState& ui, int64_t first, int64_t last) {
  if (!ui.export_dialog) ui.export_dialog = std::make_shared<ExportDialog>();
  ExportDialog& d = *ui.export_dialog;
  d.open = true;
  d.first = std::max<int64_t>(0, first);
  d.last = last;
  d.to_end = last < 0;
  d.path[0] = '\0';  // a fresh default name (made when the dialog is drawn: it needs the session's names)
  if (!(d.job && d.job->state() == RecordingExport::State::Running)) d.message.clear();
}

void export_dialog(App& app) {
  if (app.lesson_mode()) return;  // a lesson exports from the command line: lesson play NAME --export FILE
  // A copy of the pointer: drawing an offscreen frame swaps the App's UI state for a moment.
  const std::shared_ptr<ExportDialog> keep = app.ui().export_dialog;
  if (!keep) return;
  ExportDialog& d = *keep;
  advance(d);
  if (!d.open) return;
  const bool running = d.job && d.job->state() == RecordingExport::State::Running;
  const int64_t last_frame = recording_last_frame(app);
  if (d.dir.empty()) d.dir = default_export_dir();
  if (d.path[0] == '\0') {
    const std::string p = default_export_path(d.dir, app.view().env_name, app.view().planner_name, kExt[d.format]);
    std::snprintf(d.path, sizeof d.path, "%s", p.c_str());
  }
  if (running) {  // the range being exported
    d.first = d.job->range().first;
    d.last = d.job->range().last;
  } else if (d.to_end || d.last < 0 || d.last > last_frame) {
    d.last = std::max<int64_t>(0, last_frame);
  }
  d.first = std::clamp<int64_t>(d.first, 0, d.last);

  const float fs = ImGui::GetFontSize();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(fs * 32.f, 0.f), ImGuiCond_Always);  // height 0: fits its content
  if (!ImGui::Begin("Export", &d.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::BeginDisabled(running);
  // Format: the path's extension follows it.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("format");
  ImGui::SameLine(fs * 6.f);
  const char* formats[] = {"GIF", "MP4", "PNG frames"};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::RadioButton(formats[i], d.format == i)) {
      d.format = i;
      set_extension(d.path, sizeof d.path, kExt[i]);
      if (i == 0 && std::find(std::begin(kGifFps), std::end(kGifFps), d.fps) == std::end(kGifFps)) d.fps = 25;
    }
  }
  item_tooltip(
      "GIF: one palette from the theme, loops, at most 50 frames per second. MP4: H.264 through the ffmpeg "
      "program (without it: PNG frames and the command that makes the video). PNG frames: FILE-000000.png, ...");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("file");
  ImGui::SameLine(fs * 6.f);
  ImGui::SetNextItemWidth(-1.f);
  ImGui::InputText("##path", d.path, sizeof d.path);
  item_tooltip(d.path);
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextDisabled("default folder: %s", d.dir.c_str());
  ImGui::PopTextWrapPos();
  item_tooltip("$XDG_VIDEOS_DIR/mbrl-playground, else ~/Videos/mbrl-playground, else ./exports; made when needed");

  // Size: presets or custom (independent of the window).
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("size");
  ImGui::SameLine(fs * 6.f);
  ImGui::SetNextItemWidth(fs * 9.f);
  const char* preset_name = d.preset < kCustom ? kPresets[d.preset].name : "custom";
  if (ImGui::BeginCombo("##size", preset_name)) {
    for (int i = 0; i <= kCustom; ++i)
      if (ImGui::Selectable(i < kCustom ? kPresets[i].name : "custom", d.preset == i)) {
        d.preset = i;
        if (i < kCustom) d.width = kPresets[i].w, d.height = kPresets[i].h;
      }
    ImGui::EndCombo();
  }
  if (d.preset == kCustom) {
    ImGui::SameLine();
    int wh[2] = {d.width, d.height};
    ImGui::SetNextItemWidth(-1.f);
    if (ImGui::InputInt2("##wh", wh)) {
      d.width = std::clamp(wh[0], 16, 7680);
      d.height = std::clamp(wh[1], 16, 4320);
    }
    item_tooltip("Width x height in pixels (MP4: even numbers)");
  }
  // Every Nth step, frames per second.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("every");
  ImGui::SameLine(fs * 6.f);
  ImGui::SetNextItemWidth(fs * 7.f);
  if (ImGui::InputInt("##every", &d.every)) d.every = std::clamp(d.every, 1, 100000);
  item_tooltip("One frame every N steps of the episode");
  if (d.format != 2) {
    ImGui::SameLine();
    ImGui::TextUnformatted("fps");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 6.f);
    if (d.format == 0) {
      if (ImGui::BeginCombo("##fps", std::to_string(d.fps).c_str())) {
        for (int f : kGifFps)
          if (ImGui::Selectable(std::to_string(f).c_str(), d.fps == f)) d.fps = f;
        ImGui::EndCombo();
      }
      item_tooltip("GIF frame delays are whole hundredths of a second: 50, 25, 20 or 10 frames per second");
    } else if (ImGui::InputInt("##fps", &d.fps)) {
      d.fps = std::clamp(d.fps, 1, 120);
    }
  }
  ImGui::Checkbox("with the panels (else the world view alone)", &d.panels);
  // Range of frames.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("steps");
  ImGui::SameLine(fs * 6.f);
  const int64_t lo = 0, hi = std::max<int64_t>(0, last_frame);
  ImGui::SetNextItemWidth(fs * 7.f);
  ImGui::DragScalar("##first", ImGuiDataType_S64, &d.first, 1.f, &lo, &d.last, "%lld");
  ImGui::SameLine();
  ImGui::TextUnformatted("to");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 7.f);
  if (ImGui::DragScalar("##last", ImGuiDataType_S64, &d.last, 1.f, &d.first, &hi, "%lld")) d.to_end = d.last >= hi;
  item_tooltip("The last step exported (at the recording's end it follows the session as it goes on)");
  ImGui::SameLine();
  if (ImGui::SmallButton("all")) d.first = 0, d.last = hi, d.to_end = true;
  item_tooltip("The whole recording, to its end as it goes on");
  const int64_t count = (d.last - d.first) / std::max(1, d.every) + 1;
  ImGui::TextDisabled("%lld frames, %.1f s at %d fps (the recording has steps 0-%lld)", (long long)count,
                      double(count) / std::max(1, d.fps), d.fps, (long long)hi);
  ImGui::EndDisabled();

  ImGui::Separator();
  if (running) {
    const RecordingExport& j = *d.job;
    const float frac = float(j.frames_done()) / float(std::max<int64_t>(1, j.frames_total()));
    char overlay[128];
    if (j.frames_done() == 0 && j.frames_resimulated() < j.range().first)
      std::snprintf(overlay, sizeof overlay, "re-simulating to step %lld: %lld", (long long)j.range().first,
                    (long long)j.frames_resimulated());
    else
      std::snprintf(overlay, sizeof overlay, "%lld / %lld frames", (long long)j.frames_done(),
                    (long long)j.frames_total());
    ImGui::ProgressBar(frac, ImVec2(-fs * 6.f, 0.f), overlay);
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(-1.f, 0.f))) {
      d.job->cancel();
      d.message = "cancelled: nothing was written";
      d.error = false;
    }
  } else {
    if (ImGui::Button("Export", ImVec2(fs * 7.f, 0.f))) start_export(app, d);
    item_tooltip("Re-simulates the steps (the session goes on) and writes the file");
  }
  if (!d.message.empty()) {  // the last export's result or error, under the button
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextColored(d.error ? ImVec4(0.9f, 0.37f, 0.f, 1.f) : ImVec4(0.f, 0.62f, 0.45f, 1.f), "%s",
                       d.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

}  // namespace mbrl::gui
