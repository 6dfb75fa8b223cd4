// The Lessons panel: the bundled lessons (assets/lessons) grouped by lecture, each with its title
// and learning goal; Play opens one in the window (App::open_lesson).
#include <imgui.h>

#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "engine/lesson/lesson_library.hpp"

namespace mbrl::gui {

std::string lessons_panel(UiState& ui) {
  if (!ui.lessons_loaded) {  // read once, when the panel is first opened
    ui.lessons_loaded = true;
    for (const std::string& f : bundled_lesson_files()) {
      Lesson l;
      if (!load_lesson(f, l).empty()) continue;  // `lesson check --all` names a bad one
      ui.lessons.push_back({l.meta.lecture, l.meta.id, l.meta.title, l.meta.goal, f});
    }
    std::stable_sort(ui.lessons.begin(), ui.lessons.end(),
                     [](const LessonEntry& a, const LessonEntry& b) { return a.lecture < b.lecture; });
  }
  if (ui.lessons.empty()) {
    ImGui::TextDisabled("no lessons found in %s", lessons_dir().c_str());
    return "";
  }
  std::string picked;
  std::string lecture = "-";
  for (size_t i = 0; i < ui.lessons.size(); ++i) {
    const LessonEntry& e = ui.lessons[i];
    if (e.lecture != lecture) {
      lecture = e.lecture;
      section(("lecture " + lecture).c_str());
    }
    ImGui::PushID(int(i));
    if (ImGui::SmallButton("Play")) picked = e.file;
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextUnformatted(e.title.c_str());
    ImGui::PopTextWrapPos();
    item_tooltip(e.goal.c_str());
    ImGui::PopID();
  }
  return picked;
}

}  // namespace mbrl::gui
