#pragma once
// The File menu: Open recording, Save recording, Save as lesson. Files go to a documented folder,
// ~/mbrl-playground/recordings and ~/mbrl-playground/lessons (made on demand; the full path is
// shown and can be edited). A bad file or path gives one line next to the field and changes
// nothing.
#include <memory>
#include <string>

#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

// ~/mbrl-playground/SUB ($HOME unset: ./mbrl-playground/SUB), not created.
std::string data_folder(const std::string& sub);

// The "File" button and its menu (in the side column's header).
void file_menu(UiState& ui);

// Draws the open dialog, if any. Returns true when a recording was opened into the session (the
// window then shows its first step).
bool file_dialogs(Session& session, UiState& ui);

}  // namespace mbrl::gui
