#pragma once
// The window's panels, as free functions over the state they are handed (ImGui demo style).
// Each draws its content into the current ImGui window; edits go to the Session as commands.
#include <cstdint>

#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

class App;

// Play/pause, step, plan once, reset, speed, and the episode status line.
void controls_panel(Session& session, const SessionView& v, UiState& ui);
// Environment choice, seed, reset, process noise and MPC timing, the env's own parameters.
void environment_panel(Session& session, SessionView& v, UiState& ui);
// Planner choice, every parameter live (tooltips in the lectures' terms), reset to defaults.
void planner_panel(Session& session, SessionView& v, UiState& ui);
// Overlays and their colouring, CEM refit to show, samples kept for drawing.
void overlays_panel(Session& session, const SessionView& v, UiState& ui);
// Classroom: theme, UI scale (re-rasterises the font), line widths.
void view_panel(UiState& ui);
// h6's trace plots over the last plan and the episode history.
void plots_panel(const SessionView& v, UiState& ui);
// The bundled lessons by lecture; returns the file of the one the user chose to play ("" if none).
std::string lessons_panel(UiState& ui);
// The help window: shortcuts and what each overlay means (shown on first start).
void help_window(const SessionView& v, UiState& ui);
// The Export dialog (export_dialog.cpp). open_export_dialog() opens it on frames first..last of the
// session's recording (last -1: its last frame). export_dialog() draws it while open and advances a
// running export by about 25 ms of offscreen frames; call it once per window frame inside the ImGui
// frame (after the panels); it draws nothing in lesson mode.
void open_export_dialog(UiState& ui, int64_t first, int64_t last);
void export_dialog(App& app);

}  // namespace mbrl::gui
