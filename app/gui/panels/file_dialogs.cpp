#include "app/gui/panels/file_dialogs.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "engine/record/recording_io.hpp"
#include "engine/record/recording_lesson.hpp"

namespace mbrl::gui {

namespace fs = std::filesystem;

namespace {
const char* kTitles[] = {"", "Open recording", "Save recording", "Save as lesson"};

std::string stamped(const char* prefix, const char* ext) {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "-%Y%m%d-%H%M%S", std::localtime(&t));
  return prefix + std::string(buf) + ext;
}

void list_recordings(FileDialogState& f) {
  f.listing.clear();
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, std::string>> found;
  for (const auto& e : fs::directory_iterator(data_folder("recordings"), ec))
    if (e.path().extension() == ".mbrlrec") found.emplace_back(e.last_write_time(ec), e.path().string());
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < found.size() && i < 50; ++i) f.listing.push_back(found[i].second);
}

void start(FileDialogState& f, int which) {
  f.open = which;
  f.error.clear();
  f.done.clear();
  std::string path;
  if (which == 1) {
    list_recordings(f);
    path = f.listing.empty() ? data_folder("recordings") + "/" : f.listing.front();
  } else if (which == 2) {
    path = data_folder("recordings") + "/" + stamped("session", ".mbrlrec");
  } else {
    path = data_folder("lessons") + "/" + stamped("lesson", ".json");
  }
  std::snprintf(f.path, sizeof f.path, "%s", path.c_str());
}

// Makes the file's folder when it is one of ours (anything else must exist).
std::string prepare_folder(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  std::error_code ec;
  if (dir.empty() || fs::is_directory(dir, ec)) return "";
  if (dir.string().rfind(data_folder(""), 0) == 0 && fs::create_directories(dir, ec)) return "";
  return path + ": the folder " + dir.string() + " does not exist";
}
}  // namespace

std::string data_folder(const std::string& sub) {
  const char* home = std::getenv("HOME");
  std::string base = (home && *home ? std::string(home) : std::string(".")) + "/mbrl-playground";
  return sub.empty() ? base : base + "/" + sub;
}

void file_menu(UiState& ui) {
  if (ImGui::SmallButton("File")) ImGui::OpenPopup("##filemenu");
  item_tooltip("Open or save a recording of this session, save it as a lesson");
  if (ImGui::BeginPopup("##filemenu")) {
    if (ImGui::MenuItem("Open recording...")) start(ui.files, 1);
    if (ImGui::MenuItem("Save recording...")) start(ui.files, 2);
    if (ImGui::MenuItem("Save as lesson...")) start(ui.files, 3);
    ImGui::Separator();
    const TimelineState& t = ui.timeline;
    if (ImGui::MenuItem("Export...", "Ctrl+E")) {
      const bool captured = t.capture_from >= 0 && t.capture_to > t.capture_from;
      open_export_dialog(ui, captured ? t.capture_from : 0, captured ? t.capture_to : -1);
    }
    ImGui::EndPopup();
  }
}

bool file_dialogs(Session& session, UiState& ui) {
  FileDialogState& f = ui.files;
  if (f.open == 0) return false;
  const char* title = kTitles[f.open];
  if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.9f, ImGui::GetFontSize() * 44.f), 0.f));
  bool opened = false;
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    const float fs = ImGui::GetFontSize();
    if (f.open == 1) {
      ImGui::TextWrapped(
          "A recording (.mbrlrec) shows at once; it is re-simulated in the background, which "
          "brings its plans back and checks every step.");
      if (!f.listing.empty() && ImGui::BeginListBox("##recs", ImVec2(-1.f, fs * 7.f))) {
        for (const std::string& p : f.listing)
          if (ImGui::Selectable(p.c_str(), p == f.path)) std::snprintf(f.path, sizeof f.path, "%s", p.c_str());
        ImGui::EndListBox();
      }
    } else if (f.open == 2) {
      ImGui::TextWrapped(
          "The whole session: its setup, every event and every step (replay it with "
          "'mbrl-playground replay FILE').");
    } else {
      ImGui::TextWrapped(
          "A lesson that plays this session again: its setup, a run between events, each event; "
          "add captions by hand. 'mbrl-playground lesson check FILE' proves it still plays the "
          "recorded session.");
    }
    ImGui::SetNextItemWidth(-1.f);
    const bool enter = ImGui::InputText("##path", f.path, sizeof f.path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (!f.error.empty()) {
      ImGui::PushTextWrapPos(0.f);
      ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s", f.error.c_str());
      ImGui::PopTextWrapPos();
    }
    if (!f.done.empty()) {
      ImGui::PushTextWrapPos(0.f);
      ImGui::TextColored(ImVec4(0.f, 0.62f, 0.45f, 1.f), "%s", f.done.c_str());
      ImGui::PopTextWrapPos();
    }
    const char* verb = f.open == 1 ? "Open" : "Save";
    if (ImGui::Button(verb, ImVec2(fs * 6.f, 0)) || enter) {
      const std::string path = f.path;
      f.error.clear();
      f.done.clear();
      if (f.open == 1) {
        std::unique_ptr<Recording> rec;
        f.error = load_recording(path, rec);
        if (f.error.empty()) {
          session.open_recording(std::move(rec), fs::path(path).filename().string());
          opened = true;
          f.open = 0;
          ImGui::CloseCurrentPopup();
        }
      } else {
        f.error = prepare_folder(path);
        if (f.error.empty()) {
          const auto rec = session.recording();
          f.error = f.open == 2 ? save_recording(*rec, path) : save_recording_as_lesson(*rec, path);
        }
        if (f.error.empty()) f.done = "saved " + fs::absolute(path).string();
      }
    }
    ImGui::SameLine();
    if (ImGui::Button(f.done.empty() ? "Cancel" : "Close", ImVec2(fs * 6.f, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      f.open = 0;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  return opened;
}

}  // namespace mbrl::gui
